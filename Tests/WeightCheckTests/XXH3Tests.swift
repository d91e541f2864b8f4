// XXH3-64 and XXH3-128: FORMATS.md's sanity vectors, and xxhsum's digests on every prefix length 0...4096,
// xxHash's sanity buffer and large buffers, one-shot and streamed in random chunks.
import Testing
@testable import WeightCheck

@Suite struct XXH3Tests {
    @Test func sanityVectorsFromFormats() {
        let buffer = HashFixtures.shared.sanityBuffer
        buffer.withUnsafeBytes { all in
            let cases: [(Int, UInt64)] = [(0, 0x2D06_8005_38D3_94C2), (2048, 0xDD59_E2C3_A5F0_38E0),
                                          (2367, 0xCB37_AEB9_E5D3_61ED)]
            for (n, expected) in cases {
                #expect(XXH3_64.hash(UnsafeRawBufferPointer(rebasing: all[0..<n])) == expected, "length \(n)")
            }
        }
        let empty = [UInt8]().withUnsafeBytes { XXH3_128.digest(of: $0) }
        #expect(empty.hexString == "99aa06d3014798d86001c324468d497f")
        #expect(XXH3_64.digest(of: UnsafeRawBufferPointer(start: nil, count: 0)).hexString == "2d06800538d394c2")
    }

    @Test(arguments: [HashAlgorithm.xxh3, .xxh128])
    func everyPrefixLengthMatchesXxhsum(_ algorithm: HashAlgorithm) {
        let fixtures = HashFixtures.shared
        let buffer = fixtures.prefixBuffer
        let oneShot = { (bytes: UnsafeRawBufferPointer) -> [UInt8] in algorithm.digest(of: bytes) }
        buffer.withUnsafeBytes { all in
            for row in fixtures.prefixSamples {
                let bytes = UnsafeRawBufferPointer(rebasing: all[0..<row.length])
                #expect(oneShot(bytes).hexString == row.hex[algorithm], "length \(row.length)")
                let chunked = streamed(algorithm.makeHasher(totalLength: row.length), bytes,
                                       seed: UInt64(row.length), maxChunk: 300)
                #expect(chunked.hexString == row.hex[algorithm], "streamed, length \(row.length)")
            }
        }
        let listing = prefixListing(buffer, upTo: fixtures.maxPrefixLength, oneShot)
        #expect(listing.withUnsafeBytes { SHA256.hash($0) }.hexString == fixtures.prefixListingSHA256[algorithm.key])
        let streamedListing = prefixListing(buffer, upTo: fixtures.maxPrefixLength) {
            streamed(algorithm.makeHasher(totalLength: $0.count), $0, seed: UInt64($0.count), maxChunk: 700)
        }
        #expect(streamedListing == listing)
    }

    @Test(arguments: [HashAlgorithm.xxh3, .xxh128])
    func largeAndSanityBuffersMatchXxhsum(_ algorithm: HashAlgorithm) {
        let fixtures = HashFixtures.shared
        for (buffer, rows) in [(fixtures.largeBuffer, fixtures.large), (fixtures.sanityBuffer, fixtures.sanity)] {
            buffer.withUnsafeBytes { all in
                for row in rows {
                    let bytes = UnsafeRawBufferPointer(rebasing: all[0..<row.length])
                    #expect(algorithm.digest(of: bytes).hexString == row.hex[algorithm], "length \(row.length)")
                    for maxChunk in [100, 5000, 300_000] {
                        let chunked = streamed(algorithm.makeHasher(totalLength: row.length), bytes,
                                               seed: UInt64(row.length), maxChunk: maxChunk)
                        #expect(chunked.hexString == row.hex[algorithm], "streamed \(maxChunk), length \(row.length)")
                    }
                }
            }
        }
    }

    @Test func streamingEdgeCases() {
        // Chunk patterns around the 256-byte buffer and the 1024-byte block: single bytes, exact fills,
        // a final stripe straddling the previous chunk, and the value read without finalizing.
        let buffer = splitmixBytes(seed: 5, count: 3000)
        buffer.withUnsafeBytes { all in
            for n in [241, 255, 256, 257, 300, 320, 321, 512, 513, 1024, 1025, 1088, 2049, 3000] {
                let bytes = UnsafeRawBufferPointer(rebasing: all[0..<n])
                let expected64 = XXH3_64.hash(bytes)
                let expected128 = XXH3_128.hash(bytes)
                for split in [1, 63, 64, 65, 255, 256, 257, n - 1] where split < n {
                    var h64 = XXH3_64()
                    var h128 = XXH3_128()
                    for part in [all[0..<split], all[split..<n]] {
                        h64.update(UnsafeRawBufferPointer(rebasing: part))
                        h128.update(UnsafeRawBufferPointer(rebasing: part))
                    }
                    #expect(h64.value == expected64, "length \(n) split \(split)")
                    #expect(h128.value == expected128, "length \(n) split \(split)")
                }
                var bytewise = XXH3_64()
                for i in 0..<n { bytewise.update(UnsafeRawBufferPointer(rebasing: all[i..<(i + 1)])) }
                #expect(bytewise.value == expected64, "length \(n) byte by byte")
            }
        }
    }
}

extension HashAlgorithm {
    /// The key of this algorithm's column in expected.json.
    var key: String {
        switch self {
        case .sha256: return "sha256"
        case .sha1Git: return "sha1Git"
        case .xxh64: return "xxh64"
        case .xxh3: return "xxh3"
        case .xxh128: return "xxh128"
        }
    }
}
