// Every command's human output at COLUMNS=80, on good and damaged fixtures: no line wider than 80 (long names cut
// in the middle), and the hints that say how to mend damage — `manifest create` for a plain folder, none where a
// manifest exists, `hf download … --force-download` with short digests for a damaged cache blob.
import Foundation
import Testing
@testable import WeightCheck

@Suite(.needsWeightcheck)
struct NarrowTerminalTests {
    /// The fixtures the commands run on, written once into a temporary folder.
    final class Fixtures: @unchecked Sendable {  // written in init, read-only afterwards
        let dir = TemporaryDirectory()
        var truncated = "", folder = "", managed = "", cache = "", parts: [String] = []
        static let revision = "0123456789abcdef0123456789abcdef01234567"
        static let repository = "models--some-organisation--a-model-with-a-long-name-GGUF"

        init() throws {
            let q8 = [UInt8].contents(of: TestData.path("compare/llama_q8_0.gguf"))
            let tiny = [UInt8].contents(of: TestData.path("gguf/tiny.gguf"))
            truncated = dir.write("a-rather-long-folder-name/llama_q8_0_truncated_at_3000_bytes.gguf", Array(q8.prefix(3000)))
            dir.write("folder/llama_q8_0.gguf", q8)
            folder = (dir.write("folder/tiny.gguf", tiny) as NSString).deletingLastPathComponent
            dir.write("managed/llama_q8_0.gguf", q8)
            managed = (dir.write("managed/tiny.gguf", tiny) as NSString).deletingLastPathComponent
            let created = try CLIRunner.run(["manifest", "create", "--no-progress", managed])
            #expect(created.status == 0, "\(created.stderr)")
            // A cache whose one blob has a byte flipped: its name is the SHA-256 of the published bytes.
            let sha = q8.withUnsafeBytes { SHA256.hash($0) }.hexString
            var flipped = q8
            flipped[40_000] ^= 1
            let repo = "hub/\(Self.repository)"
            dir.write("\(repo)/refs/main", Array(Self.revision.utf8))
            dir.write("\(repo)/blobs/\(sha)", flipped)
            let snapshot = dir.path + "/\(repo)/snapshots/\(Self.revision)"
            try FileManager.default.createDirectory(atPath: snapshot, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: snapshot + "/model-q8_0.gguf", withDestinationPath: "../../blobs/\(sha)")
            cache = dir.path + "/hub"
            for i in 0..<2 {
                let part = try CLIRunner.run(["verify", "--json", "--no-progress", "--shard", "\(i)/2", "testdata/compare"])
                parts.append(dir.write("part-\(i).json", Array(part.stdout.utf8)))
            }
        }
    }

    static let fixtures = Result { try Fixtures() }

    /// Every command on the fixtures, as a user would type it (hash's checksum lines and JSON are machine
    /// formats, written whole: they are not here).
    static func commands(_ f: Fixtures) -> [[String]] {
        let manifest = f.managed + "/" + Manifest.defaultFileName
        var commands: [[String]] = [
            ["verify", "testdata/gguf/tiny.gguf", "testdata/safetensors/sharded"],
            ["verify", "testdata/compare/llama_broken_q4_0.gguf"],
            ["verify", f.truncated],
            ["verify", f.folder],
            ["verify", f.managed],
            ["verify", f.cache],
            ["verify", "testdata/compare"],
            ["verify", "--quick", "testdata/compare"],
            ["verify", "-v", "testdata/safetensors"],
            ["inspect", "testdata/compare/llama_q4_0.gguf"],
            ["inspect", "testdata/safetensors/sharded"],
            ["inspect", f.truncated],
            ["stats", "testdata/compare/llama_q4_0.gguf"],
            ["stats", "--histogram", "--tensor", "blk.0.attn_q.weight", "testdata/compare/llama_q4_0.gguf"],
            ["stats", "testdata/compare/llama_broken_q4_0.gguf"],
            ["compare", "testdata/compare/llama_f16.gguf", "testdata/compare/llama_swap2_q8_0.gguf"],
            ["compare", "testdata/compare/llama_f16.gguf", "testdata/compare/llama_broken_q4_0.gguf"],
            ["compare", "testdata/compare/llama_ref", "testdata/compare/llama_rotate3_q8_0.gguf"],
            ["manifest", "create", "-o", f.dir.path + "/other.manifest.json", f.folder],
            ["manifest", "check", manifest],
            ["report", "merge"] + f.parts,
            ["--help"],
        ]
        for command in [["verify"], ["inspect"], ["stats"], ["hash"], ["compare"], ["manifest"], ["manifest", "create"],
                        ["manifest", "check"], ["manifest", "sha256sum"], ["report"], ["report", "merge"], ["bench"]] {
            commands.append(command + ["--help"])
        }
        return commands
    }

