// ChecksumList: lines read as `sha256sum -c` and `xxhsum -c` read them — CRLF, the escaped form, BSD tags,
// the algorithm from the digest length — and the writer's lines read back to the same names and digests.
import Foundation
import Testing
@testable import WeightCheck

@Suite struct ChecksumListTests {
    let sha = String(repeating: "ab", count: 32)
    let x64 = "44bc2cf5ad770999"
    let x128 = String(repeating: "0f", count: 16)

    @Test func checksumListNamesInAnyCase() {
        for name in ["SHA256SUMS", "sha256sums", "Sha256Sums.TXT", "sha256sums.txt", "model.sha256", "model.SHA256",
                     "folder/SHA256SUMS", "a/b/weights.gguf.sha256"] {
            #expect(ChecksumList.isChecksumListName(name), "\(name)")
        }
        for name in ["", "notes.txt", "model.safetensors", "sums", "sha256sums/", "SHA256SUMS.md", "x.sha2566", "sha256"] {
            #expect(!ChecksumList.isChecksumListName(name), "\(name)")
        }
    }

    @Test func crlfLinesAreSplitAndTheCarriageReturnDropped() {
        let text = "\(sha)  a.bin\r\n\(sha) *b.bin\r\n\r\n# comment\r\n"
        let parsed = ChecksumList.parse(Array(text.utf8))
        #expect(parsed.malformed.isEmpty)
        #expect(parsed.entries.map(\.name) == ["a.bin", "b.bin"])
        #expect(parsed.entries.map(\.lineNumber) == [1, 2])
        #expect(parsed.entries.allSatisfy { $0.algorithm == .sha256 && $0.hex == sha })
    }

    @Test func escapedNamesAreUnescaped() {
        let text = "\\\(sha)  back\\\\slash\\nnew\\rline\n\\SHA256 (tag\\\\ged) = \(sha)\n  \(sha)  leading blanks\n"
        let parsed = ChecksumList.parse(Array(text.utf8))
        #expect(parsed.malformed.isEmpty)
        #expect(parsed.entries.map(\.name) == ["back\\slash\nnew\rline", "tag\\ged", "leading blanks"])
        let bad = ChecksumList.parse(Array("\\\(sha)  bad\\qescape\n".utf8))
        #expect(bad.entries.isEmpty)
        #expect(bad.malformed.map(\.lineNumber) == [1])
        // Without the leading backslash a backslash is part of the name, as sha256sum reads it.
        #expect(ChecksumList.parse(Array("\(sha)  raw\\n\n".utf8)).entries.first?.name == "raw\\n")
    }

    @Test func algorithmFromTagOrDigestLengthAsXxhsumReadsIt() {
        let text = """
            \(x64)  plain-xxhsum
            XXH64 (tagged64) = \(x64)
            XXH3 (tagged3) = \(x64)
            XXH128 (tagged128) = \(x128)
            \(x128)  untagged128
            SHA256 (tagged256) = \(sha)
            \(String(repeating: "1", count: 40))  git-blob
            XXH32 (old) = 0badf00d
            0badf00d  old-untagged
            MD5 (m) = \(x128)
            XXH3 (short) = abcd
            \(String(repeating: "1", count: 12))  odd-length
            not a checksum line

            """
        let parsed = ChecksumList.parse(Array(text.utf8))
        let byName = Dictionary(uniqueKeysWithValues: parsed.entries.map { ($0.name, $0.algorithm) })
        #expect(byName == ["plain-xxhsum": .xxh64, "tagged64": .xxh64, "tagged3": .xxh3, "tagged128": .xxh128,
                           "untagged128": .xxh128, "tagged256": .sha256, "git-blob": .sha1Git])
        #expect(parsed.malformed.map(\.lineNumber) == [8, 9, 10, 11, 12, 13])
        #expect(parsed.malformed[0].reason.contains("XXH32"))
        #expect(parsed.malformed[2].reason.contains("MD5"))
        // --algo decides untagged lines only.
        let forced = ChecksumList.parse(Array(text.utf8), forcing: .xxh3)
        #expect(forced.entries.first { $0.name == "plain-xxhsum" }?.algorithm == .xxh3)
        #expect(forced.entries.first { $0.name == "tagged64" }?.algorithm == .xxh64)
    }

    @Test func writtenLinesReadBackToTheSameNamesAndDigests() {
        let names = ["plain", "with space", "back\\slash", "new\nline", "car\rriage", "trailing\\", "*star", " lead"]
        for algorithm in HashAlgorithm.allCases {
            let hex = String(repeating: "c", count: algorithm.digestByteCount * 2)
            let text = names.map { ChecksumList.line(hex: hex, name: $0, algorithm: algorithm) + "\n" }.joined()
            let parsed = ChecksumList.parse(Array(text.utf8))
            #expect(parsed.malformed.isEmpty, "\(algorithm)")
            #expect(parsed.entries.map(\.name) == names.map { $0 == " lead" ? " lead" : $0 }, "\(algorithm)")
            #expect(parsed.entries.allSatisfy { $0.algorithm == algorithm && $0.hex == hex }, "\(algorithm)")
        }
        #expect(ChecksumList.line(hex: x64, name: "a b", algorithm: .xxh3) == "XXH3 (a b) = \(x64)")
        #expect(ChecksumList.line(hex: sha, name: "n\nl", algorithm: .sha256) == "\\\(sha)  n\\nl")
    }

    @Test func verifyReadsCRLFAndEscapedSHA256SUMS() throws {
        let dir = TemporaryDirectory()
        let text = "\(sha)  model.safetensors\r\n\\\(sha)  odd\\\\name.bin\r\n\(x64)  xxh.bin\r\n"
        let list = dir.write("SHA256SUMS", Array(text.utf8))
        let found = ChecksumList.lists(in: dir.path, files: [WalkedFile(path: list, relativePath: "SHA256SUMS", isSymlink: false)])
        #expect(found.keys.sorted() == ["model.safetensors", "odd\\name.bin"])
        #expect(found["model.safetensors"]?.source == "SHA256SUMS line 1")
        #expect(found["odd\\name.bin"]?.hex == sha)
    }
}
