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
                     + "(names starting with '.' skipped); '-' is standard input.")],
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
        (xxhsum -H3). A file is named as it was given (an absolute path stays absolute; a folder's files under the
        folder as given), each file once, and '-' is standard input (named '-', or 'stdin' as xxhsum names it);
        a name holding a backslash or a line end is escaped as sha256sum
        escapes it.
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

    /// Prints the digests `FileHashing` computes, as the reference tools print them (or one JSON document).
    private static func hash(_ paths: [String], algorithm: HashAlgorithm, tensors: Bool, threads: Int?,
                             args: ParsedArguments, console: Console) -> Int32 {
        let bar = ProgressBar(console: console, args: args, label: "hash")
        let files = FileHashing.hash(paths, algorithm: algorithm, tensors: tensors, engine: ScanEngine(threads: threads)) {
            bar.update(done: $0, total: $1)
        }
        bar.finish()

        var status = ExitCode.ok
        var documents: [JSONValue] = []
        for file in files {
            var doc: JSONObject = ["path": .string(file.path)]
            if let digest = file.digest {
                if args.json {
                    doc["digest"] = .string(digest.hexString)
                    doc["size"] = .integer(Int64(file.size ?? 0))
                } else {
                    console.printListLine(ChecksumList.line(hex: digest.hexString, name: file.path, algorithm: algorithm))
                }
                if let tensors = file.tensors {
                    for t in tensors where !args.json {
                        console.printListLine(ChecksumList.line(hex: t.digest.hexString, name: file.path + ":" + t.name, algorithm: algorithm))
                    }
                    if args.json { doc["tensors"] = .array(tensors.map { ["name": .string($0.name), "digest": .string($0.digest.hexString)] }) }
                }
            }
            if let error = file.error {
                console.fail("\(file.path): \(error)")
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
