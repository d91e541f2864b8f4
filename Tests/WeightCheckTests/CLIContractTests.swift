// The CLI contract every command keeps: its own help page (usage, options, examples, exit status), one
// error voice (`Error: …` with the reason), usage errors exit 64, `--json` gives exactly one JSON document
// even for usage errors and unreadable inputs, and text from a file never reaches the terminal as control.
import Foundation
import Testing
@testable import WeightCheck

@Suite(.needsWeightcheck)
struct CLIContractTests {
    static let pages: [[String]] = [["verify"], ["inspect"], ["stats"], ["hash"], ["manifest"], ["compare"], ["bench"],
                                    ["manifest", "create"], ["manifest", "check"], ["manifest", "sha256sum"]]

    @Test(arguments: pages)
    func everyCommandHasItsOwnHelpPage(_ command: [String]) throws {
        let viaFlag = try CLIRunner.run(command + ["--help"])
        let viaHelp = try CLIRunner.run(["help"] + command)
        #expect(viaFlag.status == 0 && viaHelp.status == 0)
        #expect(viaFlag.stdout == viaHelp.stdout)
        for section in ["OVERVIEW:", "USAGE: weightcheck " + command.joined(separator: " "), "OPTIONS:",
                        "EXAMPLES:\n  weightcheck " + command.joined(separator: " "), "EXIT STATUS: 0 ", "64 usage error"] {
            #expect(viaFlag.stdout.contains(section), "\(command): no '\(section)' in\n\(viaFlag.stdout)")
        }
    }

    @Test func manifestSubcommandPagesDiffer() throws {
        let create = try CLIRunner.run(["manifest", "create", "--help"]).stdout
        let check = try CLIRunner.run(["manifest", "check", "--help"]).stdout
        let sums = try CLIRunner.run(["manifest", "sha256sum", "--help"]).stdout
        #expect(create.contains("--output") && !check.contains("--output") && !sums.contains("--output"))
        #expect(check.contains("--strict") && !create.contains("--strict"))
        #expect(try CLIRunner.run(["manifest", "--help"]).stdout.contains("SUBCOMMANDS:"))
        #expect(try CLIRunner.run(["help", "manifest", "frob"]).status == 64)
    }

    static let usageErrors: [[String]] = [
        ["--nosuch"], ["nope"], ["hash"], ["hash", "--algo", "md5", "x"], ["inspect"], ["stats", "--bogus", "x"],
        ["manifest"], ["manifest", "frob"], ["manifest", "create", "--strict", "."], ["manifest", "sha256sum", "a", "b"],
        ["compare", "a"], ["bench", "--size", "1"], ["verify"], ["verify", "--threads", "0", "x"],
    ]

    @Test(arguments: usageErrors)
    func usageErrorsExit64WithOneVoiceAndOneJSONDocument(_ args: [String]) throws {
        let text = try CLIRunner.run(args)
        #expect(text.status == 64, "\(args)")
        #expect(text.stderr.hasPrefix("Error: "), "\(args): \(text.stderr)")
        #expect(text.stderr.contains("Usage: weightcheck"), "\(args): \(text.stderr)")
        #expect(text.stdout.isEmpty, "\(args)")
        let json = try CLIRunner.run(args + ["--json"])
        #expect(json.status == 64, "\(args)")
        let doc = try #require(try json.json() as? [String: Any], "\(args): \(json.stdout)")
        #expect(doc["ok"] as? Bool == false)
        #expect((doc["error"] as? String).map { text.stderr.contains($0) } == true, "\(args)")
    }

    @Test func unknownOptionIsCalledThat() throws {
        let r = try CLIRunner.run(["--nosuch"])
        #expect(r.stderr.hasPrefix("Error: unknown option '--nosuch'"), "\(r.stderr)")
        #expect(try CLIRunner.run(["--hlep"]).stderr.contains("Did you mean '--help'?"))
        #expect(try CLIRunner.run(["verfy"]).stderr.hasPrefix("Error: unknown command 'verfy'. Did you mean 'verify'?"))
        let bare = try CLIRunner.run(["--json"])
        #expect(bare.status == 64 && bare.stderr.hasPrefix("Error: missing command"))
        #expect((try bare.json() as? [String: Any])?["ok"] as? Bool == false)
        let leading = try CLIRunner.run(["--json", "hash", "--algo", "xxh64", "testdata/gguf/tiny.gguf"])
        #expect(leading.status == 0)
        #expect((try leading.json() as? [String: Any])?["algorithm"] as? String == "xxh64")
    }

    static let unreadable: [[String]] = [
        ["inspect", "missing.gguf"], ["stats", "missing.gguf"], ["hash", "missing.gguf"], ["hash", "--check", "missing.txt"],
        ["manifest", "check", "missing.json"], ["manifest", "sha256sum", "missing.json"],
        ["compare", "missing.gguf", "missing.safetensors"], ["verify", "missing.gguf"],
    ]

