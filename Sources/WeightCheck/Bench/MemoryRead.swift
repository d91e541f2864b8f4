// MemoryRead: the reference kernel of `bench` — a wrapping SIMD sum over a buffer, which does as little as
// a kernel can per byte, so its throughput is the memory read bandwidth every other kernel is measured against.

/// Reads every byte of `bytes` once and returns the wrapping sum of its native-endian 64-bit words (a tail
/// shorter than eight bytes is added byte by byte).
///
/// The loop keeps two `SIMD8<UInt64>` accumulators (128 bytes per step: eight independent 16-byte adds on
/// SSE2, all in registers) and is limited by the memory bus, not by the core.
///
/// - Complexity: O(n), no allocation.
public func memoryReadChecksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    guard let base = bytes.baseAddress else { return 0 }
    let count = bytes.count
    var a = SIMD8<UInt64>(), b = SIMD8<UInt64>()
    var i = 0
    while i &+ 128 <= count {  // i + 128 <= count: both 64-byte loads are in bounds
        a &+= base.loadUnaligned(fromByteOffset: i, as: SIMD8<UInt64>.self)
        b &+= base.loadUnaligned(fromByteOffset: i &+ 64, as: SIMD8<UInt64>.self)
        i &+= 128
    }
    var sum = (a &+ b).wrappedSum()
    while i &+ 8 <= count {  // i + 8 <= count: in bounds
        sum &+= base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        i &+= 8
    }
    while i < count {  // i < count: in bounds
        sum &+= UInt64(base.load(fromByteOffset: i, as: UInt8.self))
        i &+= 1
    }
    return sum
}

/// The slow twin of `memoryReadChecksum`: the same sum, one word at a time (tests hold the two equal).
func memoryReadChecksumScalar(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    var sum: UInt64 = 0
    var i = 0
    while i + 8 <= bytes.count {
        sum &+= bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        i += 8
    }
    while i < bytes.count {
        sum &+= UInt64(bytes[i])
        i += 1
    }
    return sum
}
