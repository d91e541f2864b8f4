// SHA-256: NIST vectors and sha256sum's digests on every prefix length 0...4096 and large buffers,
// each implementation forced in turn; streaming with random chunk sizes; Swift and hardware held equal.
import Testing
@testable import WeightCheck

/// The implementations this CPU can run.
private let implementations: [SHA256.Implementation] =
    SHA256.hardwareAvailable ? [.swift, .hardware] : [.swift]

@Suite struct SHA256Tests {
    @Test(arguments: implementations)
    func nistVectors(_ implementation: SHA256.Implementation) {
        let vectors: [(String, String)] = [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ]
        for (text, expected) in vectors {
            let digest = Array(text.utf8).withUnsafeBytes { SHA256.hash($0, implementation: implementation) }
            #expect(digest.hexString == expected, "\(text)")
        }
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        let digest = million.withUnsafeBytes { SHA256.hash($0, implementation: implementation) }
        #expect(digest.hexString == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test(arguments: implementations)
    func everyPrefixLengthMatchesSha256sum(_ implementation: SHA256.Implementation) {
        let fixtures = HashFixtures.shared
        let buffer = fixtures.prefixBuffer
        buffer.withUnsafeBytes { all in
            for row in fixtures.prefixSamples {
                let digest = SHA256.hash(UnsafeRawBufferPointer(rebasing: all[0..<row.length]),
                                         implementation: implementation)
                #expect(digest.hexString == row.hex[.sha256], "length \(row.length)")
            }
        }
        let listing = prefixListing(buffer, upTo: fixtures.maxPrefixLength) {
            SHA256.hash($0, implementation: implementation)
        }
        let listingDigest = listing.withUnsafeBytes { SHA256.hash($0, implementation: implementation) }
        #expect(listingDigest.hexString == fixtures.prefixListingSHA256["sha256"])
    }

    @Test(arguments: implementations)
    func largeAndSanityBuffersMatchSha256sum(_ implementation: SHA256.Implementation) {
        let fixtures = HashFixtures.shared
        for (buffer, rows) in [(fixtures.largeBuffer, fixtures.large), (fixtures.sanityBuffer, fixtures.sanity)] {
            buffer.withUnsafeBytes { all in
                for row in rows {
                    let bytes = UnsafeRawBufferPointer(rebasing: all[0..<row.length])
                    #expect(SHA256.hash(bytes, implementation: implementation).hexString == row.hex[.sha256],
                            "length \(row.length)")
                    let chunked = streamed(SHA256(implementation: implementation), bytes, seed: UInt64(row.length),
                                           maxChunk: 200_000)
                    #expect(chunked.hexString == row.hex[.sha256], "streamed, length \(row.length)")
                }
            }
        }
    }

    @Test(arguments: implementations)
    func streamingEqualsOneShot(_ implementation: SHA256.Implementation) {
        let buffer = splitmixBytes(seed: 42, count: 5000)
        var rng = SplitMix(seed: 7)
        buffer.withUnsafeBytes { all in
            for trial in 0..<200 {
                let n = Int(rng.next() % 5001)
                let bytes = UnsafeRawBufferPointer(rebasing: all[0..<n])
                let whole = SHA256.hash(bytes, implementation: implementation)
                let chunked = streamed(SHA256(implementation: implementation), bytes, seed: UInt64(trial),
                                       maxChunk: trial % 2 == 0 ? 70 : 300)
                #expect(chunked == whole, "length \(n)")
            }
        }
    }

    @Test(.enabled(if: SHA256.hardwareAvailable, "no SHA-NI on this CPU: only the Swift path runs"))
    func swiftAndHardwareAgree() {
        let buffer = splitmixBytes(seed: 99, count: 70_000)
        var rng = SplitMix(seed: 3)
        buffer.withUnsafeBytes { all in
            for _ in 0..<300 {
                let n = Int(rng.next() % 70_001)
                let start = Int(rng.next() % UInt64(70_001 - n))  // unaligned starts too
                let bytes = UnsafeRawBufferPointer(rebasing: all[start..<(start + n)])
                #expect(SHA256.hash(bytes, implementation: .swift) == SHA256.hash(bytes, implementation: .hardware),
                        "length \(n) at \(start)")
            }
        }
    }

    @Test func finalizeResetsAndAutomaticPicksHardware() {
        var h = SHA256()
        #expect(h.implementation == (SHA256.hardwareAvailable ? .hardware : .swift))
        Array("abc".utf8).withUnsafeBytes { h.update($0) }
        _ = h.finalize()
        #expect(h.finalize().hexString == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
