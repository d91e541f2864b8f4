// XXH3 (xxHash 0.8, seed 0): constants, the default secret, mixing helpers and the 64-bit short-input paths.
// Follows xxHash's reference `xxhash.h` step for step; the 128-bit and long-input paths are in XXH3+*.swift.

/// Internal namespace for the XXH3 family; the public hashers are `XXH3_64` and `XXH3_128`.
enum XXH3 {
    static let prime32_1: UInt64 = 0x9E37_79B1
    static let prime32_2: UInt64 = 0x85EB_CA77
    static let prime32_3: UInt64 = 0xC2B2_AE3D
    static let prime64_1: UInt64 = 0x9E37_79B1_85EB_CA87
    static let prime64_2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    static let prime64_3: UInt64 = 0x1656_67B1_9E37_79F9
    static let prime64_4: UInt64 = 0x85EB_CA77_C2B2_AE63
    static let prime64_5: UInt64 = 0x27D4_EB2F_1656_67C5
    static let primeMX1: UInt64 = 0x1656_6791_9E37_79F9
    static let primeMX2: UInt64 = 0x9FB2_1C65_1E98_DF25

    /// Inputs up to this many bytes take the short paths; longer ones the stripe loop.
    static let midSizeMax = 240
    /// Bytes in the default secret.
    static let secretSize = 192

    /// The default secret (`XXH3_kSecret`, taken from FARSH).
    static let secret: [UInt8] = [
        0xb8, 0xfe, 0x6c, 0x39, 0x23, 0xa4, 0x4b, 0xbe, 0x7c, 0x01, 0x81, 0x2c, 0xf7, 0x21, 0xad, 0x1c,
        0xde, 0xd4, 0x6d, 0xe9, 0x83, 0x90, 0x97, 0xdb, 0x72, 0x40, 0xa4, 0xa4, 0xb7, 0xb3, 0x67, 0x1f,
        0xcb, 0x79, 0xe6, 0x4e, 0xcc, 0xc0, 0xe5, 0x78, 0x82, 0x5a, 0xd0, 0x7d, 0xcc, 0xff, 0x72, 0x21,
        0xb8, 0x08, 0x46, 0x74, 0xf7, 0x43, 0x24, 0x8e, 0xe0, 0x35, 0x90, 0xe6, 0x81, 0x3a, 0x26, 0x4c,
        0x3c, 0x28, 0x52, 0xbb, 0x91, 0xc3, 0x00, 0xcb, 0x88, 0xd0, 0x65, 0x8b, 0x1b, 0x53, 0x2e, 0xa3,
        0x71, 0x64, 0x48, 0x97, 0xa2, 0x0d, 0xf9, 0x4e, 0x38, 0x19, 0xef, 0x46, 0xa9, 0xde, 0xac, 0xd8,
        0xa8, 0xfa, 0x76, 0x3f, 0xe3, 0x9c, 0x34, 0x3f, 0xf9, 0xdc, 0xbb, 0xc7, 0xc7, 0x0b, 0x4f, 0x1d,
        0x8a, 0x51, 0xe0, 0x4b, 0xcd, 0xb4, 0x59, 0x31, 0xc8, 0x9f, 0x7e, 0xc9, 0xd9, 0x78, 0x73, 0x64,
        0xea, 0xc5, 0xac, 0x83, 0x34, 0xd3, 0xeb, 0xc3, 0xc5, 0x81, 0xa0, 0xff, 0xfa, 0x13, 0x63, 0xeb,
        0x17, 0x0d, 0xdd, 0x51, 0xb7, 0xf0, 0xda, 0x49, 0xd3, 0x16, 0x55, 0x26, 0x29, 0xd4, 0x68, 0x9e,
        0x2b, 0x16, 0xbe, 0x58, 0x7d, 0x47, 0xa1, 0xfc, 0x8f, 0xf8, 0xb8, 0xd1, 0x7a, 0xd0, 0x31, 0xce,
        0x45, 0xcb, 0x3a, 0x8f, 0x95, 0x16, 0x04, 0x28, 0xaf, 0xd7, 0xfb, 0xca, 0xbb, 0x4b, 0x40, 0x7e,
    ]

    // MARK: Reading and mixing

    /// Little-endian u32 at `p + offset`. Callers pass offsets inside the buffer they were given.
    @inline(__always)
    static func read32(_ p: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
    }

