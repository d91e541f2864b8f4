// `weightcheck bench`: each kernel's throughput on this machine against its memory read bandwidth, on one
// thread and on every core, and how long `verify` would take here over a given size.
import Foundation
import WeightCheck

enum BenchCommand: Command {
    static let spec = CommandSpec(
        name: "bench",
        abstract: "Measure kernel throughput against this machine's memory bandwidth; estimate verify time.",
        usage: ["bench [--size MiB] [--threads N] [--estimate SIZE] [--only NAME]… [--json]"],
        arguments: [],
        options: [
            OptionSpec("--size", value: "MiB", help: "Generated input per kernel, in MiB (8 to 4096; default: twice the "
                       + "last-level cache, at least 64). The verify/scan file is this size, at most 64 MiB."),
            OptionSpec("--threads", value: "N", help: "Threads for the many-thread figures (default: every core)."),
            OptionSpec("--estimate", value: "SIZE", help: "Also estimate how long verify takes here over SIZE (70GB, 500MB, 1.5TB, 8GiB)."),
            OptionSpec("--only", value: "NAME", help: "Only kernels whose names start with NAME (repeatable): sha256, xxh3, stats, dequant-q4, verify, …",
                       repeatable: true),
            OptionSpec("--time", value: "SECONDS", help: "Seconds spent timing each figure (default 0.1)."),
        ],
        discussion: """
        Kernels run on generated in-memory data (random quant blocks with sane scales, weight-like floats); each
        figure is the best of time-boxed runs, in GB/s (10^9 bytes) of input. `verify` and `scan` are whole passes
        over a generated GGUF in the page cache (written to a temporary folder and removed). On many threads each
        thread works on its own part of the input. Shares are of the memory read bandwidth on as many threads.
        """,
        maximumPositionals: 0,
        examples: ["bench", "bench --only sha256 --only xxh3 --estimate 70GB"],
        exitStatus: "0 the measurements ran; 64 usage error.")

    static func run(_ args: ParsedArguments, console: Console) throws -> Int32 {
        var options = BenchmarkOptions()
        if let s = args.value("--size") {
            guard let mib = Int(s), mib >= 8, mib <= 4096 else { throw UsageError(message: "--size needs MiB from 8 to 4096, got '\(s)'") }
            options.workingSetBytes = mib << 20
            options.passFileBytes = min(mib, 64) << 20
        }
        if let n = try VerifyCommand.threadsOption(args) { options.threads = n }
        if let t = args.value("--time") {
            guard let v = Double(t), v > 0, v <= 60 else { throw UsageError(message: "--time needs seconds from 0 to 60, got '\(t)'") }
            options.secondsPerFigure = v
        }
        var estimate: UInt64? = nil
        if let e = args.value("--estimate") {
            guard let bytes = ByteSize.parse(e) else {
                throw UsageError(message: "--estimate needs a size such as 70GB, 500MB, 1.5TB or 8GiB, got '\(e)'")
            }
            estimate = bytes
        }
        let only = args.all("--only")
        if !only.isEmpty {
            let names = KernelBenchmark.kernelNames
            for o in only where !names.contains(where: { $0.hasPrefix(o) }) {
                var message = "--only '\(o)' matches no kernel"
                if let near = suggestion(for: o, among: names) { message += ". Did you mean '\(near)'?" }
                throw UsageError(message: message)
            }
            options.only = only + (estimate == nil ? [] : [KernelBenchmark.verifyKernel])
        }
        let showProgress = console.stderrIsTerminal && !args.flag("--no-progress")
        let report = KernelBenchmark.run(options) { name in
            if showProgress { console.status("\r\u{1B}[Kbench: \(name)…") }
        }
        if showProgress { console.status("\r\u{1B}[K") }
        if args.json {
            console.print(json(report, options: options, estimate: estimate).serialized(pretty: true))
        } else {
            text(report, options: options, estimate: estimate, console: console)
        }
        return ExitCode.ok
    }

    /// Below this CPU share a figure is marked as taken while the cores were not all ours.
    static let contendedShare = 0.85

    /// The share of memory bandwidth on the same thread count, as `42%`.
    static func share(_ report: BenchmarkReport, _ gbps: Double, threads: Int) -> String {
        guard let memory = report.memoryRead(threads: threads), memory > 0 else { return "-" }
        return String(format: "%.0f%%", 100 * gbps / memory)
    }

