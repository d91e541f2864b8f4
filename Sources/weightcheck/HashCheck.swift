// `weightcheck hash --check LIST`: verifies a sha256sum / xxhsum / `hash --tensors` list the way
// `sha256sum -c` does — `PATH: OK` / `PATH: FAILED`, missing files and malformed lines are failures.
import Foundation
import WeightCheck

enum HashCheck {
    /// What one list line asks for.
    private struct Entry {
        let lineNumber: Int
        /// The name as the list gives it (printed back).
        let name: String
        let expected: String
        let algorithm: HashAlgorithm
        /// The file to read (the name, or its part before `:TENSOR`).
        var path: String
        /// The tensor, for `PATH:TENSOR` lines.
        var tensor: String?
        /// Why the line cannot be checked (unreadable file, unknown tensor), when it cannot.
        var problem: String?
    }

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
        var entries = parsed.entries.map {
            Entry(lineNumber: $0.lineNumber, name: $0.name, expected: $0.hex, algorithm: $0.algorithm, path: $0.name)
        }
        let (requests, requestOf) = plan(&entries)
        let bar = ProgressBar(console: console, args: args, label: "check")
        let results = ScanEngine(threads: threads).run(requests) { bar.update(done: $0, total: $1) }
        bar.finish()

        var failed = 0, unreadable = 0
        var documents: [JSONValue] = []
        for entry in entries {
            var actual: String? = nil
            if entry.problem == nil, let r = requestOf[entry.path].map({ results[$0] }) {
                if let tensor = entry.tensor {
                    actual = r.tensors.first { $0.tensor.name == tensor }?.digests[entry.algorithm]?.hexString
                } else {
                    actual = r.digests[entry.algorithm]?.hexString
                }
            }
            let status: String
            let shown = TerminalText.checkedName(entry.name)
            if let problem = entry.problem ?? (actual == nil ? "not hashed" : nil) {
                unreadable += 1
                status = "unreadable"
                console.fail("\(entry.name): \(problem)")
                if !args.json { console.print(shown + ": FAILED open or read") }
            } else if actual == entry.expected {
                status = "ok"
                if !args.json { console.print(shown + ": OK") }
            } else {
                failed += 1
                status = "failed"
                if !args.json { console.print(shown + ": FAILED") }
            }
            var doc: JSONObject = ["line": .integer(Int64(entry.lineNumber)), "path": .string(entry.name),
                                   "algorithm": .string(entry.algorithm.rawValue), "status": .string(status),
                                   "expected": .string(entry.expected), "actual": actual.map { .string($0) } ?? .null]
            doc["error"] = entry.problem.map { .string($0) } ?? .null
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

    /// Resolves each entry to a file (or a tensor of one) and builds one scan request per distinct file.
    private static func plan(_ entries: inout [Entry]) -> ([ScanRequest], [String: Int]) {
        var files: [String: (file: MappedFile, weights: WeightFile?)] = [:]
        var failures: [String: String] = [:]
        func open(_ path: String, needWeights: Bool) -> String? {
            if let failure = failures[path] { return failure }
            if files[path] == nil {
                do throws(SystemError) {
                    files[path] = (try MappedFile(path: path), nil)
                } catch {
                    failures[path] = error.reasonWithoutPath
                    return failures[path]
                }
            }
            if needWeights, files[path]!.weights == nil {
                do throws(WeightFileError) {
                    files[path]!.weights = try WeightFile(files[path]!.file)
                } catch {
                    return "cannot list tensors: " + error.finding.message
                }
            }
            return nil
        }
        for i in entries.indices {
            let name = entries[i].name
            if DirectoryWalker.kind(of: name) == .other {
                entries[i].problem = TerminalText.notRegularFile
                continue
            }
            if DirectoryWalker.kind(of: name) == .file || !name.contains(":") {
                entries[i].problem = open(name, needWeights: false)
                continue
            }
            // `PATH:TENSOR`: the first ':' whose left side is an existing file.
            var resolved = false
            for colon in name.indices where name[colon] == ":" {
                let path = String(name[..<colon])
                guard DirectoryWalker.kind(of: path) == .file else { continue }
                entries[i].path = path
                entries[i].tensor = String(name[name.index(after: colon)...])
                if let problem = open(path, needWeights: true) {
                    entries[i].problem = problem
                } else if !(files[path]!.weights!.table.tensors.contains { $0.name == entries[i].tensor }) {
                    entries[i].problem = "no tensor named '\(entries[i].tensor!)' in \(path)"
                }
                resolved = true
                break
            }
            if !resolved { entries[i].problem = open(name, needWeights: false) }
        }
        var requests: [ScanRequest] = []
        var index: [String: Int] = [:]
        for path in Set(entries.filter { $0.problem == nil }.map(\.path)).sorted() {
            let wanted = entries.filter { $0.problem == nil && $0.path == path }
            let fileAlgorithms = Array(Set(wanted.filter { $0.tensor == nil }.map(\.algorithm)))
                .sorted { $0.rawValue < $1.rawValue }
            let tensorAlgorithms = Array(Set(wanted.filter { $0.tensor != nil }.map(\.algorithm)))
                .sorted { $0.rawValue < $1.rawValue }
            let entry = files[path]!
            let request: ScanRequest
            if let weights = entry.weights, !tensorAlgorithms.isEmpty {
                request = ScanRequest(weights, displayPath: path, fileDigests: fileAlgorithms,
                                      tensorDigests: tensorAlgorithms,
                                      tensorFilter: Set(wanted.compactMap(\.tensor)))
            } else {
                request = ScanRequest(file: entry.file, displayPath: path, fileDigests: fileAlgorithms)
            }
            index[path] = requests.count
            requests.append(request)
        }
        return (requests, index)
    }
}
