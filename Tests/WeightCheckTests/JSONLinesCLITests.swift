// `verify --json-lines` and `--resume` end to end: every line parses with the library's JSON parser, the file
// records are the `--json` report's entries and the summary is the rest of it; a run cut short (its lines file
// truncated mid-record) and resumed reads only the files not recorded as passed, and ends with the report of
// an uninterrupted run; a file changed since (mtime, or replaced: inode) and a recorded failure are read again.
import Foundation
import Testing
@testable import WeightCheck

@Suite(.enabled(if: CLIRunner.binary != nil, "the weightcheck binary is built by swift test"))
struct JSONLinesCLITests {
    /// Every line of `--json-lines` output, parsed; fails the test on a line that does not parse.
    static func records(_ stdout: String) throws -> [JSONObject] {
        try stdout.split(separator: "\n").map { line in
            let value = try JSONParser().parse(String(line))
            return try #require(value.objectValue, "not an object: \(line)")
        }
    }

    /// The record without the keys only a record has.
    static func entry(_ record: JSONObject) -> JSONValue {
        var o = record
        for key in ["record", "mtime_ns", "inode"] { o[key] = nil }
        return .object(o)
    }

    /// The file entries of a `--json` report, or of the file records of `--json-lines` output, by path.
    static func byPath(_ files: [JSONValue]) -> [String: JSONValue] {
        Dictionary(files.map { ($0["path"]?.stringValue ?? "", $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// A summary or report without what differs between runs.
    static func stable(_ doc: JSONObject, dropping more: [String] = []) -> JSONValue {
        var o = doc
        for key in ["record", "seconds", "files"] + more { o[key] = nil }
        return .object(o)
    }

    /// The archive's folders, each given (the archive's root alone is read as the cache it holds).
    static func inputs(_ root: String) -> [String] {
        ["plain", "st", "split", "sharded", "sizes", "hub"].map { root + "/" + $0 }
    }

    @Test func linesAreTheJSONReport() throws {
        let dir = TemporaryDirectory()
        let (root, flipped) = ShardMergeCLITests.archive(dir)
        let whole = try CLIRunner.run(["verify", "--json", "--no-progress"] + Self.inputs(root))
        let lines = try CLIRunner.run(["verify", "--json-lines", "--no-progress"] + Self.inputs(root))
        #expect(lines.status == whole.status && whole.status == 1, "\(lines.stderr)")
        let doc = try #require(try JSONParser().parse(whole.stdout).objectValue)
        let records = try Self.records(lines.stdout)
        #expect(records.first?["record"]?.stringValue == "start")
        #expect(records.first?["command"]?.stringValue == "verify")
        #expect(records.last?["record"]?.stringValue == "summary")
        let files = records.filter { $0["record"]?.stringValue == "file" }
        #expect(files.count + 2 == records.count && files.count >= 15)
        #expect(files.allSatisfy { $0["mtime_ns"]?.int64Value != nil && $0["inode"]?.uint64Value != nil })
        let expected = Self.byPath(doc["files"]?.arrayValue ?? [])
        #expect(expected.count == files.count)
        #expect(Self.byPath(files.map(Self.entry)) == expected)
        #expect(expected[flipped]?["ok"]?.boolValue == false)
        #expect(Self.stable(try #require(records.last)) == Self.stable(doc))
        let both = try CLIRunner.run(["verify", "--json", "--json-lines"] + Self.inputs(root))
        #expect(both.status == 64)
    }

    /// The lines of a run killed after `kept` file records, in the middle of writing the next.
    static func cutShort(_ stdout: String, keeping kept: Int) throws -> String {
        let lines = stdout.split(separator: "\n").map(String.init)
        try #require(lines.count > kept + 2, "too few records to cut after \(kept): \(stdout)")
        let next = lines[kept + 1]
        return (lines.prefix(kept + 1) + [String(next.prefix(next.count / 2))]).joined(separator: "\n")
    }

    @Test(arguments: [0, 3, 7]) func resumedRunReadsOnlyWhatWasNotRecorded(kept: Int) throws {
        let dir = TemporaryDirectory()
        let (root, _) = ShardMergeCLITests.archive(dir)
        let full = try CLIRunner.run(["verify", "--json-lines", "--no-progress"] + Self.inputs(root))
        let fullRecords = try Self.records(full.stdout)
        let fullSummary = try #require(fullRecords.last)
        let recorded = fullRecords.dropFirst().prefix(kept)
        let partial = dir.write("partial.jsonl", Array(try Self.cutShort(full.stdout, keeping: kept).utf8))
        let resumed = try CLIRunner.run(["verify", "--json-lines", "--no-progress", "--resume", partial] + Self.inputs(root))
        #expect(resumed.status == full.status, "\(resumed.stderr)")
        let records = try Self.records(resumed.stdout)
        let summary = try #require(records.last)
        // Passed files recorded with their digest are not read again; recorded failures are.
        let skipped = recorded.filter { $0["ok"]?.boolValue == true }
        let skippedRead = skipped.filter { $0["sha256"]?.isNull == false }.reduce(0) { $0 + ($1["size"]?.intValue ?? 0) }
        #expect(summary["resumed_files"]?.intValue == skipped.count)
        #expect(summary["bytes_scanned"]?.intValue == (fullSummary["bytes_scanned"]?.intValue ?? 0) - skippedRead)
        // The result is the uninterrupted run's, file by file and overall.
        let files = records.filter { $0["record"]?.stringValue == "file" }
        let fullFiles = fullRecords.filter { $0["record"]?.stringValue == "file" }
        #expect(Self.byPath(files.map { .object($0) }) == Self.byPath(fullFiles.map { .object($0) }))
        #expect(Self.stable(summary, dropping: ["bytes_scanned", "resumed_files"])
                == Self.stable(fullSummary, dropping: ["bytes_scanned", "resumed_files"]))
        // The resumed run's own lines resume to a run that reads nothing but the failures.
        let again = dir.write("again.jsonl", Array(resumed.stdout.utf8))
        let third = try CLIRunner.run(["verify", "--json", "--no-progress", "--resume", again] + Self.inputs(root))
        let doc = try #require(try JSONParser().parse(third.stdout).objectValue)
        let failedBytes = fullFiles.filter { $0["ok"]?.boolValue == false && $0["sha256"]?.isNull == false }
            .reduce(0) { $0 + ($1["size"]?.intValue ?? 0) }
        #expect(doc["bytes_scanned"]?.intValue == failedBytes)
        #expect(third.status == full.status)
    }

    @Test func changedFilesAreReadAgain() throws {
        let dir = TemporaryDirectory()
        let (root, _) = ShardMergeCLITests.archive(dir)
        let full = try CLIRunner.run(["verify", "--json-lines", "--no-progress"] + Self.inputs(root))
        let lines = dir.write("run.jsonl", Array(full.stdout.utf8))
        let touched = root + "/sizes/m1.gguf", replaced = root + "/sizes/m2.gguf"
        // A new mtime; and a copy renamed over the original with the same size and mtime (a new inode).
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: touched)
        let copy = dir.write("copy.gguf", .contents(of: replaced))
        var st = stat()
        #expect(stat(replaced, &st) == 0)
        var times = [st.st_atim, st.st_mtim]
        #expect(utimensat(AT_FDCWD, copy, &times, 0) == 0)
        let before = try #require(FileIdentity.of(replaced)), after = try #require(FileIdentity.of(copy))
        #expect(before.size == after.size && before.mtimeNanoseconds == after.mtimeNanoseconds && before.inode != after.inode)
        #expect(rename(copy, replaced) == 0)
        let resumed = try CLIRunner.run(["verify", "--json", "--no-progress", "--resume", lines] + Self.inputs(root))
        let doc = try #require(try JSONParser().parse(resumed.stdout).objectValue)
        let failed = try Self.records(full.stdout).filter { $0["record"]?.stringValue == "file" && $0["ok"]?.boolValue == false }
        let reread = [touched, replaced].map { [UInt8].contents(of: $0).count }.reduce(0, +)
            + failed.reduce(0) { $0 + ($1["size"]?.intValue ?? 0) }
        #expect(doc["bytes_scanned"]?.intValue == reread)
        #expect(resumed.status == full.status)
    }

    @Test func resumeRefusesOtherOutput() throws {
        let dir = TemporaryDirectory()
        let quick = try CLIRunner.run(["verify", "--json-lines", "--quick", TestData.path("gguf/tiny.gguf")])
        let lines = dir.write("quick.jsonl", Array(quick.stdout.utf8))
        let refused = try CLIRunner.run(["verify", "--resume", lines, TestData.path("gguf/tiny.gguf")])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("made by 'verify --quick', not 'verify'"))
        let report = dir.write("report.json", Array(try CLIRunner.run(["verify", "--json", TestData.path("gguf/tiny.gguf")]).stdout.utf8))
        let notLines = try CLIRunner.run(["verify", "--resume", report, TestData.path("gguf/tiny.gguf")])
        #expect(notLines.status == 1)
        #expect(notLines.stderr.contains("is it --json-lines output?"))
        #expect(try CLIRunner.run(["verify", "--io", "spinning", TestData.path("gguf/tiny.gguf")]).status == 64)
    }

    @Test func ioModesGiveTheSameReport() throws {
        let dir = TemporaryDirectory()
        let (root, _) = ShardMergeCLITests.archive(dir)
        let reports = try ["auto", "sequential", "parallel"].map { mode in
            let r = try CLIRunner.run(["verify", "--json", "--no-progress", "--io", mode] + Self.inputs(root))
            var doc = try #require(try JSONParser().parse(r.stdout).objectValue)
            doc["seconds"] = nil
            return doc
        }
        #expect(reports[0] == reports[1] && reports[1] == reports[2])
    }
}
