// `--shard I/N` and `report merge` end to end: for N = 1…4, N processes each check one part of an archive
// (plain files, a GGUF split set, a safetensors set, a Hugging Face cache, one flipped byte), and the merged
// report equals the unsharded run's in every file, finding and the exit status; bad part sets are refused.
import Foundation
import Testing
@testable import WeightCheck

@Suite(.needsWeightcheck)
struct ShardMergeCLITests {
    /// An archive of several layouts; one byte of a cached blob (proved by its name) is flipped.
    static func archive(_ dir: TemporaryDirectory) -> (root: String, flipped: String) {
        let root = dir.path + "/archive"
        for (rel, fixture) in [("plain/tiny.gguf", "gguf/tiny.gguf"), ("plain/align64.gguf", "gguf/align64.gguf"),
                               ("st/dtypes.safetensors", "safetensors/dtypes.safetensors")] {
            dir.write("archive/" + rel, .contents(of: TestData.path(fixture)))
        }
        for name in ["model-00001-of-00003.gguf", "model-00002-of-00003.gguf", "model-00003-of-00003.gguf"] {
            dir.write("archive/split/" + name, .contents(of: TestData.path("gguf/split/" + name)))
        }
        for name in ["config.json", "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors",
                     "model.safetensors.index.json"] {
            dir.write("archive/sharded/" + name, .contents(of: TestData.path("safetensors/sharded/" + name)))
        }
        for (k, rows) in [8, 32, 64, 16].enumerated() {
            dir.write("archive/sizes/m\(k).gguf", ggufWithMatrix(rows: rows, cols: 16, seed: UInt64(k)))
        }
        let cache = HubCacheBuilder(root: root + "/hub")
        let blob = cache.add("model.gguf", ggufWithMatrix(rows: 48, cols: 16, seed: 9))
        cache.add("config.json", Array("{\"model_type\": \"llama\"}".utf8), lfs: false)
        let other = HubCacheBuilder(root: root + "/hub", id: "org/other")
        other.add("w.gguf", ggufWithMatrix(rows: 24, cols: 16, seed: 3))
        // One flipped byte inside the matrix of the cached model: only its digest can tell.
        let bytes = [UInt8].contents(of: blob)
        patchFile(blob, at: bytes.count - 200, [bytes[bytes.count - 200] ^ 0x01])
        return (root, "org/model@01234567/model.gguf")
    }

    /// The report without what differs between runs (time) and what marks a part or a merge.
    static func comparable(_ stdout: String) throws -> String {
        var doc = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
        for key in ["seconds", "shard", "merged"] { doc[key] = nil }
        return String(decoding: try JSONSerialization.data(withJSONObject: doc, options: [.sortedKeys]), as: UTF8.self)
    }

    /// Runs `command + [--shard i/n, --json] + tail` for every part at once, writes each report under `dir`,
    /// and returns their paths.
    static func parts(_ n: Int, _ command: [String], _ tail: [String], dir: TemporaryDirectory, prefix: String = "part") throws -> [String] {
        let results = ResultBox(n)
        DispatchQueue.concurrentPerform(iterations: n) { i in
            results.set(i, try? CLIRunner.run(command + ["--shard", "\(i)/\(n)", "--json", "--no-progress"] + tail))
        }
        return try (0..<n).map { i in
            let r = try #require(results.get(i))
            #expect(!r.crashed)
            return dir.write("\(prefix)-\(n)-\(i).json", Array(r.stdout.utf8))
        }
    }

    @Test(arguments: 1...4) func verifyPartsMergeToTheUnshardedReport(n: Int) throws {
        let dir = TemporaryDirectory()
        let (root, flipped) = Self.archive(dir)
        let whole = try CLIRunner.run(["verify", "--json", "--no-progress", root])
        #expect(whole.status == 1, "\(whole.stdout)")
        #expect(whole.stdout.contains(flipped))
        let files = try Self.parts(n, ["verify"], [root], dir: dir)
        let merged = try CLIRunner.run(["report", "merge", "--json"] + files.reversed())
        #expect(merged.status == whole.status, "\(merged.stderr)")
        #expect(try Self.comparable(merged.stdout) == Self.comparable(whole.stdout))
        let doc = try #require(try merged.json() as? [String: Any])
        let bad = (doc["files"] as? [[String: Any]] ?? []).filter { $0["ok"] as? Bool == false }.compactMap { $0["path"] as? String }
        #expect(bad == [flipped])
        let text = try CLIRunner.run(["report", "merge"] + files)
        #expect(text.status == 1)
        #expect(text.stdout.contains("✗ \(flipped)"))
        #expect(text.stdout.contains("\(n) parts merged"))
    }

