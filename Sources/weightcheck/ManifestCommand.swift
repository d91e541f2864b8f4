// `weightcheck manifest create|check|sha256sum`: write down a folder's files with per-tensor digests, check
// the folder against that record later (naming each damaged tensor), and print it as a `sha256sum -c` list.
import Foundation
import WeightCheck

enum ManifestCommand: Command {
    static let spec = CommandSpec(
        name: "manifest",
        abstract: "Write down a folder's files and tensor digests; later check the folder against that record.",
        usage: [
            "manifest create [-o FILE] [--root DIR] [--json] <path>…",
            "manifest check [--root DIR] [--strict] [--shard I/N] [--json] <manifest>",
            "manifest sha256sum [--json] <manifest>",
        ],
        arguments: [("subcommand", "create, check or sha256sum (each has its own --help).")],
        options: [],
        minimumPositionals: 1,
        examples: [
            "manifest create ~/models/llama    # writes ~/models/llama/\(Manifest.defaultFileName)",
            "manifest check ~/models/llama/\(Manifest.defaultFileName)",
        ],
        exitStatus: "0 the manifest was written or the folder matches it; 1 a difference or an unreadable input; "
            + "64 usage error.",
        subcommands: [createSpec, checkSpec, sha256sumSpec])

    static let createSpec = CommandSpec(
        name: "manifest create",
        abstract: "Record every file of a folder with its size, SHA-256 and, for weight files, per-tensor digests.",
        usage: ["manifest create [-o FILE] [--root DIR] [--threads N] [--json] <path>…"],
        arguments: [("path", "Folders and files to record (weights, configs, tokenizers, licences).")],
        options: [
            OptionSpec("-o", "--output", value: "FILE", help: "Where to write the manifest ('-': stdout). "
                       + "Default: \(Manifest.defaultFileName) in the folder given (beside a single file)."),
            OptionSpec("--root", value: "DIR", help: "The folder paths are relative to (default: the folder given, "
                       + "or the folder holding every path given), wherever the manifest is written."),
            OptionSpec("--threads", value: "N", help: "Worker threads (default: every core)."),
        ] + OutputStyle.options,
        discussion: """
        Folders are walked skipping hidden files and folders, links to folders and existing manifests. Each file's
        path, size, SHA-256 and format are recorded; for GGUF and safetensors files also the XXH3-128 of the header
        bytes and of every tensor.
        """,
        minimumPositionals: 1,
        examples: [
            "manifest create ~/models/llama                      # ~/models/llama/\(Manifest.defaultFileName)",
            "manifest create -o /backup/llama.manifest.json ~/models/llama   # paths still relative to ~/models/llama",
        ],
        exitStatus: "0 the manifest was written; 1 it could not be (an unreadable input, an existing non-manifest "
            + "file in the way); 64 usage error.")

    static let checkSpec = CommandSpec(
        name: "manifest check",
        abstract: "Check a folder against its manifest, naming each file, header and tensor that changed.",
        usage: ["manifest check [--root DIR] [--strict] [--fast] [--shard I/N] [--io MODE] [--verbose] [--threads N] [--json] <manifest>",
                "manifest check --json-lines [--resume FILE] [--fast] [--shard I/N] [--io MODE] <manifest>"],
        arguments: [("manifest", "The manifest file written by 'manifest create'.")],
        options: [
            OptionSpec("--root", value: "DIR", help: "The folder paths are relative to (default: the manifest's folder)."),
            OptionSpec("--strict", help: "Files present but not listed are errors, not warnings."),
            OptionSpec("--io", value: "MODE", help: "auto (default): one file at a time on a spinning disk; sequential; parallel."),
            OptionSpec("-v", "--verbose", help: "Also list files that match, and every changed tensor."),
            OptionSpec("--threads", value: "N", help: "Worker threads (default: every core)."),
            OptionSpec("--fast", help: "Prove each file by its XXH3-128 (manifest version 2) instead of SHA-256: every "
                       + "byte checked at memory speed against bit rot and bad copies, not against tampering."),
            OptionSpec("--shard", value: "I/N", help: "Check only part I (0…N-1) of N of the listed files, balanced by "
                       + "bytes. Merge the --json parts with 'report merge'."),
            OptionSpec("--json-lines", help: "Print one JSON record per file as it completes (its tier says which digest "
                       + "proved it), then a summary record."),
            OptionSpec("--resume", value: "FILE", help: "Skip files a previous --json-lines output (FILE) recorded as passed "
                       + "with the same size, mtime, inode and manifest entry (an XXH3-128 pass only with --fast); read the rest."),
            OptionSpec("--progress", help: "Show the progress bar even when stderr is not a terminal (as pv -f)."),
        ] + OutputStyle.options,
        discussion: """
        Everything is recomputed in one pass, files in parallel. Missing, truncated, renamed and changed files are
        failures; extra files warnings (failures with --strict).
        """,
        minimumPositionals: 1,
        maximumPositionals: 1,
        examples: ["manifest check ~/models/llama/\(Manifest.defaultFileName)",
                   "manifest check --root /mnt/copy/llama /backup/llama.manifest.json"],
        exitStatus: "0 the folder matches the manifest; 1 a difference, or the manifest cannot be read; 64 usage error.")

