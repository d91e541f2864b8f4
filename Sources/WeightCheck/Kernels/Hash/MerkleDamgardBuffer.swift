// MerkleDamgardBuffer: the block buffering and final padding SHA-1 and SHA-256 share (FIPS 180-4 §5.1):
// whole 64-byte blocks go straight from the caller's bytes to the compression function; only a partial
// block is copied; the end is padded with 0x80, zeros and the big-endian bit length.

/// The partial block and length count of a 64-byte-block hash.
struct MerkleDamgardBuffer: Sendable {
    private var pending = SIMD64<UInt8>()
    private var pendingCount = 0
    private var totalBytes: UInt64 = 0

    /// Feeds `bytes`, calling `compress(pointer, blockCount)` on whole blocks in order.
    @inline(__always)
    mutating func update(_ bytes: UnsafeRawBufferPointer, _ compress: (UnsafeRawPointer, Int) -> Void) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        // Wrapping is the spec: the length is counted modulo 2^64 bits.
        totalBytes = totalBytes &+ UInt64(bytes.count)
        var offset = 0
        if pendingCount > 0 {
            let take = min(64 - pendingCount, bytes.count)
            withUnsafeMutableBytes(of: &pending) { buf in
                // pendingCount + take <= 64 = buf.count, and take <= bytes.count.
                buf.baseAddress!.advanced(by: pendingCount).copyMemory(from: base, byteCount: take)
            }
            pendingCount += take
            offset = take
            guard pendingCount == 64 else { return }
            withUnsafeBytes(of: pending) { compress($0.baseAddress!, 1) }
            pendingCount = 0
        }
        let blocks = (bytes.count - offset) / 64
        if blocks > 0 {
            // offset + blocks * 64 <= bytes.count by the division above.
            compress(base + offset, blocks)
            offset += blocks * 64
        }
        let rest = bytes.count - offset
        if rest > 0 {
            withUnsafeMutableBytes(of: &pending) { buf in
                // rest < 64 = buf.count: what is left after taking whole blocks.
                buf.baseAddress!.copyMemory(from: base + offset, byteCount: rest)
            }
            pendingCount = rest
        }
    }

    /// Pads what is pending (0x80, zeros, the big-endian bit length), compresses the last one or two blocks,
    /// and empties the buffer.
    mutating func finish(_ compress: (UnsafeRawPointer, Int) -> Void) {
        var tail = (SIMD64<UInt8>(), SIMD64<UInt8>())
        let bitLength = totalBytes &<< 3  // modulo 2^64 bits, as the spec says
        let tailCount = pendingCount < 56 ? 64 : 128
        let pendingBytes = pendingCount
        withUnsafeMutableBytes(of: &tail) { out in
            withUnsafeBytes(of: pending) { src in
                // pendingBytes < 64 <= out.count.
                out.baseAddress!.copyMemory(from: src.baseAddress!, byteCount: pendingBytes)
            }
            out[pendingBytes] = 0x80
            // tailCount - 8 >= pendingBytes + 1 by the choice of tailCount.
            out.storeBytes(of: bitLength.bigEndian, toByteOffset: tailCount - 8, as: UInt64.self)
        }
        withUnsafeBytes(of: tail) { compress($0.baseAddress!, tailCount / 64) }
        self = MerkleDamgardBuffer()
    }
}
