// The streaming core shared by XXH3_64 and XXH3_128: a 256-byte buffer in front of the stripe loop.
// Stripes are consumed only when more input is known to follow, so any chunking equals the one-shot hash.

/// 256 bytes of inline storage (no heap allocation per hasher).
typealias XXH3Buffer = (SIMD64<UInt8>, SIMD64<UInt8>, SIMD64<UInt8>, SIMD64<UInt8>)

/// The state behind both XXH3 hashers (seed 0, default secret).
struct XXH3Stream: Sendable {
    static let bufferSize = 256

    /// The stripe loop this stream runs.
    let kernel: XXH3.Kernel

    /// Accumulators of every stripe consumed so far.
    var acc = XXH3.initialAccumulator
    /// The next stripe's position in its 16-stripe block.
    var stripeInBlock = 0
    /// Bytes fed so far.
    var totalLength: UInt64 = 0
    /// Bytes not yet consumed (1...256 once anything is consumed; the whole input while it is ≤ 256).
    var buffer: XXH3Buffer = (SIMD64(), SIMD64(), SIMD64(), SIMD64())
    var bufferedCount = 0
    /// The 64 bytes just before `buffer`'s content, for a final stripe that straddles the two.
    var previousStripe = SIMD64<UInt8>()

    /// An empty stream whose stripes `kernel` accumulates (the fastest this CPU has, by default).
    init(kernel: XXH3.Kernel = .best) {
        self.kernel = kernel
    }

    /// Feeds the next `bytes`.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        // A byte count fits in UInt64, and 2^64 bytes are never fed.
        totalLength = totalLength &+ UInt64(bytes.count)
        var input = base
        var left = bytes.count
        if bufferedCount + left <= XXH3Stream.bufferSize {
            let at = bufferedCount
            withUnsafeMutableBytes(of: &buffer) { buf in
                // at + left <= 256 = buf.count (checked just above).
                buf.baseAddress!.advanced(by: at).copyMemory(from: input, byteCount: left)
            }
            bufferedCount += left
            return
        }
        XXH3.secret.withUnsafeBytes { secretBytes in
            let secret = secretBytes.baseAddress!
            if bufferedCount > 0 {
                // Fill the buffer and consume it whole: at least one input byte is still to come.
                let fill = XXH3Stream.bufferSize - bufferedCount
                let at = bufferedCount
                var a = acc
                var s = stripeInBlock
                withUnsafeMutableBytes(of: &buffer) { buf in
                    // at + fill = 256 = buf.count, and fill < left by the test above.
                    buf.baseAddress!.advanced(by: at).copyMemory(from: input, byteCount: fill)
                    a = XXH3.consumeStripes(a, &s, buf.baseAddress!, XXH3Stream.bufferSize / 64, secret, kernel)
                }
                acc = a
                stripeInBlock = s
                previousStripe = buffer.3
                input += fill
                left -= fill
                bufferedCount = 0
            }
            if left > XXH3Stream.bufferSize {
                // Every stripe that has at least one byte after it; 1...64 bytes remain.
                let stripes = (left - 1) / 64
                var s = stripeInBlock
                acc = XXH3.consumeStripes(acc, &s, input, stripes, secret, kernel)
                stripeInBlock = s
                // stripes >= 4, so the 64 bytes before input + 64 * stripes are inside the input.
                previousStripe = (input + (64 * stripes - 64)).loadUnaligned(as: SIMD64<UInt8>.self)
                input += 64 * stripes
                left -= 64 * stripes
            }
        }
        let remaining = left
        withUnsafeMutableBytes(of: &buffer) { buf in
            // remaining <= 256 = buf.count: either left was <= 256 or it was cut to 1...64 just above.
            buf.baseAddress!.copyMemory(from: input, byteCount: remaining)
        }
        bufferedCount = remaining
    }

    /// The 64-bit digest of everything fed (the state is left as it was).
    func digest64() -> UInt64 {
        XXH3.secret.withUnsafeBytes { secretBytes in
            let secret = secretBytes.baseAddress!
            if totalLength <= UInt64(XXH3.midSizeMax) {
                return withUnsafeBytes(of: buffer) { XXH3.hashShort64($0.baseAddress!, bufferedCount, secret) }
            }
            return XXH3.finish64(finalAccumulators(secret), totalLength, secret)
        }
    }

    /// The 128-bit digest (high, low) of everything fed (the state is left as it was).
    func digest128() -> (high: UInt64, low: UInt64) {
        XXH3.secret.withUnsafeBytes { secretBytes in
            let secret = secretBytes.baseAddress!
            if totalLength <= UInt64(XXH3.midSizeMax) {
                return withUnsafeBytes(of: buffer) { XXH3.hashShort128($0.baseAddress!, bufferedCount, secret) }
            }
            return XXH3.finish128(finalAccumulators(secret), totalLength, secret)
        }
    }

    /// Accumulators after the buffered bytes and the final stripe, for a total length above 240.
    private func finalAccumulators(_ secret: UnsafeRawPointer) -> SIMD8<UInt64> {
        var a = acc
        var s = stripeInBlock
        let count = bufferedCount
        if count >= 64 {
            withUnsafeBytes(of: buffer) { buf in
                // (count - 1) / 64 stripes and the 64 bytes ending at count all lie in buf[0..<count].
                a = XXH3.consumeStripes(a, &s, buf.baseAddress!, (count - 1) / 64, secret, kernel)
                a = XXH3.accumulateLastStripe(a, buf.baseAddress! + (count - 64), secret)
            }
        } else {
            // count >= 1 here (a long input always leaves bytes buffered) and previousStripe holds the 64
            // bytes before them: the last stripe is its last 64 - count bytes, then the buffered ones.
            var last = SIMD64<UInt8>()
            withUnsafeMutableBytes(of: &last) { out in
                withUnsafeBytes(of: previousStripe) { prev in
                    out.baseAddress!.copyMemory(from: prev.baseAddress! + count, byteCount: 64 - count)
                }
                withUnsafeBytes(of: buffer) { buf in
                    out.baseAddress!.advanced(by: 64 - count).copyMemory(from: buf.baseAddress!, byteCount: count)
                }
            }
            withUnsafeBytes(of: last) { a = XXH3.accumulateLastStripe(a, $0.baseAddress!, secret) }
        }
        return a
    }
}