    @Test(arguments: unreadable)
    func unreadableInputsSayWhyAndKeepOneJSONDocument(_ args: [String]) throws {
        let text = try CLIRunner.run(args)
        #expect(text.status == 1, "\(args)")
        let errors = text.stderr.split(separator: "\n")
        if args[0] != "verify" {  // verify reports in its own report (issue 12)
            #expect(!errors.isEmpty, "\(args)")
            #expect(errors.allSatisfy { $0.hasPrefix("Error: ") || $0.hasPrefix("Warning: ") }, "\(args): \(text.stderr)")
        }
        let said = args[0] == "verify" ? text.stdout + text.stderr : text.stderr
        #expect(said.contains("missing"), "\(args)")
        #expect(said.contains("no such file"), "\(args): \(said)")
        #expect(!(text.stdout + text.stderr).contains("directory"), "\(args): 'folder' everywhere")
        let json = try CLIRunner.run(args + ["--json"])
        #expect(json.status == 1, "\(args)")
        let doc = try #require(try json.json() as? [String: Any], "\(args): \(json.stdout)")
        #expect(doc["ok"] as? Bool == false, "\(args)")
    }

    /// A GGUF whose metadata and tensor name hold escape sequences, a BEL, a bidi override and a newline.
    static func hostileGGUF(in dir: TemporaryDirectory) -> (path: String, value: String, tensor: String) {
        let value = "\u{1B}[31mRED\u{1B}[0m \u{202E}evil\u{07}\nnext"
        let tensor = "blk.\u{1B}]0;title\u{07}.weight"
        var b = GGUFBuilder()
        b.header(tensors: 1, kvs: 2)
        b.kvString("general.name", value)
        b.kvString("x.\u{1B}[2Jkey", "v")
        b.tensorInfo(tensor, dims: [4], type: 0, offset: 0)
        b.pad()
        b.raw([UInt8](repeating: 0, count: 16))
        return (dir.write("hostile.gguf", b.bytes), value, tensor)
    }

    @Test func textFromTheFileIsEscapedBeforeTheTerminal() throws {
        let dir = TemporaryDirectory()
        let (path, value, tensor) = Self.hostileGGUF(in: dir)
        for command in [["inspect"], ["inspect", "--full"], ["stats", "--histogram"], ["verify"]] {
            let r = try CLIRunner.run(command + [path])
            let all = r.stdout + r.stderr
            #expect(!all.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" || $0 == "\u{202E}" }, "\(command)")
            if command[0] == "inspect" {
                #expect(r.status == 0, "\(r.stderr)")
                #expect(r.stdout.contains(#""\e[31mRED\e[0m \u202eevil\x07\nnext""#), "\(r.stdout)")
                #expect(r.stdout.contains(#"x.\e[2Jkey"#))
            }
            if command[0] != "verify" { #expect(all.contains(#"blk.\e]0;title\x07.weight"#), "\(command): \(all)") }
        }
        // JSON keeps the text exactly (JSON's own escapes).
        let json = try CLIRunner.run(["inspect", "--json", path])
        let doc = try #require(try json.json() as? [String: Any])
        let file = try #require((doc["files"] as? [[String: Any]])?.first)
        #expect((file["metadata"] as? [String: Any])?["general.name"] as? String == value)
        #expect(((file["tensors"] as? [[String: Any]])?.first?["name"] as? String) == tensor)
    }

    @Test func safetensorsHeaderWithLeadingWhitespaceIsRead() throws {
        let dir = TemporaryDirectory()
        let original = [UInt8].contents(of: TestData.path("safetensors/dtypes.safetensors"))
        let length = original[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let pad = Array(" \n\t\r ".utf8)
        var shifted = [UInt8]((0..<8).map { UInt8(truncatingIfNeeded: (length + pad.count) >> (8 * $0)) })
        shifted += pad + original[8...]
        let path = dir.write("spaced.safetensors", shifted)
        let r = try CLIRunner.run(["inspect", "--json", path])
        #expect(r.status == 0, "\(r.stderr)")
        let ref = try CLIRunner.run(["inspect", "--json", TestData.path("safetensors/dtypes.safetensors")])
        func tensors(_ r: CLIResult) throws -> [String] {
            let doc = try #require(try r.json() as? [String: Any])
            let file = try #require((doc["files"] as? [[String: Any]])?.first)
            return (file["tensors"] as? [[String: Any]] ?? []).map { "\($0["name"]!) \($0["type"]!) \($0["size"]!)" }
        }
        #expect(try tensors(r) == tensors(ref))
        #expect(try !tensors(r).isEmpty)
        #expect(try CLIRunner.run(["verify", "--no-progress", path]).status == 0)
        // In a folder too (detection reads more than the first bytes).
        #expect(try CLIRunner.run(["inspect", dir.path]).stdout.contains("spaced.safetensors"))

        var huge = shifted
        huge.replaceSubrange(0..<8, with: [0x01, 0xE1, 0xF5, 0x05, 0, 0, 0, 0])  // 100,000,001
        let big = dir.write("big.safetensors", huge)
        for command in ["inspect", "verify"] {
            let t = try CLIRunner.run([command, "--no-progress", big])
            #expect(t.status == 1)
            #expect((t.stdout + t.stderr).contains("header too large"), "\(command): \(t.stdout)\(t.stderr)")
            #expect((t.stdout + t.stderr).contains("byte 0"))
            #expect(!(t.stdout + t.stderr).contains("neither"))
        }
    }
}
