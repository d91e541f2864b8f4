// XXH3-64 with seed 0, one-shot and streaming; digests print as `xxhsum -H3` prints them.
// The algorithm lives in XXH3*.swift; this is the public face.

/// A streaming XXH3-64 hasher (seed 0, default secret), equal to xxHash's `XXH3_64bits`.
public struct XXH3_64: StreamingDigest, Sendable {
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

    /// The hash of everything fed so far, leaving the hasher as it is.
    public var value: UInt64 { stream.digest64() }

    /// Returns the 8-byte digest (the value big-endian, as `xxhsum` prints it) and resets the hasher.
    public mutating func finalize() -> [UInt8] {
        let v = value
        stream = XXH3Stream(kernel: stream.kernel)
        return XXH3_64.canonicalBytes(v)
    }

    /// XXH3-64 of `bytes` in one call.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        hash(bytes, kernel: .best)
    }

    /// XXH3-64 of `bytes` in one call, on the given stripe loop.
    static func hash(_ bytes: UnsafeRawBufferPointer, kernel: XXH3.Kernel) -> UInt64 {
        XXH3.secret.withUnsafeBytes { secretBytes in
            let secret = secretBytes.baseAddress!
            if bytes.count <= XXH3.midSizeMax {
                return XXH3.hashShort64(bytes.baseAddress, bytes.count, secret)
            }
            // count > 240, so baseAddress is not nil.
            let acc = XXH3.accumulateLong(bytes.baseAddress!, bytes.count, secret, kernel)
            return XXH3.finish64(acc, UInt64(bytes.count), secret)
        }
    }

    /// XXH3-64 of `bytes` as its 8 canonical (big-endian) bytes.
    public static func digest(of bytes: UnsafeRawBufferPointer) -> [UInt8] {
        canonicalBytes(hash(bytes))
    }

    static func canonicalBytes(_ v: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: v >> (56 - 8 * UInt64($0))) }
    }
}
