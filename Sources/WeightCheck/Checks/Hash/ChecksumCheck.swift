// ChecksumCheck: what `hash --check` decides — each line of a sha256sum / xxhsum / `hash --tensors` list
// resolved to a file (or a `PATH:TENSOR`), every file read once in one scan pass, each line judged.

/// Checking the lines of a checksum list against the files they name.
public enum ChecksumCheck {
    /// The reason given for a FIFO, device or socket: never opened (opening a FIFO can block forever).
    public static let notRegularFile = "not a regular file or folder (a FIFO, device or socket); not opened"

    /// What became of one line.
    public struct Outcome: Sendable {
        /// The line.
        public let entry: ChecksumList.Entry
        /// The digest computed (lowercase hex), when the file was read.
        public var actual: String?
        /// Why the line could not be checked (unreadable file, unknown tensor), when it could not.
        public var problem: String?

        /// `ok`, `failed` (read, digest differs) or `unreadable` (`problem` says why, when known).
        public var status: String {
            problem != nil || actual == nil ? "unreadable" : actual == entry.hex ? "ok" : "failed"
        }
    }

    /// One line's plan: the file to read and the tensor, or why it cannot be checked.
    private struct Planned {
        let entry: ChecksumList.Entry
        var path: String
        var tensor: String?
        var problem: String?
    }

    /// Checks every line, in list order. Names are paths as given (relative to the working directory).
    public static func check(_ entries: [ChecksumList.Entry], engine: ScanEngine = ScanEngine(),
                             progress: (@Sendable (Int, Int) -> Void)? = nil) -> [Outcome] {
        var planned = entries.map { Planned(entry: $0, path: $0.name) }
        let (requests, requestOf) = plan(&planned)
        let results = engine.run(requests, progress: progress)
        return planned.map { p in
            var outcome = Outcome(entry: p.entry, problem: p.problem)
            if p.problem == nil, let r = requestOf[p.path].map({ results[$0] }) {
                if let reason = r.missingBytesReason {
                    outcome.problem = reason
                } else if let tensor = p.tensor {
                    outcome.actual = r.tensors.first { $0.tensor.name == tensor }?.digests[p.entry.algorithm]?.hexString
                } else {
                    outcome.actual = r.digests[p.entry.algorithm]?.hexString
                }
            }
            return outcome
        }
    }

    /// Resolves each line to a file (or a tensor of one) and builds one scan request per distinct file.
    private static func plan(_ entries: inout [Planned]) -> ([ScanRequest], [String: Int]) {
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
            let name = entries[i].entry.name
            if DirectoryWalker.kind(of: name) == .other {
                entries[i].problem = notRegularFile
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
            let fileAlgorithms = Array(Set(wanted.filter { $0.tensor == nil }.map(\.entry.algorithm))).sorted { $0.rawValue < $1.rawValue }
            let tensorAlgorithms = Array(Set(wanted.filter { $0.tensor != nil }.map(\.entry.algorithm))).sorted { $0.rawValue < $1.rawValue }
            let entry = files[path]!
            let request: ScanRequest
            if let weights = entry.weights, !tensorAlgorithms.isEmpty {
                request = ScanRequest(weights, displayPath: path, fileDigests: fileAlgorithms, tensorDigests: tensorAlgorithms,
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
