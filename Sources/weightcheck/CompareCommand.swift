// `weightcheck compare`: a quantized or converted model against its source, tensor by tensor — RMSE, max error,
// cosine and SNR per matched tensor in one parallel pass, a verdict per tensor, text, JSON and an HTML page.
import Foundation
import WeightCheck

enum CompareCommand: Command {
    static let spec = CommandSpec(
        name: "compare",
        abstract: "Check a quantized or converted model against its source, tensor by tensor.",
        usage: ["compare [--map FILE] [--html FILE] [--all | --failed] [--json] <reference> <candidate>"],
        arguments: [
            ("reference", "The source: a safetensors file, a folder of safetensors shards (with or without an index), "
                + "a GGUF file or a GGUF split set."),
            ("candidate", "The variant to check, in any of the same forms."),
        ],
        options: [
            OptionSpec("--map", value: "FILE", help: "A JSON object {reference name: candidate name} for pairs "
                       + "the name rules miss (it takes precedence)."),
            OptionSpec("--html", value: "FILE", help: "Also write a self-contained HTML page: error and cosine per layer "
                       + "against each type's expected band, failures first, a sortable, searchable table."),
            OptionSpec("--threads", value: "N", help: "Worker threads (default: every core)."),
            OptionSpec("--all", help: "List every matched tensor (default: failures and the worst few of each type)."),
            OptionSpec("--failed", help: "List only the failing tensors."),
        ] + OutputStyle.options,
        discussion: """
        Tensors are paired by identical names, else Hugging Face names are translated to llama.cpp's for the
        architecture in the GGUF's general.architecture or config.json (llama, mistral, qwen2, qwen3, qwen2_moe,
        qwen3_moe, gemma, gemma2, gemma3, phi3, bert), undoing the converter's llama Q/K row permutation, Gemma's
        norm weights stored plus one, and stacked experts. Per tensor: RMSE, max abs error, cosine similarity and
        SNR (dB), accumulated in double precision. A tensor fails on NaN/Inf, a shape mismatch, or an error its
        storage type cannot explain. A failing tensor is compared with the other reference tensors of its shape,
        so that swapped and rotated tensors are named as such. Unmatched tensors are listed, not failed.
        """,
        minimumPositionals: 2,
        maximumPositionals: 2,
        examples: ["compare Llama-3-8B/ llama-3-8b-Q4_K_M.gguf",
                   "compare --html report.html --map names.json ref.safetensors cand.gguf"],
        exitStatus: "0 every matched tensor passes; 1 any fails or an input cannot be read; 64 usage error.")

    static func run(_ args: ParsedArguments, console: Console) throws -> Int32 {
        let threads = try VerifyCommand.threadsOption(args)
        let style = try OutputStyle.resolve(args)
        if args.flag("--all") && args.flag("--failed") { throw UsageError(message: "give --all or --failed, not both") }
        let reference = args.positionals[0], candidate = args.positionals[1]
        var userMap: [String: String] = [:]
        if let path = args.value("--map") {
            let bytes: [UInt8]
            switch InputFile.read(path) {
            case .success(let b): bytes = b
            case .failure(let reason):
                return failed("\(path): cannot read the tensor map: \(reason.text)", args: args, console: console)
            }
            do {
                userMap = try CompareJSONInput.parseNameMap(Data(bytes))
            } catch {
                return failed("\(path): \(error.message)", args: args, console: console)
            }
        }
        let bar = ProgressBar(console: console, args: args, label: "compare")
        let report: CompareReport
        do throws(ModelSourceError) {
            report = try Comparison.run(reference: reference, candidate: candidate,
                                        options: Comparison.Options(userMap: userMap, threads: threads)) {
                bar.update(done: $0, total: $1)
            }
        } catch {
            bar.finish()
            return failed(error.description, args: args, console: console)
        }
        bar.finish()
        var status = report.ok ? ExitCode.ok : ExitCode.problem
        if let html = args.value("--html") {
            do {
                try Paths.writeAtomically(CompareHTML.page(report), to: html)
            } catch {
                console.fail("\(html): cannot write the HTML page (\(error.localizedDescription))")
                status = ExitCode.problem
            }
        }
        if args.json {
            console.print(CompareRendering.json(report).serialized(pretty: true))
        } else {
            CompareRendering.text(report, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount,
                                  selection: args.flag("--all") ? .all : args.flag("--failed") ? .failed : .summary,
                                  style: style, console: console)
        }
        return status
    }

    /// Reports an input that could not be read: `Error: …` on stderr, and with `--json` a document saying so.
    private static func failed(_ message: String, args: ParsedArguments, console: Console) -> Int32 {
        console.fail(message)
        if args.json { console.print(CLI.errorDocument(message)) }
        return ExitCode.problem
    }
}
