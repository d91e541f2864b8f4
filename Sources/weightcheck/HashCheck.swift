// `weightcheck hash --check LIST`: verifies a sha256sum / xxhsum / `hash --tensors` list the way
// `sha256sum -c` does — `PATH: OK` / `PATH: FAILED`, missing files and malformed lines are failures.
import Foundation
import WeightCheck

enum HashCheck {
    static func run(list: String, algorithm forced: HashAlgorithm?, threads: Int?, args: ParsedArguments,
                    console: Console) -> Int32 {
        let bytes: [UInt8]
        switch InputFile.read(list) {
        case .success(let b): bytes = b
        case .failure(let reason):
            return unreadableList(list, "cannot read the list: \(reason.text)", args: args, console: console)
        }
        let parsed = ChecksumList.parse(bytes, forcing: forced)
        for m in parsed.malformed { console.fail("\(list):\(m.lineNumber): \(m.reason)") }
        if parsed.entries.isEmpty && parsed.malformed.isEmpty {
            return unreadableList(list, "no checksum lines found", args: args, console: console)
        }
        let bar = ProgressBar(console: console, args: args, label: "check")
        let outcomes = ChecksumCheck.check(parsed.entries, engine: ScanEngine(threads: threads)) { bar.update(done: $0, total: $1) }
        bar.finish()

        var failed = 0, unreadable = 0
        var documents: [JSONValue] = []
        for outcome in outcomes {
            let entry = outcome.entry
            let shown = TerminalText.checkedName(entry.name)
            switch outcome.status {
            case "unreadable":
                unreadable += 1
                console.fail("\(entry.name): \(outcome.problem ?? "not hashed")")
                if !args.json { console.print(shown + ": FAILED open or read") }
            case "ok":
                if !args.json { console.print(shown + ": OK") }
            default:
                failed += 1
                if !args.json { console.print(shown + ": FAILED") }
            }
            var doc: JSONObject = ["line": .integer(Int64(entry.lineNumber)), "path": .string(entry.name),
                                   "algorithm": .string(entry.algorithm.rawValue), "status": .string(outcome.status),
                                   "expected": .string(entry.hex), "actual": outcome.actual.map { .string($0) } ?? .null]
            doc["error"] = outcome.problem.map { .string($0) } ?? .null
            documents.append(.object(doc))
        }
        func plural(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
        if !parsed.malformed.isEmpty {
            console.warn(plural(parsed.malformed.count, "line is", "lines are") + " improperly formatted")
        }
        if unreadable > 0 {
            console.warn(plural(unreadable, "listed file", "listed files") + " could not be read")
        }
        if failed > 0 {
            console.warn(plural(failed, "computed checksum", "computed checksums") + " did NOT match")
        }
        let ok = parsed.malformed.isEmpty && unreadable == 0 && failed == 0
        if args.json {
            console.print(document(list: list, ok: ok, error: nil, checked: documents, malformed: parsed.malformed))
        }
        return ok ? ExitCode.ok : ExitCode.problem
    }

    /// The one JSON shape of `hash --check`, whether the list could be read or not.
    private static func document(list: String, ok: Bool, error: String?, checked: [JSONValue],
                                 malformed: [ChecksumList.Malformed]) -> String {
        let doc: JSONValue = [
            "ok": .bool(ok),
            "list": .string(list),
            "error": error.map { .string($0) } ?? .null,
            "checked": .array(checked),
            "malformed": .array(malformed.map { ["line": .integer(Int64($0.lineNumber)), "reason": .string($0.reason)] }),
        ]
        return doc.serialized(pretty: true)
    }

    /// A list that cannot be read or holds no lines: the reason on stderr, and with --json the document saying so.
    private static func unreadableList(_ list: String, _ reason: String, args: ParsedArguments, console: Console) -> Int32 {
        console.fail("\(list): \(reason)")
        if args.json { console.print(document(list: list, ok: false, error: reason, checked: [], malformed: [])) }
        return ExitCode.problem
    }
}
