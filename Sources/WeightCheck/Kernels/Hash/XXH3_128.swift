// XXH3-128 with seed 0, one-shot and streaming; digests print as `xxhsum -H2` prints them.
// The algorithm lives in XXH3*.swift; this is the public face.

/// A streaming XXH3-128 hasher (seed 0, default secret), equal to xxHash's `XXH3_128bits`.
public struct XXH3_128: StreamingDigest, Sendable {
    private var stream: XXH3Stream

    /// A hasher with nothing fed yet, on the fastest stripe loop this CPU has.
    public init() {
        stream = XXH3Stream()
    }

    /// A hasher on the given stripe loop (tests hold the AVX2 kernel equal to its Swift twin).
    init(kernel: XXH3.Kernel) {
        stream = XXH3Stream(kernel: kernel)
    }

    /// Feeds the next `bytes` (any count, including zero).
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        stream.update(bytes)
    }

    /// The hash of everything fed so far as (high, low) 64-bit halves, leaving the hasher as it is.
    public var value: (high: UInt64, low: UInt64) { stream.digest128() }

    /// Returns the 16-byte digest (high half then low half, each big-endian: `xxhsum -H2`'s order)
    /// and resets the hasher.
    public mutating func finalize() -> [UInt8] {
        let v = value
        stream = XXH3Stream(kernel: stream.kernel)
        return XXH3_64.canonicalBytes(v.high) + XXH3_64.canonicalBytes(v.low)
    }

    /// XXH3-128 of `bytes` in one call, as (high, low) halves.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> (high: UInt64, low: UInt64) {
        hash(bytes, kernel: .best)
    }

    /// XXH3-128 of `bytes` in one call, on the given stripe loop.
    static func hash(_ bytes: UnsafeRawBufferPointer, kernel: XXH3.Kernel) -> (high: UInt64, low: UInt64) {
        XXH3.secret.withUnsafeBytes { secretBytes in
            let secret = secretBytes.baseAddress!
            if bytes.count <= XXH3.midSizeMax {
                return XXH3.hashShort128(bytes.baseAddress, bytes.count, secret)
            }
            // count > 240, so baseAddress is not nil.
            let acc = XXH3.accumulateLong(bytes.baseAddress!, bytes.count, secret, kernel)
            return XXH3.finish128(acc, UInt64(bytes.count), secret)
        }
    }

    /// XXH3-128 of `bytes` as its 16 canonical bytes.
    public static func digest(of bytes: UnsafeRawBufferPointer) -> [UInt8] {
        let v = hash(bytes)
        return XXH3_64.canonicalBytes(v.high) + XXH3_64.canonicalBytes(v.low)
    }
}
