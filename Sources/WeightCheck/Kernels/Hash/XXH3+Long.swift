// XXH3's long-input loop (more than 240 bytes): 64-byte stripes accumulated into eight u64 lanes held in
// one SIMD8<UInt64>, a scramble every 16 stripes, and the final merge; shared by XXH3-64 and XXH3-128.

import CWeightKernels

extension XXH3 {
    /// How far ahead of the stripe being hashed the loop asks for data (bytes), as xxHash does.
    static let prefetchDistance = 2048
    /// Stripes per block with the 192-byte default secret: (192 - 64) / 8.
    static let stripesPerBlock = 16
    /// The accumulator's starting value (`XXH3_INIT_ACC`).
    static let initialAccumulator = SIMD8<UInt64>(
        prime32_3, prime64_1, prime64_2, prime64_3, prime64_4, prime32_2, prime64_5, prime32_1)

    /// Eight little-endian u64 at `p + offset`; callers pass 64 readable bytes there.
    @inline(__always)
    static func readLanes(_ p: UnsafeRawPointer, _ offset: Int) -> SIMD8<UInt64> {
        let v = p.loadUnaligned(fromByteOffset: offset, as: SIMD8<UInt64>.self)
        #if _endian(little)
        return v
        #else
        var s = v
        for i in 0..<8 { s[i] = s[i].byteSwapped }
        return s
        #endif
    }

    /// One stripe (`XXH3_accumulate_512`): 64 input bytes at `input`, keyed by 64 secret bytes `key`.
    @inline(__always)
    static func accumulateStripe(_ acc: SIMD8<UInt64>, _ input: UnsafeRawPointer, _ key: SIMD8<UInt64>)
        -> SIMD8<UInt64> {
        let data = readLanes(input, 0)
        let keyed = data ^ key
        let product = (keyed & 0xFFFF_FFFF) &* (keyed &>> 32)
        // Adjacent lanes swapped: lane i gets data[i ^ 1].
        let swapped = SIMD8<UInt64>(data[1], data[0], data[3], data[2], data[5], data[4], data[7], data[6])
        return acc &+ swapped &+ product
    }

    /// `XXH3_scrambleAcc` with the 64 secret bytes `key`.
    @inline(__always)
    static func scramble(_ acc: SIMD8<UInt64>, _ key: SIMD8<UInt64>) -> SIMD8<UInt64> {
        let mixed = (acc ^ (acc &>> 47)) ^ key
        return mixed &* prime32_1
    }

    /// Accumulates `count` whole stripes from `input`, continuing at stripe `stripeInBlock` of the current
    /// block and scrambling at each block's end, in Swift: the twin of the AVX2 kernel `XXH3.consumeStripes`
    /// picks when it can. Callers consume a stripe only when at least one more input byte follows it (the
    /// final stripe is `accumulateLastStripe`'s), which is what makes this equal to the reference's loop.
    ///
    /// - Precondition: `input` points at `count * 64` readable bytes; `0 <= stripeInBlock < 16`.
    @inline(__always)
    static func consumeStripesSwift(_ acc: SIMD8<UInt64>, _ stripeInBlock: inout Int, _ input: UnsafeRawPointer,
                               _ count: Int, _ secret: UnsafeRawPointer) -> SIMD8<UInt64> {
        var acc = acc
        var p = input
        var left = count
        var s = stripeInBlock
        let scrambleKey = readLanes(secret, secretSize - 64)
        while left > 0 {
            let n = min(left, stripesPerBlock - s)
            // s + n <= 16, so the key at 8 * (s + i) + 64 <= 192 stays inside the secret.
            for i in 0..<n {
                // A hint only: prefetching past the end of the input never faults.
                wc_prefetch(p + (64 * i + XXH3.prefetchDistance))
                acc = accumulateStripe(acc, p + 64 * i, readLanes(secret, 8 * (s + i)))
            }
            p += 64 * n
            left -= n
            s += n
            if s == stripesPerBlock {
                acc = scramble(acc, scrambleKey)
                s = 0
            }
        }
        stripeInBlock = s
        return acc
    }

    /// The final stripe, keyed at secret offset 192 - 64 - 7.
    @inline(__always)
    static func accumulateLastStripe(_ acc: SIMD8<UInt64>, _ input: UnsafeRawPointer,
                                     _ secret: UnsafeRawPointer) -> SIMD8<UInt64> {
        accumulateStripe(acc, input, readLanes(secret, secretSize - 64 - 7))
    }

    /// `XXH3_mergeAccs`: folds the eight lanes with 64 secret bytes at `secret + offset`.
    static func mergeAccumulators(_ acc: SIMD8<UInt64>, _ secret: UnsafeRawPointer, _ offset: Int,
                                  _ start: UInt64) -> UInt64 {
        var result = start
        for i in 0..<4 {
            result = result &+ mul128Fold64(acc[2 * i] ^ read64(secret, offset + 16 * i),
                                            acc[2 * i + 1] ^ read64(secret, offset + 16 * i + 8))
        }
        return avalanche(result)
    }

    /// The 64-bit result from final accumulators of an input of `length` bytes.
    static func finish64(_ acc: SIMD8<UInt64>, _ length: UInt64, _ secret: UnsafeRawPointer) -> UInt64 {
        mergeAccumulators(acc, secret, 11, length &* prime64_1)
    }

    /// The 128-bit result (high, low) from final accumulators of an input of `length` bytes.
    static func finish128(_ acc: SIMD8<UInt64>, _ length: UInt64,
                          _ secret: UnsafeRawPointer) -> (high: UInt64, low: UInt64) {
        let low = mergeAccumulators(acc, secret, 11, length &* prime64_1)
        let high = mergeAccumulators(acc, secret, secretSize - 64 - 11, ~(length &* prime64_2))
        return (high, low)
    }

    /// Final accumulators of a whole input of `length` > 240 bytes at `input` (`XXH3_hashLong_internal_loop`).
    @inline(never)
    static func accumulateLong(_ input: UnsafeRawPointer, _ length: Int, _ secret: UnsafeRawPointer,
                               _ kernel: Kernel) -> SIMD8<UInt64> {
        var stripeInBlock = 0
        // (length - 1) / 64 stripes each have at least one byte after them; the last 64 bytes end it.
        var acc = consumeStripes(initialAccumulator, &stripeInBlock, input, (length - 1) / 64, secret, kernel)
        acc = accumulateLastStripe(acc, input + (length - 64), secret)
        return acc
    }
}