    /// Little-endian u64 at `p + offset`. Callers pass offsets inside the buffer they were given.
    @inline(__always)
    static func read64(_ p: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    @inline(__always)
    static func rotl64(_ x: UInt64, _ r: UInt64) -> UInt64 { (x &<< r) | (x &>> (64 &- r)) }

    /// The full 128-bit product of two u64, folded by xor of its halves.
    @inline(__always)
    static func mul128Fold64(_ lhs: UInt64, _ rhs: UInt64) -> UInt64 {
        let product = lhs.multipliedFullWidth(by: rhs)
        return product.low ^ product.high
    }

    @inline(__always)
    static func xxh64Avalanche(_ h: UInt64) -> UInt64 {
        var h = h
        h ^= h &>> 33
        h = h &* prime64_2
        h ^= h &>> 29
        h = h &* prime64_3
        h ^= h &>> 32
        return h
    }

    @inline(__always)
    static func avalanche(_ h: UInt64) -> UInt64 {
        var h = h ^ (h &>> 37)
        h = h &* primeMX1
        return h ^ (h &>> 32)
    }

    @inline(__always)
    static func rrmxmx(_ h: UInt64, _ length: UInt64) -> UInt64 {
        var h = h ^ rotl64(h, 49) ^ rotl64(h, 24)
        h = h &* primeMX2
        h ^= (h &>> 35) &+ length
        h = h &* primeMX2
        return h ^ (h &>> 28)
    }

    /// Mixes 16 input bytes at `input + i` with 16 secret bytes at `secret + s` (seed 0).
    @inline(__always)
    static func mix16B(_ input: UnsafeRawPointer, _ i: Int, _ secret: UnsafeRawPointer, _ s: Int) -> UInt64 {
        mul128Fold64(read64(input, i) ^ read64(secret, s), read64(input, i + 8) ^ read64(secret, s + 8))
    }

    // MARK: 64-bit short inputs (seed 0)

    /// XXH3-64 of `length` ≤ 240 bytes at `input`; `secret` is the 192-byte default secret.
    static func hashShort64(_ input: UnsafeRawPointer?, _ length: Int, _ secret: UnsafeRawPointer) -> UInt64 {
        guard let input, length > 0 else {
            return xxh64Avalanche(read64(secret, 56) ^ read64(secret, 64))
        }
        let len = UInt64(length)
        if length <= 3 {
            // Offsets 0, length / 2 and length - 1 are all < length.
            let c1 = UInt64(input.load(fromByteOffset: 0, as: UInt8.self))
            let c2 = UInt64(input.load(fromByteOffset: length >> 1, as: UInt8.self))
            let c3 = UInt64(input.load(fromByteOffset: length - 1, as: UInt8.self))
            let combined = (c1 << 16) | (c2 << 24) | c3 | (len << 8)
            let bitflip = (read32(secret, 0) ^ read32(secret, 4))
            return xxh64Avalanche(combined ^ bitflip)
        }
        if length <= 8 {
            // 4 <= length: reads at 0..<4 and length-4..<length.
            let input1 = read32(input, 0)
            let input2 = read32(input, length - 4)
            let bitflip = read64(secret, 8) ^ read64(secret, 16)
            let input64 = input2 &+ (input1 << 32)
            return rrmxmx(input64 ^ bitflip, len)
        }
        if length <= 16 {
            // 9 <= length: reads at 0..<8 and length-8..<length.
            let bitflip1 = read64(secret, 24) ^ read64(secret, 32)
            let bitflip2 = read64(secret, 40) ^ read64(secret, 48)
            let lo = read64(input, 0) ^ bitflip1
            let hi = read64(input, length - 8) ^ bitflip2
            let acc = len &+ lo.byteSwapped &+ hi &+ mul128Fold64(lo, hi)
            return avalanche(acc)
        }
        var acc = len &* prime64_1
        if length <= 128 {
            // 17 <= length: every read below is at i..<i+16 with 0 <= i <= length - 16.
            if length > 32 {
                if length > 64 {
                    if length > 96 {
                        acc = acc &+ mix16B(input, 48, secret, 96)
                        acc = acc &+ mix16B(input, length - 64, secret, 112)
                    }
                    acc = acc &+ mix16B(input, 32, secret, 64)
                    acc = acc &+ mix16B(input, length - 48, secret, 80)
                }
                acc = acc &+ mix16B(input, 16, secret, 32)
                acc = acc &+ mix16B(input, length - 32, secret, 48)
            }
            acc = acc &+ mix16B(input, 0, secret, 0)
            acc = acc &+ mix16B(input, length - 16, secret, 16)
            return avalanche(acc)
        }
        // 129...240: rounds read input 16 * i ..< 16 * i + 16 for i < length / 16, all inside.
        let rounds = length / 16
        for i in 0..<8 {
            acc = acc &+ mix16B(input, 16 * i, secret, 16 * i)
        }
        var accEnd = mix16B(input, length - 16, secret, 136 - 17)
        acc = avalanche(acc)
        for i in 8..<rounds {
            accEnd = accEnd &+ mix16B(input, 16 * i, secret, 16 * (i - 8) + 3)
        }
        return avalanche(acc &+ accEnd)
    }
}
