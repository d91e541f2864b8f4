// `weightcheck stats`: per-tensor min, max, mean, std and NaN/Inf/zero counts over dequantized values,
// computed in one parallel pass; optionally a small histogram per tensor drawn in the terminal.
import Foundation
import WeightCheck

enum StatsCommand: Command {
    static let spec = CommandSpec(
        name: "stats",
        abstract: "Summarize every tensor's values: min, max, mean, std, NaN, Inf, zeros, bad block scales.",
        usage: ["stats [--tensor NAME]… [--histogram] [--json] <path>…"],
        arguments: [("path", "GGUF or safetensors files, or folders of them.")],
        options: [
            OptionSpec("--tensor", value: "NAME", help: "Only this tensor (repeatable).", repeatable: true),
            OptionSpec("--histogram", help: "A 16-bin histogram of each tensor's values (a second pass): "
                       + "edges, counts, log-scale bars, percentiles and outliers."),
            OptionSpec("--threads", value: "N", help: "Worker threads (default: every core)."),
        ] + OutputStyle.options,
        discussion: """
        Mean and std (population) are over finite values, accumulated in double precision. --json prints one
        document whatever the inputs: {"ok", "files": [{"path", "tensors": [...]}, or {"path", "error"}]}.
        """,
        minimumPositionals: 1,
        examples: ["stats model.gguf",
                   "stats --tensor blk.0.attn_q.weight --histogram model.gguf",
                   "stats --json model.safetensors | jq '.files[].tensors[] | select(.nan > 0) | .name'"],
        exitStatus: "0 every tensor was read and holds no NaN, Inf or bad block scale; 1 otherwise; 64 usage error.")

    static func run(_ args: ParsedArguments, console: Console) throws -> Int32 {
        let filter = args.all("--tensor").isEmpty ? nil : Set(args.all("--tensor"))
        let style = try OutputStyle.resolve(args)
        var status = ExitCode.ok
        var files: [(WeightFile, [Finding])] = []
        var documents: [JSONValue] = []
        let discovery = Discovery.discover(args.positionals)
        for target in discovery.weightTargets {
            switch target {
            case .failure(let f):
                console.fail(f.description)
                documents.append(["path": .string(f.file), "error": .string(f.message)])
                status = ExitCode.problem
            case .success(let path):
                do throws(WeightFileError) {
                    let w = try WeightFile(path: path, allowTruncatedData: true)
                    files.append((w, w.findings))
                } catch {
                    console.fail(error.description)
                    documents.append(["path": .string(path), "error": .string(error.finding.message)])
                    status = ExitCode.problem
                }
            }
        }
        if let filter {
            let known = Set(files.flatMap { $0.0.table.tensors.map(\.name) })
            for name in filter.sorted() where !known.contains(name) {
                var message = "no tensor named '\(name)'"
                if let near = suggestion(for: name, among: Array(known)) { message += ". Did you mean '\(near)'?" }
                console.fail(message)
                status = ExitCode.problem
            }
        }
        let requests = files.map { file -> ScanRequest in
            var r = ScanRequest(file.0, statistics: true, tensorFilter: filter)
            r.histogramBins = args.flag("--histogram") ? 16 : nil
            return r
        }
        let bar = ProgressBar(console: console, args: args, label: "stats")
        let engine = ScanEngine(threads: try VerifyCommand.threadsOption(args))
        let start = Sys.now()
        let results = engine.run(requests) { bar.update(done: $0, total: $1) }
        let seconds = Sys.now() - start
        bar.finish()

        for (k, result) in results.enumerated() {
            let path = files[k].0.file.path
            if let reason = result.missingBytesReason {  // truncated while read: the figures are of zeros
                console.fail("\(path): \(reason)")
                documents.append(["path": .string(path), "error": .string(reason)])
                status = ExitCode.problem
                continue
            }
            for f in files[k].1 where f.severity == .error { console.fail(f.description) }
            if files[k].1.contains(where: { $0.severity == .error }) || result.tensors.contains(where: { $0.problem != nil }) {
                status = ExitCode.problem
            }
            if args.json {
                documents.append(StatsReport.json(path: path, result, histograms: histograms(results[k])))
            } else if filter != nil && result.tensors.isEmpty {
                continue  // none of the named tensors is in this file: no empty table (a name found nowhere was said above)
            } else {
                StatsReport.text(path: path, result, histograms: histograms(results[k]), style: style, console: console)
            }
        }
        if args.json {
            // One shape whatever the number of inputs, so `jq '.files[]'` always works.
            let doc: JSONValue = ["ok": .bool(status == ExitCode.ok), "files": .array(documents)]
            console.print(doc.serialized(pretty: true))
        } else if !results.isEmpty && (filter == nil || results.contains { !$0.tensors.isEmpty }) {
            let bytes = results.reduce(0) { $0 + $1.tensors.reduce(0) { $0 + $1.tensor.byteCount } }
            let rate = bytes >= VerifyCommand.meaningfulBytes ? Fmt.rate(bytes: bytes, seconds: seconds) + ", " : ""
            console.print("\(Fmt.bytes(bytes)) of tensor data summarized in \(Fmt.duration(seconds)) "
                          + "(\(rate)\(engine.threads) thread\(engine.threads == 1 ? "" : "s"))")
        }
        return status
    }

    /// The histograms the scan counted, when `--histogram` asked for them.
    private static func histograms(_ r: ScanResult) -> [TensorHistogram?]? {
        r.tensors.contains { $0.histogram != nil } ? r.tensors.map(\.histogram) : nil
    }
}
