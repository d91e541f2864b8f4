// XXH64 (plain `xxhsum`, `-H1`): xxhsum's digests on every prefix length 0...4096, xxHash's sanity buffer and
// large buffers, one-shot and streamed in random chunks, and the lane loop held equal to a byte-wise slow twin.
import Testing
@testable import WeightCheck

@Suite struct XXH64Tests {
    @Test func knownValues() {
        #expect(XXH64.digest(of: UnsafeRawBufferPointer(start: nil, count: 0)).hexString == "ef46db3751d8e999")
        let abc = Array("abc".utf8).withUnsafeBytes { XXH64.digest(of: $0) }
        #expect(abc.hexString == "44bc2cf5ad770999")  // xxhsum 0.8.1 on a file holding "abc"
    }

    @Test func everyPrefixLengthMatchesXxhsum() {
        let fixtures = HashFixtures.shared
        let buffer = fixtures.prefixBuffer
        buffer.withUnsafeBytes { all in
            for row in fixtures.prefixSamples {
                let bytes = UnsafeRawBufferPointer(rebasing: all[0..<row.length])
                #expect(XXH64.digest(of: bytes).hexString == row.hex[.xxh64], "length \(row.length)")
                let chunked = streamed(XXH64(), bytes, seed: UInt64(row.length), maxChunk: 70)
                #expect(chunked.hexString == row.hex[.xxh64], "streamed, length \(row.length)")
            }
        }
        let listing = prefixListing(buffer, upTo: fixtures.maxPrefixLength) { XXH64.digest(of: $0) }
        #expect(listing.withUnsafeBytes { SHA256.hash($0) }.hexString == fixtures.prefixListingSHA256["xxh64"])
        let slow = prefixListing(buffer, upTo: fixtures.maxPrefixLength) { xxh64SlowTwin(Array($0)) }
        #expect(slow == listing)
        let streamedListing = prefixListing(buffer, upTo: fixtures.maxPrefixLength) {
            streamed(XXH64(), $0, seed: UInt64($0.count), maxChunk: 40)
        }
        #expect(streamedListing == listing)
    }

    @Test func largeAndSanityBuffersMatchXxhsum() {
        let fixtures = HashFixtures.shared
        for (buffer, rows) in [(fixtures.largeBuffer, fixtures.large), (fixtures.sanityBuffer, fixtures.sanity)] {
            buffer.withUnsafeBytes { all in
                for row in rows {
                    let bytes = UnsafeRawBufferPointer(rebasing: all[0..<row.length])
                    #expect(HashAlgorithm.xxh64.digest(of: bytes).hexString == row.hex[.xxh64], "length \(row.length)")
                    for maxChunk in [31, 5000, 300_000] {
                        let chunked = streamed(HashAlgorithm.xxh64.makeHasher(totalLength: row.length), bytes,
                                               seed: UInt64(row.length), maxChunk: maxChunk)
                        #expect(chunked.hexString == row.hex[.xxh64], "streamed \(maxChunk), length \(row.length)")
                    }
                }
            }
        }
    }

    @Test func valueDoesNotDisturbTheStream() {
        let buffer = splitmixBytes(seed: 9, count: 200)
        buffer.withUnsafeBytes { all in
            var h = XXH64()
            for i in 0..<200 {
                h.update(UnsafeRawBufferPointer(rebasing: all[i..<(i + 1)]))
                #expect(h.value == XXH64.hash(UnsafeRawBufferPointer(rebasing: all[0...i])), "length \(i + 1)")
            }
            _ = h.finalize()
            #expect(h.value == XXH64.hash(UnsafeRawBufferPointer(start: nil, count: 0)))
        }
    }
}

/// The slow twin: XXH64 written from the specification over an array, one byte at a time, no loads.
private func xxh64SlowTwin(_ input: [UInt8]) -> [UInt8] {
    let p1: UInt64 = 0x9E37_79B1_85EB_CA87, p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F, p3: UInt64 = 0x1656_67B1_9E37_79F9
    let p4: UInt64 = 0x85EB_CA77_C2B2_AE63, p5: UInt64 = 0x27D4_EB2F_1656_67C5
    func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }
    func word(_ at: Int, _ width: Int) -> UInt64 {
        (0..<width).reduce(UInt64(0)) { $0 | UInt64(input[at + $1]) << (8 * UInt64($1)) }
    }
    func round(_ acc: UInt64, _ lane: UInt64) -> UInt64 { rotl(acc &+ lane &* p2, 31) &* p1 }
    var h: UInt64
    var i = 0
    if input.count >= 32 {
        var v = [p1 &+ p2, p2, 0, 0 &- p1]
        while i + 32 <= input.count {
            for k in 0..<4 { v[k] = round(v[k], word(i + 8 * k, 8)) }
            i += 32
        }
        h = rotl(v[0], 1) &+ rotl(v[1], 7) &+ rotl(v[2], 12) &+ rotl(v[3], 18)
        for k in 0..<4 { h = (h ^ round(0, v[k])) &* p1 &+ p4 }
    } else {
        h = p5
    }
    h &+= UInt64(input.count)
    while i + 8 <= input.count { h = rotl(h ^ round(0, word(i, 8)), 27) &* p1 &+ p4; i += 8 }
    if i + 4 <= input.count { h = rotl(h ^ (word(i, 4) &* p1), 23) &* p2 &+ p3; i += 4 }
    while i < input.count { h = rotl(h ^ (UInt64(input[i]) &* p5), 11) &* p1; i += 1 }
    h = (h ^ (h >> 33)) &* p2
    h = (h ^ (h >> 29)) &* p3
    h ^= h >> 32
    return (0..<8).map { UInt8(truncatingIfNeeded: h >> (56 - 8 * UInt64($0))) }
}