    static let sha256sumSpec = CommandSpec(
        name: "manifest sha256sum",
        abstract: "Print a manifest's file digests as a list that 'sha256sum -c' checks.",
        usage: ["manifest sha256sum [--json] <manifest>"],
        arguments: [("manifest", "The manifest file.")],
        options: [],
        discussion: "Lines are 'HEX  PATH', relative to the manifest's folder: run 'sha256sum -c' there.",
        minimumPositionals: 1,
        maximumPositionals: 1,
        examples: ["manifest sha256sum llama/\(Manifest.defaultFileName) > llama/SHA256SUMS   # then: cd llama && sha256sum -c SHA256SUMS"],
        exitStatus: "0 the list was printed; 1 the manifest cannot be read; 64 usage error.")

    static func run(_ args: ParsedArguments, console: Console) throws -> Int32 {
        let sub = args.positionals[0]
        let rest = Array(args.positionals.dropFirst())
        switch sub {
        case "create":
            try allow(args, sub, ["--output", "--root", "--threads", "--json", "--no-progress"])
            guard !rest.isEmpty else { throw UsageError(message: "missing path: manifest create needs folders or files to record") }
            return try reportingJSON(args, console) { try create(rest, args: args, console: console) }
        case "check":
            try allow(args, sub, ["--root", "--strict", "--threads", "--json", "--no-progress", "--verbose", "--shard", "--fast", "--io",
                                  "--json-lines", "--resume", "--progress"])
            guard rest.count == 1 else { throw UsageError(message: rest.isEmpty ? "missing manifest" : "manifest check takes one manifest, got \(rest.count)") }
            return try reportingJSON(args, console) { try check(rest[0], args: args, console: console) }
        case "sha256sum":
            try allow(args, sub, ["--json"])
            guard rest.count == 1 else { throw UsageError(message: rest.isEmpty ? "missing manifest" : "manifest sha256sum takes one manifest, got \(rest.count)") }
            return try reportingJSON(args, console) {
                let manifest = try ManifestReader.read(path: rest[0])
                if args.json {
                    let files: [JSONValue] = manifest.files.map { ["path": .string($0.path), "sha256": .string($0.sha256)] }
                    let doc: JSONValue = ["ok": true, "manifest": .string(rest[0]), "files": .array(files)]
                    console.print(doc.serialized(pretty: true))
                } else {
                    for line in manifest.sha256sumLines { console.print(line) }
                }
                return ExitCode.ok
            }
        default:
            var message = "unknown subcommand '\(sub)'"
            if let near = suggestion(for: sub, among: ["create", "check", "sha256sum"]) { message += ". Did you mean '\(near)'?" }
            throw UsageError(message: message)
        }
    }

    /// Runs `body`; with --json, a manifest that cannot be read or written still gives one JSON document
    /// (`{"ok": false, "error": …}`) on stdout, besides the error on stderr.
    static func reportingJSON(_ args: ParsedArguments, _ console: Console, _ body: () throws -> Int32) throws -> Int32 {
        do {
            return try body()
        } catch let e as ManifestError {
            console.fail(e.description)
            if args.json { console.print(CLI.errorDocument(e.description)) }
            return ExitCode.problem
        }
    }

    /// Rejects options that `sub` does not take.
    static func allow(_ args: ParsedArguments, _ sub: String, _ allowed: Set<String>) throws(UsageError) {
        let given = args.flags.union(args.values.keys).subtracting(["--help"])
        if let bad = given.sorted().first(where: { !allowed.contains($0) }) {
            throw UsageError(message: "option '\(bad)' does not apply to 'manifest \(sub)'")
        }
    }

    // MARK: create