    @Test(arguments: 1...4) func manifestCheckPartsMergeToTheUnshardedReport(n: Int) throws {
        let fx = ManifestFixture()
        let created = try CLIRunner.run(["manifest", "create", "--no-progress", fx.root])
        #expect(created.status == 0, "\(created.stderr)")
        let manifest = fx.path(Manifest.defaultFileName)
        // One flipped byte in a tensor, one file renamed, one extra file.
        let t = ManifestFixture.entry("tiny.gguf").tensors![3]
        let original = [UInt8].contents(of: fx.path("tiny.gguf"))
        patchFile(fx.path("tiny.gguf"), at: t.offset, [original[t.offset] ^ 0x10])
        let renamed = try #require(ManifestFixture.expectedEntries.last { $0.format == nil })
        try FileManager.default.moveItem(atPath: fx.path(renamed.path), toPath: fx.path(renamed.path + ".moved"))
        fx.dir.write("notes.txt", Array("extra".utf8))
        let whole = try CLIRunner.run(["manifest", "check", "--json", "--no-progress", manifest])
        #expect(whole.status == 1)
        let dir = TemporaryDirectory()
        let files = try Self.parts(n, ["manifest", "check"], [manifest], dir: dir)
        let merged = try CLIRunner.run(["report", "merge", "--json"] + files)
        #expect(merged.status == whole.status, "\(merged.stderr)")
        #expect(try Self.comparable(merged.stdout) == Self.comparable(whole.stdout))
        let doc = try #require(try merged.json() as? [String: Any])
        let tiny = (doc["files"] as? [[String: Any]] ?? []).first { $0["path"] as? String == "tiny.gguf" }
        #expect(tiny?["changed_tensors"] as? [String] == [t.name])
    }

    @Test func mergeRefusesMissingDuplicatedAndForeignParts() throws {
        let dir = TemporaryDirectory()
        let (root, _) = Self.archive(dir)
        let three = try Self.parts(3, ["verify"], [root], dir: dir)
        let missing = try CLIRunner.run(["report", "merge", three[0], three[2]])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("missing part 1/3"))
        let twice = try CLIRunner.run(["report", "merge", three[0], three[1], three[2], three[1]])
        #expect(twice.status == 1)
        #expect(twice.stderr.contains("part 1/3 given 2 times (\(three[1]), \(three[1]))"))
        let two = try Self.parts(2, ["verify"], [root], dir: dir)
        let counts = try CLIRunner.run(["report", "merge", "--json", three[0], three[1], two[1]])
        #expect(counts.status == 1)
        #expect(counts.stderr.contains("parts of different runs") && counts.stderr.contains(two[1]))
        #expect((try counts.json() as? [String: Any])?["ok"] as? Bool == false)
        let fewer = try Self.parts(2, ["verify"], [root + "/plain"], dir: dir, prefix: "plain")
        let inputs = try CLIRunner.run(["report", "merge", two[0], fewer[1]])
        #expect(inputs.status == 1)
        #expect(inputs.stderr.contains("parts of different runs") && inputs.stderr.contains(fewer[1]))
        let unsharded = dir.write("whole.json", Array(try CLIRunner.run(["verify", "--json", root]).stdout.utf8))
        let notPart = try CLIRunner.run(["report", "merge", unsharded])
        #expect(notPart.status == 1)
        #expect(notPart.stderr.contains("\(unsharded): not a part report"))
        let usage = try CLIRunner.run(["verify", "--shard", "4/4", root])
        #expect(usage.status == 64)
    }
}

/// Results written from concurrent iterations.
final class ResultBox: @unchecked Sendable {
    private var items: [CLIResult?]
    private let lock = NSLock()
    init(_ n: Int) { items = Array(repeating: nil, count: n) }
    func set(_ i: Int, _ r: CLIResult?) { lock.lock(); items[i] = r; lock.unlock() }
    func get(_ i: Int) -> CLIResult? { lock.lock(); defer { lock.unlock() }; return items[i] }
}

@Suite(.needsWeightcheck, .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/xargs"),
                                    "no /usr/bin/xargs to run the script with"))
struct LocalParallelScriptTests {
    /// benchmarks/deploy/local-parallel.sh with `xargs -P 3`: the merged report equals the unsharded run, exit status too.
    @Test func localParallelScript() throws {
        let dir = TemporaryDirectory()
        let (root, flipped) = ShardMergeCLITests.archive(dir)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [TestData.root.appendingPathComponent("benchmarks/deploy/local-parallel.sh").path, "3", dir.path + "/out", "verify", root]
        p.environment = ["WEIGHTCHECK": try #require(CLIRunner.binary), "ENGINE": "xargs", "PATH": "/usr/bin:/bin"]
        p.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try p.run()
        p.waitUntilExit()
        let whole = try CLIRunner.run(["verify", "--json", "--no-progress", root])
        #expect(p.terminationStatus == whole.status)
        let merged = String(decoding: [UInt8].contents(of: dir.path + "/out/report.json"), as: UTF8.self)
        #expect(merged.contains(flipped))
        #expect(try ShardMergeCLITests.comparable(merged) == ShardMergeCLITests.comparable(whole.stdout))
    }
}