    @Test func noLineIsWiderThanEighty() throws {
        let f = try Self.fixtures.get()
        for command in Self.commands(f) {
            let r = try TerminalRunner.run(command + (command.contains("--help") ? [] : ["--no-progress"]),
                                           environment: ["COLUMNS": "80"])
            #expect(!r.crashed && r.status != 64, "\(command): \(r.stderr)")
            #expect(!(r.stdout + r.stderr).isEmpty, "\(command) printed nothing")
            // A path or a command's argument longer than the line cannot be cut (it is pasted whole): alone on
            // its line, it may run over.
            let long = TerminalRunner.overlong(r.stdout, columns: 80).filter { line in
                var words = line.split(separator: " ")
                if words.last == "\\" { words.removeLast() }
                return words.count > 1
            }
            #expect(long.isEmpty, "\(command.joined(separator: " ")): \(long.count) lines over 80:\n\(long.joined(separator: "\n"))")
        }
    }

    @Test func longNamesAreCutInTheMiddleAndWhole() throws {
        let f = try Self.fixtures.get()
        let narrow = try TerminalRunner.run(["verify", "--no-progress", f.truncated], environment: ["COLUMNS": "80"])
        let first = try #require(narrow.stdout.split(separator: "\n").first)
        #expect(first.contains("…") && first.hasSuffix("/llama_q8_0_truncated_at_3000_bytes.gguf"), "\(narrow.stdout)")
        let wide = try TerminalRunner.run(["verify", "--no-progress", "--wide", f.truncated], environment: ["COLUMNS": "80"])
        #expect(wide.stdout.contains(f.truncated))
        let piped = try TerminalRunner.run(["verify", "--no-progress", f.truncated])
        #expect(piped.stdout.contains(f.truncated), "no width in a pipe without COLUMNS: names whole")
    }

    @Test func aPlainFolderIsToldOfManifests() throws {
        let f = try Self.fixtures.get()
        let plain = try TerminalRunner.run(["verify", "--no-progress", f.folder], environment: ["COLUMNS": "80"])
        #expect(plain.status == 0)
        #expect(plain.stdout.contains("hint: 'weightcheck manifest create"), "\(plain.stdout)")
        let managed = try TerminalRunner.run(["verify", "--no-progress", f.managed])
        #expect(managed.status == 0, "\(managed.stdout)")
        #expect(!managed.stdout.contains("manifest create"), "a manifest is already there: \(managed.stdout)")
        let file = try TerminalRunner.run(["verify", "--no-progress", "testdata/gguf/tiny.gguf"])
        #expect(!file.stdout.contains("hint:"), "a file, not a folder")
        let json = try TerminalRunner.run(["verify", "--json", "--no-progress", f.folder])
        #expect(!json.stdout.contains("hint"))
    }

    @Test func aDamagedCacheBlobSaysHowToRestoreIt() throws {
        let f = try Self.fixtures.get()
        let r = try TerminalRunner.run(["verify", "--no-progress", f.cache], environment: ["COLUMNS": "80"])
        #expect(r.status == 1)
        let sha = [UInt8].contents(of: TestData.path("compare/llama_q8_0.gguf")).withUnsafeBytes { SHA256.hash($0) }.hexString
        #expect(r.stdout.contains("≠ expected \(sha.prefix(8))…"), "\(r.stdout)")
        #expect(!r.stdout.contains("hint:"), "a cache is mended from the Hub, not by a manifest")
        // The command, cut with `\` to fit, reads back as one shell command.
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let start = try #require(lines.firstIndex { $0.contains("hf download") }, "\(r.stdout)")
        var command = ""
        for line in lines[start...] {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            command += trimmed.hasSuffix(" \\") ? String(trimmed.dropLast(2)) + " " : trimmed
            if !trimmed.hasSuffix(" \\") { break }
        }
        #expect(command == "hf download some-organisation/a-model-with-a-long-name-GGUF "
                + "model-q8_0.gguf --revision \(Fixtures.revision) --force-download")
    }
}
