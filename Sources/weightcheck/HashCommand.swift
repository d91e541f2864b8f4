// `weightcheck hash`: digests of files (and, with --tensors, of each tensor's bytes) printed exactly as
// sha256sum / xxhsum print them, so their `-c` accepts the output; `--check LIST` is in HashCheck.swift.
import Foundation
import WeightCheck

enum HashCommand: Command {
    static let spec = CommandSpec(
        name: "hash",
        abstract: "Print file digests as sha256sum / xxhsum do, or check a list of them.",
        usage: ["hash [--algo sha256|sha1-git|xxh64|xxh3|xxh128] [--tensors] [--json] <path>…",
                "hash --check <list> [--algo ALGO] [--json]"],
        arguments: [("path", "Files or folders; a folder hashes the files below it in sorted order "
                     + "(names starting with '.' skipped).")],
        options: [
            OptionSpec("--algo", value: "ALGO", help: "sha256 (default), sha1-git (git's blob id), xxh64 (plain xxhsum), "
                       + "xxh3 or xxh128. With --check: the algorithm of untagged lines."),
            OptionSpec("--tensors", help: "Also print a line per tensor, HEX  PATH:TENSOR, over that tensor's bytes."),
            OptionSpec("-c", "--check", value: "LIST",
                       help: "Verify the digests in LIST ('-' for stdin): PATH: OK or PATH: FAILED."),
            OptionSpec("--threads", value: "N", help: "Worker threads (default: every core)."),
        ],
        discussion: """
        Lines are printed as the reference tools print them, so `sha256sum -c` and `xxhsum -c` read them back:
        `HEX  PATH` for sha256 (sha256sum), xxh64 (xxhsum) and xxh128 (xxhsum -H2), `XXH3 (PATH) = HEX` for xxh3
        (xxhsum -H3). A name holding a backslash or a line end is escaped as sha256sum escapes it.
        With --check, lines end in LF or CRLF; each line's algorithm is its BSD tag's (SHA256, XXH64, XXH3,
        XXH128) or, untagged, follows the digest's length as in `xxhsum -c` (64 hex: sha256, 40: sha1-git,
        16: xxh64, 32: xxh128) unless --algo names it. `PATH:TENSOR` lines check that tensor's bytes.
        A missing or unreadable file is a failure; FIFOs, devices and sockets are refused without being opened.
        The list may be '-', /dev/stdin or a pipe.
        """,
        examples: ["hash model.gguf > SHA256SUMS        # then: sha256sum -c SHA256SUMS",
                   "hash --algo xxh64 *.safetensors     # as plain xxhsum prints them",
                   "hash --check SHA256SUMS             # also lists from xxhsum, xxhsum -H3, sha256sum --tag"],
        exitStatus: "0 every file was hashed (or every check passed); 1 otherwise; 64 usage error.")

    static func run(_ args: ParsedArguments, console: Console) throws -> Int32 {
        let algorithm = try algorithmOption(args)
        let threads = try VerifyCommand.threadsOption(args)
        if let list = args.value("--check") {
            guard args.positionals.isEmpty else {
                throw UsageError(message: "--check reads the paths from its list; unexpected argument '\(args.positionals[0])'")
            }
            if args.flag("--tensors") { throw UsageError(message: "--tensors does not apply to --check") }
            return HashCheck.run(list: list, algorithm: algorithm, threads: threads, args: args, console: console)
        }
        guard !args.positionals.isEmpty else { throw UsageError(message: "missing path") }
        return hash(args.positionals, algorithm: algorithm ?? .sha256, tensors: args.flag("--tensors"),
                    threads: threads, args: args, console: console)
    }

    /// `--algo NAME`, or nil when not given.
    static func algorithmOption(_ args: ParsedArguments) throws(UsageError) -> HashAlgorithm? {
        guard let name = args.value("--algo") else { return nil }
        if let algorithm = HashAlgorithm(rawValue: name.lowercased()) { return algorithm }
        let names = HashAlgorithm.allCases.map(\.rawValue)
        var message = "unknown algorithm '\(name)' (choose \(names.joined(separator: ", ")))"
        if let near = suggestion(for: name.lowercased(), among: names) { message += ". Did you mean '\(near)'?" }
        throw UsageError(message: message)
    }

