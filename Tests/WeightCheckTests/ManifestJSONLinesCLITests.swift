// `manifest check --json-lines` and `--resume` end to end, both tiers: the file records are the `--json` report's
// entries (each naming the tier that proved it) and the summary is the rest of it; a run cut short, or killed
// with SIGKILL mid-scrub, and resumed reads only the files not recorded as passed (bytes_scanned says what was
// read) and ends with the uninterrupted run's report; a file changed since (mtime) is read again and a flipped
// byte in it caught; an XXH3-128 pass never stands for a SHA-256 run; the progress bar covers the whole run.
import Foundation
import Testing
@testable import WeightCheck

@Suite(.enabled(if: CLIRunner.binary != nil, "the weightcheck binary is built by swift test"))
struct ManifestJSONLinesCLITests {
    typealias L = JSONLinesCLITests

    /// The manifest fixture plus six generated GGUF files, recorded in a manifest; returns it and its path.
    static func scrubbed() throws -> (fx: ManifestFixture, manifest: String) {
        let fx = ManifestFixture()
        for (k, rows) in [8, 32, 64, 16, 48, 24].enumerated() {
            fx.dir.write("more/m\(k).gguf", ggufWithMatrix(rows: rows, cols: 16, seed: UInt64(k)))
        }
        let created = try CLIRunner.run(["manifest", "create", "--no-progress", fx.root])
        #expect(created.status == 0, "\(created.stderr)")
        return (fx, fx.path(Manifest.defaultFileName))
    }

    static func check(_ manifest: String, fast: Bool, _ more: [String] = []) throws -> CLIResult {
        try CLIRunner.run(["manifest", "check", "--no-progress"] + (fast ? ["--fast"] : []) + more + [manifest])
    }

    static func fileRecords(_ records: [JSONObject]) -> [JSONObject] {
        records.filter { $0["record"]?.stringValue == "file" }
    }

    /// Bytes of the passing files among `records` (those a resumed run does not read again).
    static func passedBytes(_ records: some Sequence<JSONObject>) -> Int {
        records.filter { $0["ok"]?.boolValue == true && !($0["tier"]?.isNull ?? true) }.reduce(0) { $0 + ($1["size"]?.intValue ?? 0) }
    }

    @Test(arguments: [false, true]) func linesAreTheJSONReport(fast: Bool) throws {
        let (fx, manifest) = try Self.scrubbed()
        // One flipped byte in a tensor, one file renamed, one extra file.
        let t = ManifestFixture.entry("tiny.gguf").tensors![3]
        let original = [UInt8].contents(of: fx.path("tiny.gguf"))
        patchFile(fx.path("tiny.gguf"), at: t.offset, [original[t.offset] ^ 0x10])
        try FileManager.default.moveItem(atPath: fx.path("sharded/config.json"), toPath: fx.path("config.moved"))
        fx.dir.write("notes.txt", Array("extra".utf8))
        let whole = try Self.check(manifest, fast: fast, ["--json"])
        let lines = try Self.check(manifest, fast: fast, ["--json-lines"])
        #expect(whole.status == 1 && lines.status == 1, "\(lines.stderr)")
        let doc = try #require(try JSONParser().parse(whole.stdout).objectValue)
        let records = try L.records(lines.stdout)
        #expect(records.first?["record"]?.stringValue == "start")
        #expect(records.first?["command"]?.stringValue == "manifest check" && records.first?["fast"]?.boolValue == fast)
        #expect(records.last?["record"]?.stringValue == "summary")
        let files = Self.fileRecords(records)
        #expect(files.count + 2 == records.count && files.count == 12)
        let expected = L.byPath(doc["files"]?.arrayValue ?? [])
        #expect(L.byPath(files.map(L.entry)) == expected)
        #expect(L.stable(try #require(records.last)) == L.stable(doc))
        // Every file read says which tier proved it; the damaged one is named to the tensor.
        let read = files.filter { ["ok", "changed"].contains($0["status"]?.stringValue) }
        #expect(read.count == 10 && read.allSatisfy { $0["tier"]?.stringValue == (fast ? "xxh3-128" : "sha256") })
        #expect(read.allSatisfy { $0["mtime_ns"]?.int64Value != nil && $0["inode"]?.uint64Value != nil })
        #expect(expected["tiny.gguf"]?["changed_tensors"] == .array([.string(t.name)]))
        #expect(expected["sharded/config.json"]?["status"]?.stringValue == "renamed")
        let both = try Self.check(manifest, fast: fast, ["--json", "--json-lines"])
        #expect(both.status == 64)
    }

