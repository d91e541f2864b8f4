// `weightcheck verify`: the verdict on files, model folders, shard sets and Hugging Face caches —
// structure, completeness, digests and numeric health in one pass — as a report and an exit code.
import Foundation
import WeightCheck

enum VerifyCommand: Command {
    static let spec = CommandSpec(
        name: "verify",
        abstract: "Check that weight files are intact and usable: structure, digests, numeric health.",
        usage: ["verify [--quick] [--expect-sha256 HEX] [--shard I/N] [--io MODE] [--json] <path>…",
                "verify --json-lines [--resume FILE] [--shard I/N] [--io MODE] <path>…"],
        arguments: [("path", "Files, model folders, shard sets, a Hugging Face cache (or one of its models or snapshots), "
                     + "or a local_dir download.")],
        options: [
            OptionSpec("--quick", help: "Check structure only: parse headers, read no tensor data."),
            OptionSpec("--expect-sha256", value: "HEX", help: "The SHA-256 the single file given must have."),
            OptionSpec("--threads", value: "N", help: "Worker threads (default: every core)."),
            OptionSpec("--shard", value: "I/N", help: "Check only part I (0…N-1) of N, balanced by bytes; sets and "
                       + "repositories stay whole. Merge the --json parts with 'report merge'."),
            OptionSpec("--json-lines", help: "Print one JSON record per file as it completes, then a summary record."),
            OptionSpec("--resume", value: "FILE", help: "Skip files a previous --json-lines output (FILE) recorded as passed "
                       + "with the same size, mtime and inode; read the rest. The report covers all files."),
            OptionSpec("--progress", help: "Show the progress bar even when stderr is not a terminal (as pv -f)."),
            OptionSpec("--io", value: "MODE", help: "auto (default): one file at a time on a spinning disk; sequential; parallel."),
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
        options.readPolicy = try ioOption(args)
        let lines = try jsonLinesOption(args) ? JSONLinesWriter() : nil
        if let resume = args.value("--resume") {
            do {
                options.recorded = try ResumeRecords.read(resume, command: "verify", quick: options.quick)
            } catch {
                console.fail(error.message)
                return ExitCode.problem
            }
        }
        let bar = ProgressBar(console: console, args: args, label: "verify")
        lines?.start(command: "verify", quick: options.quick)
        let events = VerifyEvents(progress: { bar.update($0) },
                                  fileDone: lines.map { out in { @Sendable f in out.file(fileJSON(f), identity: f.identity) } })
        let report = Verifier.verify(args.positionals, options: options, events: events)
        bar.finish()
        if options.expectedSHA256 != nil && options.shard == nil && report.files.count != 1 {
            throw UsageError(message: "--expect-sha256 applies to exactly one file; the paths hold \(report.files.count)")
        }
        if let lines {
            lines.summary(json(report))
        } else if args.json {
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
            "files": .array(report.files.map(fileJSON)),
            "sets": .array(report.sets.map(\.json)),
            "problems": .array(report.layoutProblems.map(FindingJSON.jsonWithFile)),
            "weight_files": .integer(Int64(report.files.filter(\.isWeightFile).count)),
            "proved_bit_exact": .integer(Int64(report.provedWeightFiles)),
            "sound_but_unproved": .integer(Int64(report.unprovedWeightFiles)),
            "bytes_scanned": .integer(Int64(report.bytesScanned)),
            "resumed_files": .integer(Int64(report.resumedFiles)),
            "seconds": .number(report.seconds),
        ]
        if let shard = report.shard, case .object(var o) = doc {
            o["shard"] = shard.json
            doc = .object(o)
        }
        return doc
    }

    /// A file's entry in the `--json` report (and, marked, its `--json-lines` record).
    static func fileJSON(_ f: FileVerdict) -> JSONValue {
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
    }

    /// `--io auto|sequential|parallel` (default auto).
    static func ioOption(_ args: ParsedArguments) throws(UsageError) -> ReadPolicy {
        guard let text = args.value("--io") else { return .auto }
        guard let policy = ReadPolicy(rawValue: text) else {
            throw UsageError(message: "--io needs auto, sequential or parallel, got '\(text)'")
        }
        return policy
    }

    /// `--json-lines` (not with `--json`).
    static func jsonLinesOption(_ args: ParsedArguments) throws(UsageError) -> Bool {
        let lines = args.flag("--json-lines")
        if lines && args.json { throw UsageError(message: "--json and --json-lines print different documents; give one of them") }
        return lines
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
