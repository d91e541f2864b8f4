// XXH3-128 (seed 0) of inputs up to 240 bytes: the 0, 1–3, 4–8, 9–16, 17–128 and 129–240 byte paths.
// Transcribed from xxHash's reference `XXH3_len_*_128b`; results are (high, low) halves.

extension XXH3 {
    /// Mixes two 16-byte input lanes into a 128-bit accumulator (`XXH128_mix32B`, seed 0).
    @inline(__always)
    static func mix32B(_ acc: (high: UInt64, low: UInt64), _ input: UnsafeRawPointer, _ i1: Int, _ i2: Int,
                       _ secret: UnsafeRawPointer, _ s: Int) -> (high: UInt64, low: UInt64) {
        var low = acc.low &+ mix16B(input, i1, secret, s)
        low ^= read64(input, i2) &+ read64(input, i2 + 8)
        var high = acc.high &+ mix16B(input, i2, secret, s + 16)
        high ^= read64(input, i1) &+ read64(input, i1 + 8)
        return (high, low)
    }

    /// XXH3-128 of `length` ≤ 240 bytes at `input`; `secret` is the 192-byte default secret.
    static func hashShort128(_ input: UnsafeRawPointer?, _ length: Int,
                             _ secret: UnsafeRawPointer) -> (high: UInt64, low: UInt64) {
        guard let input, length > 0 else {
            let bitflipl = read64(secret, 64) ^ read64(secret, 72)
            let bitfliph = read64(secret, 80) ^ read64(secret, 88)
            return (xxh64Avalanche(bitfliph), xxh64Avalanche(bitflipl))
        }
        let len = UInt64(length)
        if length <= 3 {
            // Offsets 0, length / 2 and length - 1 are all < length.
            let c1 = UInt32(input.load(fromByteOffset: 0, as: UInt8.self))
            let c2 = UInt32(input.load(fromByteOffset: length >> 1, as: UInt8.self))
            let c3 = UInt32(input.load(fromByteOffset: length - 1, as: UInt8.self))
            let combinedl = (c1 << 16) | (c2 << 24) | c3 | (UInt32(length) << 8)
            let swapped = combinedl.byteSwapped
            let combinedh = (swapped &<< 13) | (swapped &>> 19)
            let bitflipl = read32(secret, 0) ^ read32(secret, 4)
            let bitfliph = read32(secret, 8) ^ read32(secret, 12)
            return (xxh64Avalanche(UInt64(combinedh) ^ bitfliph), xxh64Avalanche(UInt64(combinedl) ^ bitflipl))
        }
        if length <= 8 {
            // 4 <= length: reads at 0..<4 and length-4..<length.
            let inputLo = read32(input, 0)
            let inputHi = read32(input, length - 4)
            let input64 = inputLo &+ (inputHi << 32)
            let bitflip = read64(secret, 16) ^ read64(secret, 24)
            let keyed = input64 ^ bitflip
            let m = keyed.multipliedFullWidth(by: prime64_1 &+ (len << 2))
            var high = m.high &+ (m.low << 1)
            var low = m.low ^ (high &>> 3)
            low ^= low &>> 35
            low = low &* primeMX2
            low ^= low &>> 28
            high = avalanche(high)
            return (high, low)
        }
        if length <= 16 {
            // 9 <= length: reads at 0..<8 and length-8..<length.
            let bitflipl = read64(secret, 32) ^ read64(secret, 40)
            let bitfliph = read64(secret, 48) ^ read64(secret, 56)
            let inputLo = read64(input, 0)
            var inputHi = read64(input, length - 8)
            let m = (inputLo ^ inputHi ^ bitflipl).multipliedFullWidth(by: prime64_1)
            var mLow = m.low &+ ((len &- 1) << 54)
            inputHi ^= bitfliph
            let mHigh = m.high &+ inputHi &+ (inputHi & 0xFFFF_FFFF) &* (prime32_2 &- 1)
            mLow ^= mHigh.byteSwapped
            let h = mLow.multipliedFullWidth(by: prime64_2)
            let high = h.high &+ mHigh &* prime64_2
            return (avalanche(high), avalanche(h.low))
        }
        var acc: (high: UInt64, low: UInt64) = (0, len &* prime64_1)
        if length <= 128 {
            // 17 <= length: each lane read is at i..<i+16 with 0 <= i <= length - 16.
            if length > 32 {
                if length > 64 {
                    if length > 96 {
                        acc = mix32B(acc, input, 48, length - 64, secret, 96)
                    }
                    acc = mix32B(acc, input, 32, length - 48, secret, 64)
                }
                acc = mix32B(acc, input, 16, length - 32, secret, 32)
            }
            acc = mix32B(acc, input, 0, length - 16, secret, 0)
        } else {
            // 129...240: lanes 32 * i ..< 32 * i + 32 for i < length / 32 lie inside the input.
            let rounds = length / 32
            for i in 0..<4 {
                acc = mix32B(acc, input, 32 * i, 32 * i + 16, secret, 32 * i)
            }
            acc = (avalanche(acc.high), avalanche(acc.low))
            for i in 4..<rounds {
                acc = mix32B(acc, input, 32 * i, 32 * i + 16, secret, 3 + 32 * (i - 4))
            }
            // The last bytes, with seed 0 - 0 = 0.
            acc = mix32B(acc, input, length - 16, length - 32, secret, 136 - 17 - 16)
        }
        let low = acc.low &+ acc.high
        let high = (acc.low &* prime64_1) &+ (acc.high &* prime64_4) &+ (len &* prime64_2)
        return (0 &- avalanche(high), avalanche(low))
    }
}
