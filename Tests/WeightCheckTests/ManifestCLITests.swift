// `weightcheck manifest` end to end through the built binary: create writes the default file, check exits 0,
// then 1 naming the damaged tensor; a tampered manifest exits 1 with a clear message; usage errors exit 64.
import Foundation
import Testing
@testable import WeightCheck

@Suite(.needsWeightcheck)
struct ManifestCLITests {
    @Test func createCheckAndDamage() throws {
        let fx = ManifestFixture()
        let created = try CLIRunner.run(["manifest", "create", "--no-progress", fx.root])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("✓ wrote"))
        let manifestPath = fx.path(Manifest.defaultFileName)
        let m = try ManifestReader.read(path: manifestPath)
        #expect(m.files.map(\.path) == ManifestFixture.expectedEntries.map(\.path))
        #expect(m.tool.hasPrefix("weightcheck "))

        let ok = try CLIRunner.run(["manifest", "check", "--json", manifestPath])
        #expect(ok.status == 0, "\(ok.stdout)")
        #expect((try ok.json() as? [String: Any])?["ok"] as? Bool == true)

        let t = ManifestFixture.entry("tiny.gguf").tensors![5]
        let original = [UInt8].contents(of: fx.path("tiny.gguf"))
        patchFile(fx.path("tiny.gguf"), at: t.offset + t.size / 2, [original[t.offset + t.size / 2] ^ 0x80])
        let bad = try CLIRunner.run(["manifest", "check", "--json", manifestPath])
        #expect(bad.status == 1)
        let doc = try #require(try bad.json() as? [String: Any])
        let files = try #require(doc["files"] as? [[String: Any]])
        let tiny = try #require(files.first { $0["path"] as? String == "tiny.gguf" })
        #expect(tiny["status"] as? String == "changed")
        #expect(tiny["changed_tensors"] as? [String] == [t.name])
        #expect(tiny["header_changed"] as? Bool == false)
        let text = try CLIRunner.run(["manifest", "check", manifestPath])
        #expect(text.status == 1)
        #expect(text.stdout.contains("tensor '\(t.name)' changed"))
        #expect(text.stdout.contains("✗ FAILED: 1 changed"))
    }

    @Test func singleFileGetsItsManifestBesideIt() throws {
        let fx = ManifestFixture()
        let r = try CLIRunner.run(["manifest", "create", fx.path("sharded/config.json")])
        #expect(r.status == 0, "\(r.stderr)")
        let m = try ManifestReader.read(path: fx.path("sharded/" + Manifest.defaultFileName))
        #expect(m.files.map(\.path) == ["config.json"])
    }

    @Test func outputElsewhereWithRoot() throws {
        let fx = ManifestFixture()
        let out = TemporaryDirectory()
        let path = out.path + "/model.manifest.json"
        #expect(try CLIRunner.run(["manifest", "create", "-o", path, "--root", fx.root, fx.root]).status == 0)
        #expect(try CLIRunner.run(["manifest", "check", "--root", fx.root, path]).status == 0)
        // Without --root, the manifest's own folder is checked: every file is missing there.
        #expect(try CLIRunner.run(["manifest", "check", path]).status == 1)
        // To stdout: the manifest itself.
        let printed = try CLIRunner.run(["manifest", "create", "-o", "-", fx.path("sharded")])
        #expect(printed.status == 0)
        #expect(try ManifestReader.parse(printed.stdout, name: "stdout").files.count == 2)
    }

    /// `-o ELSEWHERE DIR` records paths relative to DIR, not to the output's folder.
    @Test func outputElsewhereKeepsPathsRelativeToTheFolder() throws {
        let fx = ManifestFixture()
        let out = TemporaryDirectory()
        let path = out.path + "/elsewhere.manifest.json"
        let r = try CLIRunner.run(["manifest", "create", "-o", path, fx.path("sharded")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("--root"), "\(r.stdout)")
        let m = try ManifestReader.read(path: path)
        let printed = try CLIRunner.run(["manifest", "create", "-o", "-", fx.path("sharded")]).stdout
        let expected = try ManifestReader.parse(printed, name: "stdout").files.map(\.path)
        #expect(m.files.map(\.path) == expected)
        #expect(m.files.allSatisfy { !$0.path.contains("/") && !$0.path.hasPrefix("..") })
        #expect(try CLIRunner.run(["manifest", "check", "--root", fx.path("sharded"), path]).status == 0)
    }

    @Test func sha256sumTakesJSON() throws {
        let fx = ManifestFixture()
        _ = try fx.createAndWrite()
        let manifest = fx.path(Manifest.defaultFileName)
        let text = try CLIRunner.run(["manifest", "sha256sum", manifest])
        let json = try CLIRunner.run(["manifest", "sha256sum", "--json", manifest])
        #expect(text.status == 0 && json.status == 0, "\(json.stderr)")
        let doc = try #require(try json.json() as? [String: Any])
        #expect(doc["ok"] as? Bool == true)
        let files = try #require(doc["files"] as? [[String: String]])
        #expect(files.map { "\($0["sha256"]!)  \($0["path"]!)\n" }.joined() == text.stdout)
    }

    @Test func tamperedManifestExitsOneWithAClearMessage() throws {
        let dir = TemporaryDirectory()
        let cases: [(String, String)] = [
            ("not json at all", "not JSON"),
            ("{\"format\": \"weightcheck-manifest\", \"version\": 7}", "unknown manifest version 7"),
            ("{\"format\": \"weightcheck-manifest\", \"version\": 1, \"created\": \"x\", \"tool\": \"t\", \"files\": [{\"path\": \"../x\", "
                + "\"size\": 1, \"sha256\": \"\(String(repeating: "0", count: 64))\", \"format\": null}]}", "'..' component"),
            ("{\"format\": \"weightcheck-manifest\", \"version\": 1, \"created\": \"x\", \"tool\": \"t\", \"files\": [{\"path\": \"/etc/hostname\", "
                + "\"size\": 1, \"sha256\": \"\(String(repeating: "0", count: 64))\", \"format\": null}]}", "absolute path"),
        ]
        for (i, (text, words)) in cases.enumerated() {
            let p = dir.write("m\(i).json", Array(text.utf8))
            for sub in ["check", "sha256sum"] {
                let r = try CLIRunner.run(["manifest", sub, p])
                #expect(r.status == 1, "\(sub) \(words)")
                #expect(!r.crashed)
                #expect(r.stderr.hasPrefix("Error: \(p)"), "\(r.stderr)")
                #expect(r.stderr.contains(words), "\(r.stderr)")
                #expect(r.stdout.isEmpty)
            }
            let json = try CLIRunner.run(["manifest", "check", "--json", p])
            #expect((try json.json() as? [String: Any])?["ok"] as? Bool == false)
        }
    }

    @Test func usageErrorsExit64() throws {
        for args in [["manifest"], ["manifest", "frob"], ["manifest", "check"], ["manifest", "check", "a", "b"],
                     ["manifest", "create", "--strict", "."], ["manifest", "sha256sum", "--root", ".", "m.json"]] {
            let r = try CLIRunner.run(args)
            #expect(r.status == 64, "\(args)")
            #expect(r.stderr.hasPrefix("Error: "))
        }
        #expect(try CLIRunner.run(["manifest", "frob"]).stderr.contains("unknown subcommand 'frob'"))
        #expect(try CLIRunner.run(["help", "manifest"]).stdout.contains("manifest sha256sum [--json] <manifest>"))
    }
}