    static func create(_ paths: [String], args: ParsedArguments, console: Console) throws -> Int32 {
        let output = args.value("--output")
        let toStdout = output == "-"
        let root: String
        if let r = args.value("--root") {
            root = r
        } else {
            // The folder given (or holding every path given), wherever -o puts the manifest: paths stay
            // relative to the model, not to the manifest's folder.
            root = ManifestWriter.commonFolder(paths)
        }
        let outPath = output.flatMap { $0 == "-" ? nil : Paths.absolute($0) }
            ?? Paths.join(Paths.absolute(root), Manifest.defaultFileName)
        if !toStdout, FileManager.default.fileExists(atPath: outPath), !ManifestWriter.isManifest(outPath) {
            throw ManifestError(file: outPath, "exists and is not a manifest; not overwriting it")
        }
        var options = ManifestWriter.Options(tool: "weightcheck \(CLI.version)", threads: try VerifyCommand.threadsOption(args))
        if !toStdout { options.exclude = [outPath] }
        let bar = ProgressBar(console: console, args: args, label: "manifest")
        let start = Sys.now()
        let (manifest, findings) = try ManifestWriter.build(root: root, paths: paths, options: options) { bar.update(done: $0, total: $1) }
        let seconds = Sys.now() - start
        bar.finish()
        if toStdout {
            console.print(String(manifest.serialized().dropLast()))
            for f in findings { console.warn("\(f.file): \(f.severity.rawValue): \(f.message)") }
            return ExitCode.ok
        }
        try ManifestWriter.write(manifest, to: outPath)
        let weights = manifest.files.filter { $0.format != nil }
        let tensors = weights.reduce(0) { $0 + ($1.tensors?.count ?? 0) }
        if args.json {
            let doc: JSONValue = [
                "ok": true,
                "manifest": .string(outPath),
                "root": .string(Paths.absolute(root)),
                "files": JSONValue(manifest.files.count),
                "weight_files": JSONValue(weights.count),
                "tensors": JSONValue(tensors),
                "bytes": JSONValue(manifest.totalBytes),
                "seconds": .number(seconds),
                "problems": .array(findings.map(FindingJSON.jsonWithFile)),
            ]
            console.print(doc.serialized(pretty: true))
        } else {
            createText(findings: findings, outPath: outPath, manifest: manifest, weightFiles: weights.count, tensors: tensors,
                       seconds: seconds, root: Paths.absolute(root), style: try OutputStyle.resolve(args), console: console)
        }
        return ExitCode.ok
    }

    // MARK: check

    static func check(_ path: String, args: ParsedArguments, console: Console) throws -> Int32 {
        let manifest = try ManifestReader.read(path: path)
        let manifestPath = Paths.absolute(path)
        let root = args.value("--root") ?? Paths.parent(manifestPath)
        let fast = args.flag("--fast")
        let threads = try VerifyCommand.threadsOption(args), shard = try VerifyCommand.shardOption(args)
        let readPolicy = try VerifyCommand.ioOption(args)
        let lines = try VerifyCommand.jsonLinesOption(args) ? JSONLinesWriter() : nil
        var recorded: [String: ManifestCheckReport.FileCheck] = [:]
        if let resume = args.value("--resume") {
            do {
                for r in try ResumeRecords.fileRecords(resume, command: "manifest check", quick: false) {
                    if let c = recordedCheck(r) { recorded[c.path] = c } else if let p = r["path"]?.stringValue { recorded[p] = nil }
                }
            } catch {
                console.fail(error.message)
                return ExitCode.problem
            }
        }
        let bar = ProgressBar(console: console, args: args, label: "manifest")
        lines?.start(command: "manifest check", quick: false, more: ["fast": .bool(fast), "manifest": .string(manifestPath)])
        let events = ManifestCheckEvents(progress: { bar.update($0) },
                                         fileDone: lines.map { out in { @Sendable f in out.file(fileJSON(f), identity: f.identity) } })
        let report = ManifestChecker.check(manifest, root: root, strict: args.flag("--strict"), threads: threads,
                                           exclude: [manifestPath], shard: shard, fast: fast, readPolicy: readPolicy,
                                           recorded: recorded, events: events)
        bar.finish()
        if let lines {
            lines.summary(json(report, manifest: manifestPath))
        } else if args.json {
            console.print(json(report, manifest: manifestPath).serialized(pretty: true))
        } else {
            text(report, verbose: args.flag("--verbose"), style: try OutputStyle.resolve(args), console: console)
        }
        return report.ok ? ExitCode.ok : ExitCode.problem
    }
}

// MARK: check report rendering

extension ManifestCommand {
    /// Findings shown per file in text output without --verbose.
    static let findingsShown = 12