    /// One file to hash: the path printed, and its mapping or why it could not be opened.
    private struct Target {
        let path: String
        var file: MappedFile?
        var weights: WeightFile?
        var error: String?
    }

    private static func hash(_ paths: [String], algorithm: HashAlgorithm, tensors: Bool, threads: Int?,
                             args: ParsedArguments, console: Console) -> Int32 {
        // Discovery decides what each path means (folders walked, any shard standing for its set, cache paths
        // read through their snapshot links); lines keep the inputs' order, as sha256sum's do, and name each file
        // by a path `hash --check` can open again.
        var targets: [Target] = []
        var seen = Set<String>()
        for path in paths {
            let discovery = Discovery.discover([path])
            targets += discovery.findings
                .filter { $0.severity == .error && ($0.code != "nothing-to-verify" || discovery.artifacts.isEmpty) }
                .map { Target(path: $0.file, error: $0.message) }
            // FIFOs, devices and sockets (given by name or reached through a link) are refused without being opened.
            for a in discovery.artifacts where seen.insert(a.realPath).inserted {
                targets.append(Target(path: Paths.display(a.path),
                                      error: DirectoryWalker.kind(of: a.path) == .other ? TerminalText.notRegularFile : nil))
            }
        }
        var requests: [ScanRequest] = []
        var requestIndex: [Int: Int] = [:]  // target index → request index
        for i in targets.indices where targets[i].error == nil {
            do throws(SystemError) {
                let file = try MappedFile(path: targets[i].path)
                targets[i].file = file
                var request = ScanRequest(file: file, displayPath: targets[i].path, fileDigests: [algorithm])
                if tensors, WeightFile.detectFormat(file.bytes) != nil {
                    do throws(WeightFileError) {
                        let weights = try WeightFile(file)
                        targets[i].weights = weights
                        request = ScanRequest(weights, displayPath: targets[i].path, fileDigests: [algorithm],
                                              tensorDigests: [algorithm])
                    } catch {
                        targets[i].error = "cannot list tensors: " + error.finding.message
                    }
                }
                requestIndex[i] = requests.count
                requests.append(request)
            } catch {
                targets[i].error = error.reasonWithoutPath
            }
        }
        let bar = ProgressBar(console: console, args: args, label: "hash")
        let results = ScanEngine(threads: threads).run(requests) { bar.update(done: $0, total: $1) }
        bar.finish()

        var status = ExitCode.ok
        var documents: [JSONValue] = []
        for (i, target) in targets.enumerated() {
            let result = requestIndex[i].map { results[$0] }
            var doc: JSONObject = ["path": .string(target.path)]
            if let result, let digest = result.digests[algorithm] {
                if args.json {
                    doc["digest"] = .string(digest.hexString)
                    doc["size"] = .integer(Int64(result.size))
                } else {
                    console.printListLine(ChecksumList.line(hex: digest.hexString, name: target.path, algorithm: algorithm))
                }
                if target.weights != nil {
                    var tensorDocs: [JSONValue] = []
                    for t in result.tensors {
                        guard let d = t.digests[algorithm] else { continue }
                        if args.json {
                            tensorDocs.append(["name": .string(t.tensor.name), "digest": .string(d.hexString)])
                        } else {
                            console.printListLine(ChecksumList.line(hex: d.hexString, name: target.path + ":" + t.tensor.name,
                                                            algorithm: algorithm))
                        }
                    }
                    if args.json { doc["tensors"] = .array(tensorDocs) }
                }
            }
            if let error = target.error {
                console.fail("\(target.path): \(error)")
                doc["error"] = .string(error)
                status = ExitCode.problem
            }
            documents.append(.object(doc))
        }
        if args.json {
            let doc: JSONValue = ["algorithm": .string(algorithm.rawValue), "ok": .bool(status == ExitCode.ok),
                                  "files": .array(documents)]
            console.print(doc.serialized(pretty: true))
        }
        return status
    }
}

extension SystemError {
    /// `cannot open: permission denied`: the description without the leading path.
    var reasonWithoutPath: String {
        let text = description
        return text.hasPrefix(path + ": ") ? String(text.dropFirst(path.count + 2)) : text
    }
}
