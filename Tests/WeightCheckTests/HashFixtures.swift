// Test support for the hash kernels: the splitmix64 byte generator (twin of testdata/make_hash_fixtures.py)
// and the expected digests that script recorded with sha256sum, git hash-object and xxhsum.
import Foundation
@testable import WeightCheck

/// The digests recorded in testdata/hashes/expected.json.
struct HashFixtures: Decodable {
    let prefixSeed: String
    let maxPrefixLength: Int
    let prefixListingSHA256: [String: String]
    let prefixSamples: [Row]
    let largeSeed: String
    let large: [Row]
    let sanity: [Row]

    /// One line: a length and the five hex digests of that many bytes.
    struct Row: Decodable {
        let length: Int
        let hex: [HashAlgorithm: String]

        init(from decoder: any Decoder) throws {
            var c = try decoder.unkeyedContainer()
            length = try c.decode(Int.self)
            var hex = [HashAlgorithm: String]()
            for algorithm in HashFixtures.columnOrder { hex[algorithm] = try c.decode(String.self) }
            self.hex = hex
        }
    }

    /// The column order the script writes after the length.
    static let columnOrder: [HashAlgorithm] = [.sha256, .sha1Git, .xxh3, .xxh128, .xxh64]

    /// Loaded once for all suites.
    static let shared: HashFixtures = {
        let url = URL(fileURLWithPath: TestData.path("hashes/expected.json"))
        let data = try! Data(contentsOf: url)
        return try! JSONDecoder().decode(HashFixtures.self, from: data)
    }()

    /// The prefix buffer (every prefix of it up to `maxPrefixLength` is recorded).
    var prefixBuffer: [UInt8] { splitmixBytes(seed: UInt64(prefixSeed, radix: 16)!, count: maxPrefixLength) }

    /// The large buffer (prefixes of the lengths in `large`).
    var largeBuffer: [UInt8] {
        splitmixBytes(seed: UInt64(largeSeed, radix: 16)!, count: large.map(\.length).max() ?? 0)
    }

    /// xxHash's sanity buffer (`cli/xsum_sanity_check.c`), as long as the longest `sanity` row.
    var sanityBuffer: [UInt8] {
        var gen: UInt64 = 2654435761
        var out = [UInt8]()
        for _ in 0..<(sanity.map(\.length).max() ?? 0) {
            out.append(UInt8(truncatingIfNeeded: gen >> 56))
            gen = gen &* 11400714785074694797
        }
        return out
    }
}

/// splitmix64 bytes: each output gives 8 bytes, least significant first (see make_hash_fixtures.py).
func splitmixBytes(seed: UInt64, count: Int) -> [UInt8] {
    var state = seed
    var out = [UInt8]()
    out.reserveCapacity(count + 8)
    while out.count < count {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: z >> (8 * UInt64(i)))) }
    }
    return Array(out.prefix(count))
}

/// The listing "<length> <hex>\n" for every prefix length 0...max, as the script hashes it.
func prefixListing(_ buffer: [UInt8], upTo max: Int, _ digest: (UnsafeRawBufferPointer) -> [UInt8]) -> [UInt8] {
    var text = ""
    buffer.withUnsafeBytes { all in
        for n in 0...max {
            text += "\(n) \(digest(UnsafeRawBufferPointer(rebasing: all[0..<n])).hexString)\n"
        }
    }
    return Array(text.utf8)
}

/// Feeds `bytes` to `hasher` in chunks of pseudo-random sizes (0 to `maxChunk` bytes) and finalizes.
func streamed<H: StreamingDigest>(_ hasher: H, _ bytes: UnsafeRawBufferPointer, seed: UInt64,
                                  maxChunk: Int) -> [UInt8] {
    var h = hasher
    var rng = SplitMix(seed: seed)
    var offset = 0
    while offset < bytes.count {
        let n = min(bytes.count - offset, Int(rng.next() % UInt64(maxChunk + 1)))
        h.update(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + n)]))
        offset += n
    }
    return h.finalize()
}
