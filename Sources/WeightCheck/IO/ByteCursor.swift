// ByteCursor: a bounds-checked reader over untrusted bytes. Every read checks the length first and
// every failure carries the byte offset where it happened, so parsers can say exactly where a file is bad.

/// A read that would run past the end of the bytes.
public struct OutOfBounds: Error, Sendable, Equatable {
    /// Absolute offset (from the start of the file) where the read began.
    public let offset: Int
    /// Bytes the read needed.
    public let needed: Int
    /// Bytes that were left.
    public let available: Int
}

/// A forward-only, bounds-checked reader of little- or big-endian values from a byte buffer.
///
/// Offsets reported by `offset` and by `OutOfBounds` are absolute: `base` is added to the position within
/// the buffer, so a cursor over part of a file still reports file offsets.
public struct ByteCursor {
    /// The bytes being read.
    public let bytes: UnsafeRawBufferPointer
    /// Position within `bytes`.
    public private(set) var position: Int
    /// Offset of `bytes[0]` within the file.
    public let base: Int
    /// Whether multi-byte values are big-endian.
    public var bigEndian: Bool

    /// A cursor over `bytes`, whose first byte sits at `base` in the file.
    public init(_ bytes: UnsafeRawBufferPointer, base: Int = 0, bigEndian: Bool = false) {
        self.bytes = bytes
        self.position = 0
        self.base = base
        self.bigEndian = bigEndian
    }

    /// Absolute offset of the next byte to be read.
    public var offset: Int { base + position }
    /// Bytes left to read.
    public var remaining: Int { bytes.count - position }

    /// Checks that `count` bytes are left, without moving.
    public func require(_ count: Int) throws(OutOfBounds) {
        if count < 0 || count > remaining {
            throw OutOfBounds(offset: offset, needed: count, available: remaining)
        }
    }

    /// Reads a fixed-width integer in the cursor's byte order.
    @inline(__always)
    public mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) throws(OutOfBounds) -> T {
        let n = MemoryLayout<T>.size
        try require(n)
        // Safe: `require` checked that n bytes remain at `position`.
        let raw = bytes.loadUnaligned(fromByteOffset: position, as: T.self)
        position &+= n
        return bigEndian ? T(bigEndian: raw) : T(littleEndian: raw)
    }

    /// Reads an IEEE 754 float in the cursor's byte order.
    public mutating func readFloat32() throws(OutOfBounds) -> Float { Float(bitPattern: try read(UInt32.self)) }
    /// Reads an IEEE 754 double in the cursor's byte order.
    public mutating func readFloat64() throws(OutOfBounds) -> Double { Double(bitPattern: try read(UInt64.self)) }

    /// Returns the next `count` bytes as a view (no copy) and moves past them.
    public mutating func take(_ count: Int) throws(OutOfBounds) -> UnsafeRawBufferPointer {
        try require(count)
        let view = UnsafeRawBufferPointer(rebasing: bytes[position..<(position + count)])
        position += count
        return view
    }

    /// Moves past `count` bytes.
    public mutating func skip(_ count: Int) throws(OutOfBounds) {
        try require(count)
        position += count
    }

    /// Moves to an absolute file offset inside the buffer.
    public mutating func seek(toOffset absolute: Int) throws(OutOfBounds) {
        let p = absolute - base
        if p < 0 || p > bytes.count { throw OutOfBounds(offset: absolute, needed: 0, available: 0) }
        position = p
    }
}
