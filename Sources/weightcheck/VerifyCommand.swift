// `weightcheck verify`: the verdict on files, model folders, shard sets and Hugging Face caches —
// structure, completeness, digests and numeric health in one pass — as a report and an exit code.
import Foundation
import WeightCheck

enum VerifyCommand: Command {
    static let spec = CommandSpec(
        name: "verify",
        abstract: "Check that weight files are intact and usable: structure, digests, numeric health.",
        usage: ["verify [--quick] [--expect-sha256 HEX] [--json] <path>…"],
        arguments: [("path", "Files, model folders, shard sets, a Hugging Face cache (or one of its models or snapshots), "
                     + "or a local_dir download.")],
        options: [
            OptionSpec("--quick", help: "Check structure only: parse headers, read no tensor data."),
            OptionSpec("--expect-sha256", value: "HEX", help: "The SHA-256 the single file given must have."),
            OptionSpec("--threads", value: "N", help: "Worker threads (default: every core)."),
            OptionSpec("-v", "--verbose", help: "Also list notes (all-zero vectors and other harmless remarks)."),
        ],
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
            options.expectedSHA256 = hex.lowercased()
        }
        options.threads = try threadsOption(args)
        let bar = ProgressBar(console: console, args: args, label: "verify")
        let report = Verifier.verify(args.positionals, options: options) { bar.update(done: $0, total: $1) }
        bar.finish()
        if options.expectedSHA256 != nil && report.files.count != 1 {
            throw UsageError(message: "--expect-sha256 applies to exactly one file; the paths hold \(report.files.count)")
        }
        if args.json {
            console.print(json(report).serialized(pretty: true))
        } else {
            text(report, verbose: args.flag("--verbose"), quick: options.quick, console: console)
        }
        return report.ok ? ExitCode.ok : ExitCode.problem
    }

    static func text(_ report: VerifyReport, verbose: Bool, quick: Bool, console: Console) {
        for note in report.notes { console.print("· \(note)") }
        for f in report.files {
            var line = "\(f.ok ? "✓" : "✗") \(f.path)  "
            var facts: [String] = [f.format?.rawValue ?? "file", Fmt.bytes(f.size)]
            if f.format != nil { facts.append("\(Fmt.count(f.tensorCount)) tensors, \(Fmt.parameters(f.parameters)) parameters") }
            if let sha = f.sha256 {
                facts.append("sha256 \(sha.prefix(16))…" + (f.expectedSHA256 == nil ? "" : sha == f.expectedSHA256 ? " (as expected)" : ""))
            }
            line += facts.joined(separator: ", ")
            console.print(line)
            let shown = f.problems.filter { verbose || $0.severity != .note }
            for p in shown { console.print("    " + FindingJSON.line(p)) }
            let hidden = f.problems.count - shown.count
            if hidden > 0 { console.print("    · \(hidden) note\(hidden == 1 ? "" : "s") (--verbose lists them)") }
        }
        if !report.sets.isEmpty {
            for s in report.sets { s.text(into: console) }
        }
        for p in report.layoutProblems { console.print("\(p.severity == .error ? "✗" : "!") \(p.file)\n    " + FindingJSON.line(p)) }
        let failed = report.files.filter { !$0.ok }.count
        let all = report.files.flatMap(\.problems) + report.sets.flatMap(\.findings) + report.layoutProblems
        let errors = all.filter { $0.severity == .error }.count
        let warnings = all.filter { $0.severity == .warning }.count
        let n = report.files.count, files = "file\(report.files.count == 1 ? "" : "s")"
        var verdict: String
        if report.ok {
            verdict = "✓ OK: \(n) \(files) intact"
        } else if failed == 0 {
            verdict = "✗ FAILED: \(n) \(files) intact, but the layout or a shard set has problems"
        } else {
            verdict = "✗ FAILED: \(failed) of \(n) \(files) with problems"
        }
        verdict += " (\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s"))"
        if quick {
            verdict += "; structure only (--quick): no digests, no values"
        } else if report.bytesScanned > 0 {
            verdict += "; \(Fmt.bytes(report.bytesScanned)) read in \(Fmt.duration(report.seconds)) "
                + "(\(Fmt.rate(bytes: report.bytesScanned, seconds: report.seconds)))"
        }
        console.print(verdict)
    }

    static func json(_ report: VerifyReport) -> JSONValue {
        [
            "ok": .bool(report.ok),
            "files": .array(report.files.map { f in
                [
                    "path": .string(f.path),
                    "format": f.format.map { .string($0.rawValue) } ?? .null,
                    "ok": .bool(f.ok),
                    "size": .integer(Int64(f.size)),
                    "sha256": f.sha256.map { .string($0) } ?? .null,
                    "expected_sha256": f.expectedSHA256.map { .string($0) } ?? .null,
                    "tensor_count": .integer(Int64(f.tensorCount)),
                    "parameters": .unsigned(f.parameters),
                    "problems": .array(f.problems.map(FindingJSON.json)),
                ]
            }),
            "sets": .array(report.sets.map(\.json)),
            "problems": .array(report.layoutProblems.map(FindingJSON.jsonWithFile)),
            "bytes_scanned": .integer(Int64(report.bytesScanned)),
            "seconds": .number(report.seconds),
        ]
    }

    /// `--threads N`: a positive number.
    static func threadsOption(_ args: ParsedArguments) throws(UsageError) -> Int? {
        guard let t = args.value("--threads") else { return nil }
        guard let n = Int(t), n >= 1, n <= 1024 else { throw UsageError(message: "--threads needs a number from 1 to 1024, got '\(t)'") }
        return n
    }
}
