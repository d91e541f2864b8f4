// PickleMachine: interprets pickle opcodes (protocols 0–5) without running anything. Imports are recorded
// and judged; only the few calls a state dict needs are made (rebuild a tensor, an OrderedDict); every
// other call yields an opaque value. Memo, stack, nesting and sizes are bounded.

/// One `GLOBAL`/`STACK_GLOBAL`/`INST` import (or extension-registry reference) met in a pickle.
public struct PickleImport: Sendable, Hashable {
    /// `module.name`.
    public let name: String
    /// Byte offset of the opcode in the file.
    public let offset: Int
    /// How it is judged.
    public let verdict: PickleImportVerdict
}

/// The allow-listed pickle interpreter.
public struct PickleMachine {
    /// Largest memo accepted (entries).
    public static let maxMemo = 1 << 20
    /// Deepest nesting of tuples accepted.
    public static let maxDepth = 1000
    /// Longest text line (protocol 0 arguments) and longest string kept, in bytes.
    public static let maxLine = 1 << 16

    /// The value STOP returned.
    public internal(set) var result: PickleValue = .none
    /// Every import, in order.
    public internal(set) var imports: [PickleImport] = []
    /// Byte offset just past STOP (where a following pickle would start).
    public internal(set) var end = 0

    var cursor: ByteCursor
    let file: String
    var stack: [PickleValue] = []
    var depths: [Int] = []
    var marks: [Int] = []
    var memo: [UInt64: (PickleValue, Int)] = [:]
    /// Every list and dict made, emptied when the machine is done so that releasing a deep chain never recurses.
    var boxes: [AnyObject] = []

    /// Why the machine stopped before STOP, if it did (imports met before it are kept).
    public private(set) var error: PyTorchError?

    /// Runs the pickle in `bytes` (which start at byte `base` of `file`) up to its STOP. Never throws: a
    /// pickle that cannot be read sets `error` (an unknown opcode, a stack underflow, a memo index not
    /// defined, nesting or memo past the bounds, bytes ending before STOP) and keeps the imports met so far.
    public init(_ bytes: UnsafeRawBufferPointer, base: Int = 0, file: String) {
        cursor = ByteCursor(bytes, base: base)
        self.file = file
        do {
            try run()
        } catch let e as OutOfBounds {
            teardown()
            error = PyTorchError(file: file, offset: e.offset, "pickle ends early at byte \(e.offset): need \(e.needed) bytes, have \(e.available)")
        } catch let e as PyTorchError {
            teardown()
            error = e
        } catch {
            teardown()
            self.error = PyTorchError(file: file, offset: cursor.offset, "unreadable pickle at byte \(cursor.offset)")
        }
    }

    /// Empties every container, so dropping the result releases nested values without deep recursion.
    mutating func teardown() {
        for case let l as PickleList in boxes { l.items.removeAll() }
        for case let d as PickleDict in boxes { d.pairs.removeAll() }
        boxes.removeAll()
        stack.removeAll()
        memo.removeAll()
    }

    /// Releases the containers this machine built (call once the result has been read).
    public mutating func release() {
        result = .none
        teardown()
    }

    func fail(_ at: Int, _ message: String) -> PyTorchError {
        PyTorchError(file: file, offset: at, "bad pickle at byte \(at): \(message)")
    }

    mutating func push(_ v: PickleValue, depth: Int = 0) {
        stack.append(v)
        depths.append(depth)
    }

    mutating func pop(_ at: Int) throws(PyTorchError) -> PickleValue {
        guard stack.count > (marks.last ?? 0) else { throw fail(at, "stack underflow") }
        depths.removeLast()
        return stack.removeLast()
    }

    mutating func popToMark(_ at: Int) throws(PyTorchError) -> (items: [PickleValue], depth: Int) {
        guard let m = marks.popLast(), m <= stack.count else { throw fail(at, "no mark to pop to") }
        let items = Array(stack[m...])
        let depth = depths[m...].max() ?? 0
        stack.removeSubrange(m...)
        depths.removeSubrange(m...)
        return (items, depth)
    }

    mutating func top(_ at: Int) throws(PyTorchError) -> PickleValue {
        guard let v = stack.last else { throw fail(at, "stack underflow") }
        return v
    }

    mutating func makeTuple(_ items: [PickleValue], depth: Int, _ at: Int) throws(PyTorchError) {
        guard depth < PickleMachine.maxDepth else { throw fail(at, "nesting deeper than \(PickleMachine.maxDepth)") }
        push(.tuple(items), depth: depth + 1)
    }

    mutating func remember(_ index: UInt64, _ at: Int) throws(PyTorchError) {
        guard let v = stack.last else { throw fail(at, "memoize with an empty stack") }
        if memo[index] == nil, memo.count >= PickleMachine.maxMemo {
            throw fail(at, "memo grows past \(PickleMachine.maxMemo) entries")
        }
        memo[index] = (v, depths.last ?? 0)
    }

    mutating func recall(_ index: UInt64, _ at: Int) throws(PyTorchError) {
        guard let (v, d) = memo[index] else { throw fail(at, "memo index \(index) is not defined") }
        push(v, depth: d)
    }

    mutating func importName(_ module: String, _ name: String, _ at: Int) {
        let dotted = module + "." + name
        imports.append(PickleImport(name: dotted, offset: at, verdict: PickleAllowList.verdict(dotted)))
        push(.global(dotted))
    }

    /// Reads a protocol-0 argument line (without its newline).
    mutating func line() throws -> String {
        let start = cursor.position
        var n = 0
        while true {
            let b = try cursor.read(UInt8.self)
            if b == 0x0A { break }
            n += 1
            if n > PickleMachine.maxLine { throw fail(cursor.base + start, "text argument longer than \(PickleMachine.maxLine) bytes") }
        }
        let view = UnsafeRawBufferPointer(rebasing: cursor.bytes[start..<(start + n)])
        return String(decoding: view, as: UTF8.self)
    }

    /// Reads `count` bytes of a string argument (kept only when short enough to be a name or key).
    mutating func text(_ count: UInt64) throws -> PickleValue {
        guard count <= UInt64(cursor.remaining) else {
            throw OutOfBounds(offset: cursor.offset, needed: Int(clamping: count), available: cursor.remaining)
        }
        let view = try cursor.take(Int(count))
        if count > UInt64(PickleMachine.maxLine) { return .bytes(Int(count)) }
        return .string(String(decoding: view, as: UTF8.self))
    }

    mutating func binary(_ count: UInt64) throws -> PickleValue {
        guard count <= UInt64(cursor.remaining) else {
            throw OutOfBounds(offset: cursor.offset, needed: Int(clamping: count), available: cursor.remaining)
        }
        try cursor.skip(Int(count))
        return .bytes(Int(count))
    }

    /// A little-endian two's-complement integer of `count` bytes (LONG1 / LONG4).
    mutating func long(_ count: UInt64) throws -> PickleValue {
        guard count <= UInt64(cursor.remaining) else {
            throw OutOfBounds(offset: cursor.offset, needed: Int(clamping: count), available: cursor.remaining)
        }
        let view = try cursor.take(Int(count))
        if count == 0 { return .int(0) }
        guard count <= 8 else { return .bigInt(bytes: Int(count)) }
        var v: UInt64 = 0
        for (i, b) in view.enumerated() { v |= UInt64(b) << (8 * UInt64(i)) }
        let shift = UInt64(64 - 8 * count)
        return .int(Int64(bitPattern: v << shift) >> Int64(shift))
    }
}
