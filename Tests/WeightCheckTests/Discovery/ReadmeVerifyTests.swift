// The README's own verify commands, run as a new user would from the package root: the first command on the
// committed fixtures, and the usage line for a split set (any shard names the whole set).
import Foundation
import Testing
@testable import WeightCheck

@Suite(.needsWeightcheck) struct ReadmeVerifyTests {
    /// Runs the binary from the package root (CLIRunner's working folder), as the README's commands are typed.
    func run(_ args: [String]) throws -> CLIResult { try CLIRunner.run(args) }

    @Test func theFirstCommandPasses() throws {
        let r = try run(["verify", "--no-progress", "testdata/gguf/tiny.gguf", "testdata/safetensors/sharded"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("✓ OK: 3 weight files sound in structure and numbers"))
        #expect(r.stdout.contains("no reference digest: cannot prove the bytes are the published ones"))
    }

    @Test func anyShardVerifiesTheWholeSet() throws {
        for k in 1...3 {
            let r = try run(["verify", "--no-progress", "testdata/gguf/split/model-0000\(k)-of-00003.gguf"])
            #expect(r.status == 0, "shard \(k): \(r.stdout)")
            #expect(!r.stdout.contains("missing"))
        }
    }

    @Test func nothingToVerifyFails() throws {
        let dir = TemporaryDirectory()
        let r = try CLIRunner.run(["verify", "--no-progress", dir.path])
        #expect(r.status == 1)
        #expect((r.stdout + r.stderr).contains("nothing to verify in \(dir.path)"))
    }

    @Test func everyFindingCodeIsDocumented() throws {
        let readme = try String(contentsOf: TestData.root.appendingPathComponent("README.md"), encoding: .utf8)
        for code in FindingCode.allCases {
            #expect(readme.contains("| `\(code.rawValue)` |"), "README.md does not list \(code.rawValue)")
        }
    }
}
