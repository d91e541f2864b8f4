// PickleMachine+Opcodes: the opcode loop — every opcode of protocols 0–5 either handled or refused with
// its byte offset; nothing imported is ever called.

extension PickleMachine {
    mutating func run() throws {
        while true {
            let at = cursor.offset
            let op = try cursor.read(UInt8.self)
            switch op {
            case 0x80: _ = try cursor.read(UInt8.self)  // PROTO
            case 0x95: _ = try cursor.read(UInt64.self)  // FRAME
            case 0x2E:  // STOP
                result = try pop(at)
                end = cursor.offset
                return
            case 0x28: marks.append(stack.count)  // MARK
            case 0x30: _ = try pop(at)  // POP
            case 0x31: _ = try popToMark(at)  // POP_MARK
            case 0x32: let v = try top(at); push(v, depth: depths.last ?? 0)  // DUP
            case 0x4E: push(.none)
            case 0x88: push(.bool(true))
            case 0x89: push(.bool(false))
            case 0x4A: push(.int(Int64(try cursor.read(Int32.self))))  // BININT
            case 0x4B: push(.int(Int64(try cursor.read(UInt8.self))))  // BININT1
            case 0x4D: push(.int(Int64(try cursor.read(UInt16.self))))  // BININT2
            case 0x8A: push(try long(UInt64(try cursor.read(UInt8.self))))  // LONG1
            case 0x8B: push(try long(UInt64(try cursor.read(UInt32.self))))  // LONG4
            case 0x49, 0x4C:  // INT, LONG (text)
                let s = try line().trimmingSuffix("L")
                if s == "00" { push(.bool(false)) } else if s == "01" { push(.bool(true)) } else { push(Int64(s).map(PickleValue.int) ?? .bigInt(bytes: s.count)) }
            case 0x47: push(.float(Double(bitPattern: try cursor.read(UInt64.self).byteSwapped)))  // BINFLOAT
            case 0x46: push(.float(Double(try line()) ?? .nan))  // FLOAT
            case 0x55, 0x8C: push(try text(UInt64(try cursor.read(UInt8.self))))  // SHORT_BINSTRING, SHORT_BINUNICODE
            case 0x54, 0x58: push(try text(UInt64(try cursor.read(UInt32.self))))  // BINSTRING, BINUNICODE
            case 0x8D: push(try text(try cursor.read(UInt64.self)))  // BINUNICODE8
            case 0x53, 0x56: push(.string(try line()))  // STRING, UNICODE (text)
            case 0x43: push(try binary(UInt64(try cursor.read(UInt8.self))))  // SHORT_BINBYTES
            case 0x42: push(try binary(UInt64(try cursor.read(UInt32.self))))  // BINBYTES
            case 0x8E, 0x96: push(try binary(try cursor.read(UInt64.self)))  // BINBYTES8, BYTEARRAY8
            case 0x29: push(.tuple([]), depth: 1)  // EMPTY_TUPLE
            case 0x85, 0x86, 0x87:  // TUPLE1..3
                var items: [PickleValue] = [], depth = 0
                for _ in 0..<Int(op - 0x84) { depth = max(depth, depths.last ?? 0); items.insert(try pop(at), at: 0) }
                try makeTuple(items, depth: depth, at)
            case 0x74: let (items, depth) = try popToMark(at); try makeTuple(items, depth: depth, at)  // TUPLE
            case 0x5D: push(.list(newList([])), depth: 1)  // EMPTY_LIST
            case 0x6C: let (items, _) = try popToMark(at); push(.list(newList(items)), depth: 1)  // LIST
            case 0x7D: push(.dict(newDict()), depth: 1)  // EMPTY_DICT
            case 0x64: let (items, _) = try popToMark(at); let d = newDict(); try fill(d, items, at); push(.dict(d), depth: 1)  // DICT
            case 0x8F: push(.opaque("set"), depth: 1)  // EMPTY_SET
            case 0x90: _ = try popToMark(at)  // ADDITEMS
            case 0x91: _ = try popToMark(at); push(.opaque("frozenset"), depth: 1)  // FROZENSET
            case 0x61:  // APPEND
                let v = try pop(at)
                if case .list(let l) = try top(at) { l.items.append(v) }
            case 0x65:  // APPENDS
                let (items, _) = try popToMark(at)
                if case .list(let l) = try top(at) { l.items += items }
            case 0x73:  // SETITEM
                let v = try pop(at), k = try pop(at)
                if case .dict(let d) = try top(at) { d.pairs.append((k, v)) }
            case 0x75:  // SETITEMS
                let (items, _) = try popToMark(at)
                if case .dict(let d) = try top(at) { try fill(d, items, at) }
            case 0x71: try remember(UInt64(try cursor.read(UInt8.self)), at)  // BINPUT
            case 0x72: try remember(UInt64(try cursor.read(UInt32.self)), at)  // LONG_BINPUT
            case 0x70:  // PUT
                guard let i = UInt64(try line()) else { throw fail(at, "PUT index is not a number") }
                try remember(i, at)
            case 0x94: try remember(UInt64(memo.count), at)  // MEMOIZE
            case 0x68: try recall(UInt64(try cursor.read(UInt8.self)), at)  // BINGET
            case 0x6A: try recall(UInt64(try cursor.read(UInt32.self)), at)  // LONG_BINGET
            case 0x67:  // GET
                guard let i = UInt64(try line()) else { throw fail(at, "GET index is not a number") }
                try recall(i, at)
            case 0x63:  // GLOBAL
                let module = try line(), name = try line()
                importName(module, name, at)
            case 0x93:  // STACK_GLOBAL
                let name = try pop(at), module = try pop(at)
                guard let m = module.stringValue, let n = name.stringValue else { throw fail(at, "STACK_GLOBAL of a non-string") }
                importName(m, n, at)
            case 0x69:  // INST: module, name, then arguments up to the mark
                let module = try line(), name = try line()
                importName(module, name, at)
                _ = try pop(at)  // the class importName pushed
                _ = try popToMark(at)
                push(.opaque(module + "." + name))
            case 0x6F:  // OBJ: class and arguments up to the mark
                let (items, _) = try popToMark(at)
                guard let cls = items.first else { throw fail(at, "OBJ without a class") }
                push(.opaque(callableName(cls)))
            case 0x81:  // NEWOBJ
                _ = try pop(at)
                push(.opaque(callableName(try pop(at))))
            case 0x92:  // NEWOBJ_EX
                _ = try pop(at); _ = try pop(at)
                push(.opaque(callableName(try pop(at))))
            case 0x52:  // REDUCE
                let args = try pop(at), callable = try pop(at)
                push(try reduce(callable, args, at), depth: 1)
            case 0x62: _ = try pop(at); _ = try top(at)  // BUILD: the state is not applied
            case 0x51:  // BINPERSID
                push(persistent(try pop(at)))
            case 0x50: push(.opaque("persistent id " + (try line())))  // PERSID
            case 0x82, 0x83, 0x84:  // EXT1, EXT2, EXT4: a callable from the copyreg extension registry
                let code: UInt32 = op == 0x82 ? UInt32(try cursor.read(UInt8.self))
                    : op == 0x83 ? UInt32(try cursor.read(UInt16.self)) : try cursor.read(UInt32.self)
                imports.append(PickleImport(name: "copyreg extension \(code)", offset: at, verdict: .unknown))
                push(.global("copyreg extension \(code)"))
            case 0x97, 0x98: throw fail(at, "out-of-band buffers (protocol 5) are not part of a checkpoint")
            default: throw fail(at, "unknown opcode 0x\(String(op, radix: 16))")
            }
        }
    }

    mutating func newList(_ items: [PickleValue]) -> PickleList {
        let l = PickleList(items)
        boxes.append(l)
        return l
    }

    mutating func newDict() -> PickleDict {
        let d = PickleDict()
        boxes.append(d)
        return d
    }

    func fill(_ d: PickleDict, _ items: [PickleValue], _ at: Int) throws(PyTorchError) {
        guard items.count % 2 == 0 else { throw fail(at, "odd number of items for a dict") }
        var i = 0
        while i < items.count {
            d.pairs.append((items[i], items[i + 1]))
            i += 2
        }
    }

    func callableName(_ v: PickleValue) -> String {
        if case .global(let g) = v { return g }
        if case .opaque(let o) = v { return o }
        return "call"
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
