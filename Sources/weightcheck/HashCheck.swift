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
        let data: Data?
        if list == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            data = FileManager.default.contents(atPath: list)
        }
        guard let data, let text = String(data: data, encoding: .utf8) else {
            console.error("weightcheck: \(list): cannot read the list" + (data == nil ? "" : " (not UTF-8 text)"))
            return ExitCode.problem
        }
        var entries: [Entry] = []
        var malformed: [(Int, String)] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            switch parse(raw, lineNumber: n + 1, forced: forced) {
            case .success(let entry): entries.append(entry)
            case .failure(let reason):
                malformed.append((n + 1, reason.text))
                console.error("weightcheck: \(list):\(n + 1): \(reason.text)")
            }
        }
        if entries.isEmpty && malformed.isEmpty {
            console.error("weightcheck: \(list): no checksum lines found")
            return ExitCode.problem
        }
        let (requests, requestOf) = plan(&entries)
        let bar = ProgressBar(console: console, args: args, label: "check")
        let results = ScanEngine(threads: threads).run(requests) { bar.update(done: $0, total: $1) }
        bar.finish()

        // Names with a newline are printed escaped, as sha256sum -c does.
        func shown(_ name: String) -> String {
            guard name.contains("\n") else { return name }
            return "\\" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
        }
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
            if let problem = entry.problem ?? (actual == nil ? "not hashed" : nil) {
                unreadable += 1
                status = "unreadable"
                console.error("weightcheck: \(entry.name): \(problem)")
                if !args.json { console.print("\(shown(entry.name)): FAILED open or read") }
            } else if actual == entry.expected {
                status = "ok"
                if !args.json { console.print("\(shown(entry.name)): OK") }
            } else {
                failed += 1
                status = "failed"
                if !args.json { console.print("\(shown(entry.name)): FAILED") }
            }
            documents.append(["line": .integer(Int64(entry.lineNumber)), "path": .string(entry.name), "algorithm": .string(entry.algorithm.rawValue),
                              "status": .string(status), "expected": .string(entry.expected),
                              "actual": actual.map { .string($0) } ?? .null])
        }
        func plural(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
        if !malformed.isEmpty {
            console.error("weightcheck: WARNING: " + plural(malformed.count, "line is", "lines are") + " improperly formatted")
        }
        if unreadable > 0 {
            console.error("weightcheck: WARNING: " + plural(unreadable, "listed file", "listed files") + " could not be read")
        }
        if failed > 0 {
            console.error("weightcheck: WARNING: " + plural(failed, "computed checksum", "computed checksums") + " did NOT match")
        }
        let ok = malformed.isEmpty && unreadable == 0 && failed == 0
        if args.json {
            let doc: JSONValue = [
                "ok": .bool(ok),
                "checked": .array(documents),
                "malformed": .array(malformed.map { ["line": .integer(Int64($0.0)), "reason": .string($0.1)] }),
            ]
            console.print(doc.serialized(pretty: true))
        }
        return ok ? ExitCode.ok : ExitCode.problem
    }

    /// One list line → what to check, or why the line is malformed.
    private static func parse(_ raw: Substring, lineNumber: Int, forced: HashAlgorithm?) -> Result<Entry, Reason> {
        // GNU coreutils starts a line with a backslash when the name is escaped (`\\` and `\n`).
        let escaped = raw.hasPrefix("\\")
        guard let line = ChecksumList.parse(line: escaped ? raw.dropFirst() : raw) else {
            return .failure(Reason("improperly formatted checksum line"))
        }
        var name = line.name
        if escaped { name = unescape(name) }
        let algorithm: HashAlgorithm
        if let forced {
            algorithm = forced
        } else if let tag = line.algorithmTag {
            guard let a = taggedAlgorithm(tag) else { return .failure(Reason("unsupported algorithm tag '\(tag)'")) }
            algorithm = a
        } else {
            guard let a = HashAlgorithm(hexDigestLength: line.hex.count) else {
                return .failure(Reason("a \(line.hex.count)-digit digest matches no algorithm"))
            }
            algorithm = a
        }
        guard line.hex.count == algorithm.digestByteCount * 2 else {
            return .failure(Reason("\(algorithm.rawValue) digests have \(algorithm.digestByteCount * 2) hex digits, "
                                   + "this one has \(line.hex.count)"))
        }
        return .success(Entry(lineNumber: lineNumber, name: name, expected: line.hex, algorithm: algorithm,
                              path: name))
    }

    /// BSD-style tags as sha256sum --tag and xxhsum print them.
    private static func taggedAlgorithm(_ tag: String) -> HashAlgorithm? {
        switch tag.uppercased() {
        case "SHA256": return .sha256
        case "XXH3", "XXH3_64", "XXH3_64BITS": return .xxh3
        case "XXH128": return .xxh128
        default: return nil
        }
    }

    private static func unescape(_ name: String) -> String {
        var out = ""
        var iterator = name.makeIterator()
        while let c = iterator.next() {
            guard c == "\\", let next = iterator.next() else { out.append(c); continue }
            out.append(next == "n" ? "\n" : next)
        }
        return out
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

    /// Why a line is malformed.
    private struct Reason: Error {
        let text: String
        init(_ text: String) { self.text = text }
    }
}
