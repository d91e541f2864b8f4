// End-to-end tests of `weightcheck hash` (the built binary): sha256sum-style lines for every algorithm,
// folders, --tensors, --json, and --check with OK / FAILED / missing / malformed lines and exit codes.
import Foundation
import Testing
@testable import WeightCheck

/// Runs the binary with `arguments` in `directory` through the shared runner (output through files, so neither
/// stream can fill and block the child).
private func run(_ arguments: [String], in directory: String) throws -> CLIResult {
    try ProcessRunner.run(arguments, in: directory)
}

@Suite(.needsWeightcheck)
struct HashCommandTests {
    /// A folder with two fixture-prefix files (1 MiB + 1 and 4096 bytes) and tiny.gguf.
    private func folder() -> (TemporaryDirectory, [(name: String, row: HashFixtures.Row)]) {
        let dir = TemporaryDirectory()
        let fixtures = HashFixtures.shared
        let large = fixtures.large.first { $0.length == 1_048_577 }!
        let small = fixtures.prefixSamples.first { $0.length == 4096 }!
        dir.write("data/large.bin", Array(fixtures.largeBuffer[0..<large.length]))
        dir.write("data/small.bin", Array(fixtures.prefixBuffer[0..<small.length]))
        dir.write("tiny.gguf", .contents(of: TestData.path("gguf/tiny.gguf")))
        return (dir, [("data/large.bin", large), ("data/small.bin", small)])
    }

    @Test(arguments: HashAlgorithm.allCases)
    func linesMatchTheReferenceTools(_ algorithm: HashAlgorithm) throws {
        let (dir, files) = folder()
        let r = try run(["hash", "--algo", algorithm.rawValue, "data"], in: dir.path)
        #expect(r.status == 0)
        // As the reference tool prints them: `XXH3 (NAME) = HEX` for xxh3 (xxhsum -H3), `HEX  NAME` otherwise.
        let expected = files.map { algorithm == .xxh3 ? "XXH3 (\($0.name)) = \($0.row.hex[algorithm]!)\n"
                                                      : "\($0.row.hex[algorithm]!)  \($0.name)\n" }.joined()
        #expect(r.stdout == expected)
    }

    @Test func tensorsAndJSON() throws {
        let (dir, _) = folder()
        let r = try run(["hash", "--tensors", "tiny.gguf"], in: dir.path)
        #expect(r.status == 0)
        let weights = try WeightFile(path: (dir.path as NSString).appendingPathComponent("tiny.gguf"))
        var expected = SHA256.hash(weights.file.bytes).hexString + "  tiny.gguf\n"
        for t in weights.table.tensors {
            expected += SHA256.hash(weights.file.bytes(in: t.byteRange)).hexString + "  tiny.gguf:\(t.name)\n"
        }
        #expect(r.stdout == expected)
        let json = try run(["hash", "--json", "--algo", "xxh3", "tiny.gguf", "missing.bin"], in: dir.path)
        #expect(json.status == 1)
        let doc = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let entries = doc?["files"] as? [[String: Any]]
        #expect(entries?.count == 2)
        #expect(entries?.first?["digest"] as? String == XXH3_64.digest(of: weights.file.bytes).hexString)
        #expect(entries?.last?["error"] != nil)
        #expect(json.stderr.contains("missing.bin"))
    }

    @Test func checkRoundTripAndFailures() throws {
        let (dir, files) = folder()
        let listed = try run(["hash", "--tensors", "--algo", "xxh128", "tiny.gguf", "data"], in: dir.path)
        dir.write("list.txt", Array(listed.stdout.utf8))
        let ok = try run(["hash", "--check", "list.txt"], in: dir.path)
        #expect(ok.status == 0)
        #expect(ok.stdout.split(separator: "\n").allSatisfy { $0.hasSuffix(": OK") })
        #expect(ok.stdout.split(separator: "\n").count == listed.stdout.split(separator: "\n").count)

        let good = files[1].row.hex[.sha256]!
        let bad = String(repeating: "0", count: 64)
        let list = "\(good)  data/small.bin\n\(bad)  data/large.bin\n\(good)  gone.bin\nnot a checksum line\n"
            + "XXH3 (data/small.bin) = \(files[1].row.hex[.xxh3]!)\n"
        dir.write("mixed.txt", Array(list.utf8))
        let mixed = try run(["hash", "-c", "mixed.txt"], in: dir.path)
        #expect(mixed.status == 1)
        #expect(mixed.stdout == "data/small.bin: OK\ndata/large.bin: FAILED\ngone.bin: FAILED open or read\n"
                + "data/small.bin: OK\n")
        #expect(mixed.stderr.contains("mixed.txt:4"))

        let forced = try run(["hash", "-c", "mixed.txt", "--algo", "xxh3"], in: dir.path)
        #expect(forced.status == 1)  // 64-digit lines are not xxh3 digests
    }

    @Test func usageErrors() throws {
        let (dir, _) = folder()
        #expect(try run(["hash", "--algo", "md5", "tiny.gguf"], in: dir.path).status == 64)
        #expect(try run(["hash"], in: dir.path).status == 64)
        #expect(try run(["hash", "--check", "x", "tiny.gguf"], in: dir.path).status == 64)
        let missingList = try run(["hash", "--check", "nope.txt"], in: dir.path)
        #expect(missingList.status == 1)
        #expect(missingList.stderr.contains("nope.txt"))
    }

    /// `-` is standard input, as sha256sum, git hash-object --stdin and xxhsum read it, named as each names it, in
    /// the inputs' order; a second `-` finds the stream at its end (the empty digest, as sha256sum gives).
    @Test(arguments: HashAlgorithm.allCases)
    func standardInputAsTheReferenceToolsReadIt(_ algorithm: HashAlgorithm) throws {
        let (dir, files) = folder()
        let large = files[0]
        let bytes = Array(HashFixtures.shared.largeBuffer[0..<large.row.length])
        let r = try ProcessRunner.run(["hash", "--algo", algorithm.rawValue, "-", "data/small.bin", "-"], in: dir.path, stdin: bytes)
        #expect(r.status == 0, "\(r.stderr)")
        let name = algorithm == .sha256 || algorithm == .sha1Git ? "-" : "stdin"
        let empty = algorithm.digest(of: UnsafeRawBufferPointer(start: nil, count: 0)).hexString
        func line(_ hex: String, _ n: String) -> String { algorithm == .xxh3 ? "XXH3 (\(n)) = \(hex)\n" : "\(hex)  \(n)\n" }
        #expect(r.stdout == line(large.row.hex[algorithm]!, name) + line(files[1].row.hex[algorithm]!, "data/small.bin") + line(empty, name))
    }
}