    /// What `manifest create` wrote, and how to check against it when its paths are relative to another folder.
    static func createText(findings: [Finding], outPath: String, manifest: Manifest, weightFiles: Int, tensors: Int,
                           seconds: Double, root rootPath: String, style: OutputStyle, console: Console) {
        for f in findings {
            (ReportLines.file(mark: style.yellow("!"), path: f.file, facts: "", style: style)
                + ReportLines.finding(f, style: style)).forEach(console.print)
        }
        let files = manifest.files.count
        let rate = manifest.totalBytes >= VerifyCommand.meaningfulBytes
            ? " (\(Fmt.rate(bytes: manifest.totalBytes, seconds: seconds)))" : ""
        let summary = "\(Fmt.count(files)) file\(files == 1 ? "" : "s") (\(weightFiles) weight file\(weightFiles == 1 ? "" : "s"), "
            + "\(Fmt.count(tensors)) tensors), \(Fmt.bytes(manifest.totalBytes)) read in \(Fmt.duration(seconds))\(rate)"
        ReportLines.titled(outPath + ":", facts: summary, prefix: style.green("✓") + " wrote ", style: style).forEach(console.print)
        if Paths.parent(outPath) != rootPath {
            style.wrap("  paths are relative to \(TerminalText.escape(rootPath)); check with:", hang: "    ").forEach(console.print)
            ReportLines.command("weightcheck manifest check --root \(rootPath) \(outPath)", width: style.width)
                .forEach(console.print)
        }
    }

    static func text(_ report: ManifestCheckReport, verbose: Bool, style: OutputStyle = .plain, console: Console) {
        for f in report.files where verbose || f.status != .ok {
            let mark = f.ok ? (f.findings.isEmpty ? style.green("✓") : style.yellow("!")) : style.red("✗")
            var line = f.status.rawValue
            if let to = f.renamedTo { line += " → \(TerminalText.escape(to))" }
            if f.status == .changed {
                var what: [String] = []
                if f.headerChanged { what.append("header") }
                if !f.changedTensors.isEmpty { what.append("\(f.changedTensors.count) tensor\(f.changedTensors.count == 1 ? "" : "s")") }
                if !f.cutOffTensors.isEmpty { what.append("\(f.cutOffTensors.count) cut off") }
                if !what.isEmpty { line += " (" + what.joined(separator: ", ") + ")" }
            }
            ReportLines.file(mark: mark, path: f.path, facts: line, style: style).forEach(console.print)
            let shown = verbose ? f.findings : Array(f.findings.prefix(findingsShown))
            for p in shown where f.status != .extra || verbose {
                ReportLines.finding(p, style: style).forEach(console.print)
            }
            if shown.count < f.findings.count {
                console.print("    · \(f.findings.count - shown.count) more (--verbose lists them)")
            }
        }
        for p in report.problems {
            (ReportLines.file(mark: style.red("✗"), path: p.file, facts: "", style: style)
                + ReportLines.finding(p, style: style)).forEach(console.print)
        }
        let listed = report.files.filter { $0.status != .extra }.count
        let extra = report.count(.extra)
        let speed = report.bytesScanned >= VerifyCommand.meaningfulBytes
            ? " (\(Fmt.rate(bytes: report.bytesScanned, seconds: report.seconds)))" : ""
        let rate = report.bytesScanned > 0
            ? "; \(Fmt.bytes(report.bytesScanned)) read in \(Fmt.duration(report.seconds))\(speed)" : ""
        if report.ok {
            var verdict = "✓ OK: \(Fmt.count(listed)) file\(listed == 1 ? " matches" : "s match") the manifest"
            if extra > 0 { verdict += " (\(extra) extra file\(extra == 1 ? "" : "s") not listed)" }
            style.wrap(style.green("✓ OK") + verdict.dropFirst(4) + tierLine(report) + rate, hang: "  ").forEach(console.print)
        } else {
            var parts: [String] = []
            for s in [ManifestCheckReport.Status.changed, .missing, .renamed, .unreadable] where report.count(s) > 0 {
                parts.append("\(report.count(s)) \(s.rawValue)")
            }
            if extra > 0 { parts.append("\(extra) extra" + (report.strict ? "" : " (warning)")) }
            style.wrap(style.red("✗ FAILED") + ": " + parts.joined(separator: ", ") + " of \(Fmt.count(listed)) listed file\(listed == 1 ? "" : "s")"
                       + tierLine(report) + rate, hang: "  ").forEach(console.print)
        }
    }

    /// What proved what, for the verdict line: "; 3 by XXH3-128 (bit rot, not tampering), 1 by SHA-256".
    static func tierLine(_ report: ManifestCheckReport) -> String {
        let fast = report.files.filter { $0.tier == .xxh128 }.count
        let sha = report.files.filter { $0.tier == .sha256 }.count
        guard report.fast else { return "" }
        return "; whole files proved by XXH3-128 (bit rot and bad copies, not tampering): \(fast), by SHA-256: \(sha)"
    }
}