    @Test(arguments: [(0, false), (3, false), (7, true), (10, true)])
    func resumedRunReadsOnlyWhatWasNotRecorded(kept: Int, fast: Bool) throws {
        let (fx, manifest) = try Self.scrubbed()
        let io = TemporaryDirectory()  // the lines files: outside the checked folder, where they would be extra files
        let t = ManifestFixture.entry("align64.gguf").tensors![1]
        let original = [UInt8].contents(of: fx.path("align64.gguf"))
        patchFile(fx.path("align64.gguf"), at: t.offset, [original[t.offset] ^ 0x01])
        let full = try Self.check(manifest, fast: fast, ["--json-lines"])
        #expect(full.status == 1)
        let fullRecords = try L.records(full.stdout)
        let fullSummary = try #require(fullRecords.last)
        let partial = io.write("partial.jsonl", Array(try L.cutShort(full.stdout, keeping: kept).utf8))
        let resumed = try Self.check(manifest, fast: fast, ["--json-lines", "--resume", partial])
        #expect(resumed.status == full.status, "\(resumed.stderr)")
        let records = try L.records(resumed.stdout)
        let summary = try #require(records.last)
        // Passed files recorded are not read again; the recorded failure (if recorded) is.
        let recorded = fullRecords.dropFirst().prefix(kept)
        let skipped = recorded.filter { $0["ok"]?.boolValue == true }
        #expect(summary["resumed_files"]?.intValue == skipped.count)
        #expect(summary["bytes_scanned"]?.intValue == (fullSummary["bytes_scanned"]?.intValue ?? 0) - Self.passedBytes(skipped))
        // The result is the uninterrupted run's, file by file and overall.
        #expect(L.byPath(Self.fileRecords(records).map { .object($0) }) == L.byPath(Self.fileRecords(fullRecords).map { .object($0) }))
        #expect(L.stable(summary, dropping: ["bytes_scanned", "resumed_files"])
                == L.stable(fullSummary, dropping: ["bytes_scanned", "resumed_files"]))
        // The resumed run's own lines resume to a run that reads only the failure (twice in the fast tier:
        // once for the whole-file digest, once to name the tensor).
        let again = io.write("again.jsonl", Array(resumed.stdout.utf8))
        let third = try Self.check(manifest, fast: fast, ["--json", "--resume", again])
        let doc = try #require(try JSONParser().parse(third.stdout).objectValue)
        #expect(doc["bytes_scanned"]?.intValue == original.count * (fast ? 2 : 1))
        #expect(doc["resumed_files"]?.intValue == 10)
        #expect(third.status == 1)
    }

    @Test func aKilledScrubResumesWhereItStopped() throws {
        let (fx, manifest) = try Self.scrubbed()
        defer { withExtendedLifetime(fx) {} }
        let io = TemporaryDirectory()  // the lines files: outside the checked folder, where they would be extra files
        let whole = try Self.check(manifest, fast: false, ["--json"])
        let wholeDoc = try #require(try JSONParser().parse(whole.stdout).objectValue)
        // A real process, killed with SIGKILL while it scrubs: it stops itself after 4 file records (a test hook),
        // and is killed once they are on disk.
        let out = io.write("killed.jsonl", [])
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try CLIRunner.requireBinary())
        p.arguments = ["manifest", "check", "--json-lines", "--no-progress", "--threads", "2", manifest]
        p.environment = ["WEIGHTCHECK_TEST_STALL_AFTER_RECORDS": "4", "PATH": "/usr/bin:/bin"]
        p.standardOutput = FileHandle(forWritingAtPath: out)
        p.standardError = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(120)
        var lines: [JSONObject] = []
        while Date() < deadline {
            lines = (try? L.records(String(decoding: [UInt8].contents(of: out), as: UTF8.self))) ?? []
            if Self.fileRecords(lines).count >= 4 || !p.isRunning { break }
            usleep(10_000)
        }
        #expect(p.isRunning, "the run ended before it could be killed")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGKILL)
        let recorded = Self.fileRecords(try L.records(String(decoding: [UInt8].contents(of: out), as: UTF8.self)))
        #expect(recorded.count == 4 && !recorded.contains { $0["record"]?.stringValue == "summary" })
        let resumed = try Self.check(manifest, fast: false, ["--json", "--resume", out])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let doc = try #require(try JSONParser().parse(resumed.stdout).objectValue)
        #expect(doc["resumed_files"]?.intValue == 4)
        #expect(doc["bytes_scanned"]?.intValue == (wholeDoc["bytes_scanned"]?.intValue ?? 0) - Self.passedBytes(recorded))
        #expect(L.stable(doc, dropping: ["bytes_scanned", "resumed_files"]) == L.stable(wholeDoc, dropping: ["bytes_scanned", "resumed_files"]))
        #expect(L.byPath(doc["files"]?.arrayValue ?? []) == L.byPath(wholeDoc["files"]?.arrayValue ?? []))
    }

    @Test func aByteFlippedAfterTheRecordIsCaughtWhenTheMtimeChanged() throws {
        let (fx, manifest) = try Self.scrubbed()
        let io = TemporaryDirectory()  // the lines files: outside the checked folder, where they would be extra files
        let full = try Self.check(manifest, fast: true, ["--json-lines"])
        #expect(full.status == 0, "\(full.stderr)")
        let lines = io.write("run.jsonl", Array(full.stdout.utf8))
        let path = fx.path("tiny.gguf")
        var st = stat()
        #expect(stat(path, &st) == 0)
        let t = ManifestFixture.entry("tiny.gguf").tensors![2]
        let original = [UInt8].contents(of: path)
        // Flipped in place (same inode), as bit rot or a stray write would.
        let fd = open(path, O_WRONLY)
        var flipped = original[t.offset + 1] ^ 0x04
        #expect(fd >= 0 && pwrite(fd, &flipped, 1, off_t(t.offset + 1)) == 1)
        close(fd)
        #expect(FileIdentity.of(path)?.inode == UInt64(st.st_ino))
        // Rewritten with a new mtime: read again, the flip named to the tensor.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: path)
        let resumed = try Self.check(manifest, fast: true, ["--json", "--resume", lines])
        #expect(resumed.status == 1)
        let doc = try #require(try JSONParser().parse(resumed.stdout).objectValue)
        #expect(doc["resumed_files"]?.intValue == 10)
        let tiny = L.byPath(doc["files"]?.arrayValue ?? [])["tiny.gguf"]
        #expect(tiny?["status"]?.stringValue == "changed" && tiny?["changed_tensors"] == .array([.string(t.name)]))
        // The rule, as rsync's quick check: the same size, mtime and inode stand for the same bytes. Put back
        // to the recorded mtime, the flipped file is not read (the next full scrub, without --resume, reads it).
        var times = [st.st_atim, st.st_mtim]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        let trusted = try Self.check(manifest, fast: true, ["--json", "--resume", lines])
        let trustedDoc = try #require(try JSONParser().parse(trusted.stdout).objectValue)
        #expect(trusted.status == 0 && trustedDoc["resumed_files"]?.intValue == 11 && trustedDoc["bytes_scanned"]?.intValue == 0)
        #expect(try Self.check(manifest, fast: true, ["--json"]).status == 1)
    }

    @Test func tiersAndModesResumeAsTheyProve() throws {
        let (fx, manifest) = try Self.scrubbed()
        let io = TemporaryDirectory()  // the lines files: outside the checked folder, where they would be extra files
        let fast = io.write("fast.jsonl", Array(try Self.check(manifest, fast: true, ["--json-lines"]).stdout.utf8))
        let sha = io.write("sha.jsonl", Array(try Self.check(manifest, fast: false, ["--json-lines"]).stdout.utf8))
        func resumedFiles(_ fastRun: Bool, _ from: String, _ more: [String] = []) throws -> Int? {
            let r = try Self.check(manifest, fast: fastRun, ["--json", "--resume", from] + more)
            return try JSONParser().parse(r.stdout).objectValue?["resumed_files"]?.intValue
        }
        // An XXH3-128 pass does not stand for the SHA-256 tier; a SHA-256 pass stands for either.
        #expect(try resumedFiles(false, fast) == 0)
        #expect(try resumedFiles(true, sha) == 11)
        #expect(try resumedFiles(true, fast) == 11)
        // With --shard: a part resumed from its own lines reads nothing; merged, the parts are the whole report.
        let part = io.write("part0.jsonl", Array(try Self.check(manifest, fast: true, ["--json-lines", "--shard", "0/2"]).stdout.utf8))
        let partRecords = Self.fileRecords(try L.records(String(decoding: [UInt8].contents(of: part), as: UTF8.self)))
        #expect(!partRecords.isEmpty && partRecords.count < 11)
        let again = try Self.check(manifest, fast: true, ["--json", "--resume", part, "--shard", "0/2"])
        let doc = try #require(try JSONParser().parse(again.stdout).objectValue)
        #expect(doc["resumed_files"]?.intValue == partRecords.count && doc["bytes_scanned"]?.intValue == 0)
        // Lines of another command are refused.
        let verify = io.write("verify.jsonl", Array(try CLIRunner.run(["verify", "--json-lines", fx.path("tiny.gguf")]).stdout.utf8))
        let refused = try Self.check(manifest, fast: false, ["--resume", verify])
        #expect(refused.status == 1 && refused.stderr.contains("made by 'verify', not 'manifest check'"), "\(refused.stderr)")
    }

    @Test func progressBarCoversTheWholeRun() throws {
        let (fx, manifest) = try Self.scrubbed()
        let r = try TerminalRunner.run(["manifest", "check", "--progress", "--json", "--threads", "2", manifest],
                                       environment: ["COLUMNS": "80"])
        #expect(r.status == 0, "\(r.stderr)")
        let frames = r.stderr.split(separator: "\r").map { $0.replacingOccurrences(of: "\u{1B}[K", with: "") }
            .filter { $0.hasPrefix("manifest ") }
        try #require(!frames.isEmpty, "no progress frames in: \(r.stderr)")
        #expect(frames.allSatisfy { $0.count <= 79 })
        let doc = try #require(try JSONParser().parse(r.stdout).objectValue)
        let input = doc["bytes_scanned"]?.intValue ?? 0
        let fixtureBytes: Int = ManifestFixture.expectedEntries.map(\.size).reduce(0, +)
        var generated = 0
        for k in 0..<6 { generated += [UInt8].contents(of: fx.path("more/m\(k).gguf")).count }
        #expect(input == fixtureBytes + generated)
        let last = try #require(frames.last)
        #expect(last.contains("100%") && last.contains("11/11 files") && last.contains("GB/s"), "\(last)")
    }
}
