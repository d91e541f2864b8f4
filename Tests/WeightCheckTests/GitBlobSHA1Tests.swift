// git blob SHA-1: `git hash-object`'s ids on every prefix length 0...4096 and on large buffers,
// one-shot and streamed; plain SHA-1 on FIPS 180 examples.
import Testing
@testable import WeightCheck

@Suite struct GitBlobSHA1Tests {
    @Test func sha1KnownAnswers() {
        let vectors: [(String, String)] = [
            ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
            ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
        ]
        for (text, expected) in vectors {
            #expect(Array(text.utf8).withUnsafeBytes { SHA1.hash($0) }.hexString == expected, "\(text)")
        }
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(million.withUnsafeBytes { SHA1.hash($0) }.hexString == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
        #expect(GitBlobSHA1.header(length: 1234) == Array("blob 1234\0".utf8))
    }

    @Test func everyPrefixLengthMatchesGitHashObject() {
        let fixtures = HashFixtures.shared
        let buffer = fixtures.prefixBuffer
        buffer.withUnsafeBytes { all in
            for row in fixtures.prefixSamples {
                let bytes = UnsafeRawBufferPointer(rebasing: all[0..<row.length])
                #expect(GitBlobSHA1.digest(of: bytes).hexString == row.hex[.sha1Git], "length \(row.length)")
                let chunked = streamed(GitBlobSHA1.makeHasher(totalLength: row.length), bytes,
                                       seed: UInt64(row.length), maxChunk: 150)
                #expect(chunked.hexString == row.hex[.sha1Git], "streamed, length \(row.length)")
            }
        }
        let listing = prefixListing(buffer, upTo: fixtures.maxPrefixLength) { GitBlobSHA1.digest(of: $0) }
        #expect(listing.withUnsafeBytes { SHA256.hash($0) }.hexString == fixtures.prefixListingSHA256["sha1Git"])
    }

    @Test func largeAndSanityBuffersMatchGitHashObject() {
        let fixtures = HashFixtures.shared
        for (buffer, rows) in [(fixtures.largeBuffer, fixtures.large), (fixtures.sanityBuffer, fixtures.sanity)] {
            buffer.withUnsafeBytes { all in
                for row in rows {
                    let bytes = UnsafeRawBufferPointer(rebasing: all[0..<row.length])
                    let hasher = HashAlgorithm.sha1Git.makeHasher(totalLength: row.length)
                    #expect(HashAlgorithm.sha1Git.digest(of: bytes).hexString == row.hex[.sha1Git])
                    #expect(streamed(hasher, bytes, seed: 1, maxChunk: 100_000).hexString == row.hex[.sha1Git],
                            "length \(row.length)")
                }
            }
        }
    }

    @Test func hexRoundTripAndAlgorithmByLength() {
        let bytes: [UInt8] = [0x00, 0x0f, 0xa5, 0xff]
        #expect(bytes.hexString == "000fa5ff")
        #expect([UInt8](hexString: "000FA5ff") == bytes)
        #expect([UInt8](hexString: "abc") == nil)
        #expect([UInt8](hexString: "zz") == nil)
        #expect(HashAlgorithm(hexDigestLength: 64) == .sha256)
        #expect(HashAlgorithm(hexDigestLength: 40) == .sha1Git)
        #expect(HashAlgorithm(hexDigestLength: 16) == .xxh64)  // as xxhsum -c reads an untagged line
        #expect(HashAlgorithm(hexDigestLength: 32) == .xxh128)
        #expect(HashAlgorithm(hexDigestLength: 10) == nil)
        #expect(HashAlgorithm(rawValue: "sha1-git") == .sha1Git)
    }
}