    static func text(_ report: BenchmarkReport, options: BenchmarkOptions, estimate: UInt64?, console: Console) {
        let counts = report.threadCounts
        console.print("weightcheck bench: \(report.cores) core\(report.cores == 1 ? "" : "s"), "
            + "\(options.workingSetBytes >> 20) MiB working set"
            + (BenchmarkOptions.lastLevelCacheBytes.map { " (last-level cache \($0 >> 20) MiB)" } ?? "") + ", SHA-256 "
            + (report.sha256Hardware ? "on the CPU's SHA instructions" : "in Swift (no SHA instructions)"))
        var headers = ["kernel"], align: [TextTable.Alignment] = [.left]
        for t in counts {
            headers += ["\(t) thread\(t == 1 ? "" : "s")", "of memory"]
            align += [.right, .right]
        }
        var table = TextTable(headers, alignments: align)
        var contended = false
        for kernel in report.kernels {
            var row = [kernel]
            for t in counts {
                if let f = report.figures.first(where: { $0.kernel == kernel && $0.threads == t }) {
                    let mark = f.cpuShare < contendedShare ? "~" : ""
                    contended = contended || !mark.isEmpty
                    row += [mark + String(format: "%.2f GB/s", f.gbps), share(report, f.gbps, threads: t)]
                } else {
                    row += ["-", "-"]
                }
            }
            table.add(row)
        }
        for line in table.render() { console.print(line) }
        if contended {
            console.print(String(format: "~ the best run had less than %.0f%% of its threads' time on a core (other processes "
                + "were running, or threads waited): the figure is low.", 100 * contendedShare))
        }
        if let disk = report.diskReadGBps {
            console.print(String(format: "disk read (file's cached pages dropped): %.2f GB/s", disk))
        }
        let targets = targetLines(report)
        if !targets.isEmpty {
            console.print("targets:")
            for t in targets { console.print("  " + t) }
        }
        if let estimate { console.print(estimateText(report, bytes: estimate)) }
        console.print(String(format: "(%.1f s; each figure the best of time-boxed runs)", report.seconds))
    }

    /// The performance targets of the project, checked against this run's figures.
    static func targetLines(_ report: BenchmarkReport) -> [String] {
        var lines: [String] = []
        func mark(_ ok: Bool) -> String { ok ? "✓" : "✗" }
        if let memory = report.memoryRead(threads: 1) {
            for kernel in ["xxh3", "stats-f32"] {
                guard let g = report.gbps(kernel, threads: 1) else { continue }
                lines.append(String(format: "%@ %@ ≥ half the memory read bandwidth (one thread): %.2f of %.2f GB/s",
                                    mark(g >= memory / 2), kernel, g, memory))
            }
        }
        if report.sha256Hardware, let g = report.gbps("sha256", threads: 1) {
            lines.append(String(format: "%@ sha256 ≥ 1.0 GB/s with SHA instructions: %.2f GB/s", mark(g >= 1.0), g))
        }
        if let many = report.threadCounts.last, many > 1 {
            for pass in [KernelBenchmark.scanKernel, KernelBenchmark.verifyKernel] {
                guard let one = report.gbps(pass, threads: 1), let all = report.gbps(pass, threads: many), one > 0 else { continue }
                let ratio = all / one
                let goal = pass == KernelBenchmark.scanKernel ? " (target ≥ 1.7×)" : ""
                lines.append(String(format: "%@ %@ on %d threads vs one thread%@: %.2f×",
                                    pass == KernelBenchmark.scanKernel ? mark(ratio >= 1.7) : "·", pass, many, goal, ratio))
            }
        }
        return lines
    }

    static func estimateText(_ report: BenchmarkReport, bytes: UInt64) -> String {
        guard let seconds = report.verifySeconds(bytes: bytes) else { return "estimate: verify was not measured" }
        var text = "estimate: verify of \(Fmt.bytes(Int(clamping: bytes))) here takes about \(Fmt.duration(seconds)) "
            + "when the files are in the page cache"
        if let disk = report.diskReadGBps, let fromDisk = report.verifySecondsFromDisk(bytes: bytes) {
            text += String(format: "; read from this disk (%.2f GB/s) about %@", disk, Fmt.duration(fromDisk))
            text += fromDisk > seconds * 1.05 ? ": the disk is the limit." : "."
        } else {
            text += "; the disk's read speed may be the real limit."
        }
        return text
    }

    static func json(_ report: BenchmarkReport, options: BenchmarkOptions, estimate: UInt64?) -> JSONValue {
        var doc: JSONObject = [
            "ok": true,
            "memory_read_gbps": report.memoryReadGBps.map { .number($0) } ?? .null,
            "cores": .integer(Int64(report.cores)),
            "threads": .array(report.threadCounts.map { .integer(Int64($0)) }),
            "working_set_bytes": .integer(Int64(options.workingSetBytes)),
            "last_level_cache_bytes": BenchmarkOptions.lastLevelCacheBytes.map { .integer(Int64($0)) } ?? .null,
            "pass_file_bytes": .integer(Int64(options.passFileBytes)),
            "sha256_hardware": .bool(report.sha256Hardware),
            "disk_read_gbps": report.diskReadGBps.map { .number($0) } ?? .null,
            "kernels": .array(report.figures.map { f in
                [
                    "kernel": .string(f.kernel),
                    "gbps": .number(f.gbps),
                    "threads": .integer(Int64(f.threads)),
                    "share_of_memory": report.memoryRead(threads: f.threads).map { .number(f.gbps / $0) } ?? .null,
                    "bytes": .integer(Int64(f.bytes)),
                    "runs": .integer(Int64(f.runs)),
                    "cpu_share": .number(f.cpuShare),
                ]
            }),
            "seconds": .number(report.seconds),
        ]
        if let estimate {
            doc["estimate"] = [
                "bytes": .unsigned(estimate),
                "verify_seconds": report.verifySeconds(bytes: estimate).map { .number($0) } ?? .null,
                "verify_seconds_from_disk": report.verifySecondsFromDisk(bytes: estimate).map { .number($0) } ?? .null,
            ]
        }
        return .object(doc)
    }
}
