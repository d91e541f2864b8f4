// JSONLines: `--json-lines` — one compact JSON record per line on stdout, written the moment it is known, so a
// killed run leaves every finished file on record and `--resume` can pick up from there. Records:
//   {"record": "start", "command", "quick", "tool", …}                   first, what made the lines
//                                                                        (manifest check adds "fast", "manifest")
//   {"record": "file", …the file's entry in --json…, "mtime_ns", "inode"}  one per file, as it completes
//   {"record": "summary", …the --json document without "files"…}        last
import Foundation
import WeightCheck

final class JSONLinesWriter: Sendable {
    /// Serializes writes from worker threads; each line is one write(2), so lines never interleave. The count
    /// is of file records written.
    private let lock = Locked<Int>(0)

    /// A test hook, for a kill mid-run at a known point: with `WEIGHTCHECK_TEST_STALL_AFTER_RECORDS=N` in the
    /// environment, the writer stops (holding every other record back) once N file records are out.
    private let stallAfter = ProcessInfo.processInfo.environment["WEIGHTCHECK_TEST_STALL_AFTER_RECORDS"].flatMap { Int($0) }

    /// The first record: which command and mode made the lines (`--resume` refuses lines of another), and `more`.
    func start(command: String, quick: Bool, more: JSONObject = [:]) {
        var record: JSONObject = ["record": "start", "command": .string(command), "quick": .bool(quick),
                                  "tool": .string("weightcheck \(CLI.version)")]
        for (k, v) in more { record[k] = v }
        write(.object(record))
    }

    /// A file's record: its entry in the `--json` report, marked, with the identity `--resume` compares.
    func file(_ entry: JSONValue, identity: FileIdentity?) {
        guard case .object(let o) = entry else { return }
        var record: JSONObject = ["record": "file"]
        for (k, v) in o { record[k] = v }
        record["mtime_ns"] = identity.map { .integer($0.mtimeNanoseconds) } ?? .null
        record["inode"] = identity.map { .unsigned($0.inode) } ?? .null
        write(.object(record), file: true)
    }

    /// The last record: the `--json` document without its files, marked.
    func summary(_ document: JSONValue) {
        guard case .object(let o) = document else { return }
        var record: JSONObject = ["record": "summary"]
        for (k, v) in o where k != "files" { record[k] = v }
        write(.object(record))
    }

    private func write(_ record: JSONValue, file: Bool = false) {
        let line = Data((record.serialized(pretty: false) + "\n").utf8)
        let stallAfter = self.stallAfter
        lock.withLock { count in
            FileHandle.standardOutput.write(line)
            if file { count += 1 }
            if let stallAfter, file, count >= stallAfter { while true { sleep(60) } }
        }
    }
}
