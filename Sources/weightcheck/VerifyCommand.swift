// `weightcheck verify`: the verdict on files, model folders, shard sets and Hugging Face caches —
// structure, completeness, digests and numeric health in one pass — as a report and an exit code.
import Foundation
import WeightCheck

enum VerifyCommand: Command {
    static let spec = CommandSpec(
        name: "verify",
        abstract: "Check that weight files are intact and usable: structure, digests, numeric health.",
        usage: ["verify [--quick] [--expect-sha256 HEX] [--shard I/N] [--json] <path>…"],
        arguments: [("path", "Files, model folders, shard sets, a Hugging Face cache (or one of its models or snapshots), "
                     + "or a local_dir download.")],
        options: [
            OptionSpec("--quick", help: "Check structure only: parse headers, read no tensor data."),
            OptionSpec("--expect-sha256", value: "HEX", help: "The SHA-256 the single file given must have."),
            OptionSpec("--threads", value: "N", help: "Worker threads (default: every core)."),
            OptionSpec("--shard", value: "I/N", help: "Check only part I (0…N-1) of N, balanced by bytes; sets and "
                       + "repositories stay whole. Merge the --json parts with 'report merge'."),
            OptionSpec("-v", "--verbose", help: "Also list notes (all-zero vectors and other harmless remarks)."),
        ] + OutputStyle.options,
        discussion: """
        Expected digests are found offline: Hugging Face cache blob names (SHA-256 for LFS files, git blob SHA-1
        for small files), .cache/huggingface/download/*.metadata of local_dir downloads, and SHA256SUMS files.
        """,
        minimumPositionals: 1,
        examples: ["verify ~/.cache/huggingface/hub   # every cached model", "verify --quick model-00001-of-00004.gguf"],
        exitStatus: "0 everything passed; 1 anything failed or could not be read; 64 usage error.")

    static func run(_ args: ParsedArguments, console: Console) throws -> Int32 {
        var options = VerifyOptions(quick: args.flag("--quick"))
        if let hex = args.value("--expect-sha256") {
            guard hex.count == 64, hex.allSatisfy(\.isHexDigit) else {
                throw UsageError(message: "--expect-sha256 needs 64 hex digits, got '\(hex)'")
            }
            if options.quick {
                throw UsageError(message: "--expect-sha256 needs the file's bytes, which --quick does not read; drop one of them")
            }
            options.expectedSHA256 = hex.lowercased()
        }
        options.threads = try threadsOption(args)
        options.shard = try shardOption(args)
        let bar = ProgressBar(console: console, args: args, label: "verify")
        let report = Verifier.verify(args.positionals, options: options) { bar.update(done: $0, total: $1) }
        bar.finish()
        if options.expectedSHA256 != nil && options.shard == nil && report.files.count != 1 {
            throw UsageError(message: "--expect-sha256 applies to exactly one file; the paths hold \(report.files.count)")
        }
        if args.json {
            console.print(json(report).serialized(pretty: true))
        } else {
            text(report, verbose: args.flag("--verbose"), quick: options.quick, inputs: args.positionals,
                 style: try OutputStyle.resolve(args), console: console)
        }
        return report.ok ? ExitCode.ok : ExitCode.problem
    }

    /// Reads shorter than this say nothing about speed, so no rate is printed for them.
    static let meaningfulBytes = 64 << 20

    static func reference(_ r: Reference) -> JSONValue {
        ["kind": .string(r.kind.rawValue), "algorithm": .string(r.algorithm.rawValue), "digest": .string(r.hex),
         "source": .string(r.source)]
    }

    static func json(_ report: VerifyReport) -> JSONValue {
        var doc: JSONValue = [
            "ok": .bool(report.ok),
            "files": .array(report.files.map { f in
                [
                    "path": .string(f.path),
                    "format": f.format.map { .string($0.rawValue) } ?? .null,
                    "ok": .bool(f.ok),
                    "size": .integer(Int64(f.size)),
                    "sha256": f.sha256.map { .string($0) } ?? .null,
                    "expected_sha256": f.expectedSHA256.map { .string($0) } ?? .null,
                    "reference": f.provedBy.map(reference) ?? .null,
                    "references": .array(f.references.map(reference)),
                    "tensor_count": .integer(Int64(f.tensorCount)),
                    "parameters": .unsigned(f.parameters),
                    "problems": .array(f.problems.map(FindingJSON.json)),
                ]
            }),
            "sets": .array(report.sets.map(\.json)),
            "problems": .array(report.layoutProblems.map(FindingJSON.jsonWithFile)),
            "weight_files": .integer(Int64(report.files.filter(\.isWeightFile).count)),
            "proved_bit_exact": .integer(Int64(report.provedWeightFiles)),
            "sound_but_unproved": .integer(Int64(report.unprovedWeightFiles)),
            "bytes_scanned": .integer(Int64(report.bytesScanned)),
            "seconds": .number(report.seconds),
        ]
        if let shard = report.shard, case .object(var o) = doc {
            o["shard"] = shard.json
            doc = .object(o)
        }
        return doc
    }

    /// `--shard I/N`: part I (from 0) of N.
    static func shardOption(_ args: ParsedArguments) throws(UsageError) -> ShardSpec? {
        guard let text = args.value("--shard") else { return nil }
        guard let spec = ShardSpec(parsing: text) else {
            throw UsageError(message: "--shard needs I/N with 0 <= I < N <= \(ShardSpec.maximumCount) (e.g. 0/4), got '\(text)'")
        }
        return spec
    }

    /// `--threads N`: a positive number.
    static func threadsOption(_ args: ParsedArguments) throws(UsageError) -> Int? {
        guard let t = args.value("--threads") else { return nil }
        guard let n = Int(t), n >= 1, n <= 1024 else { throw UsageError(message: "--threads needs a number from 1 to 1024, got '\(t)'") }
        return n
    }
}
