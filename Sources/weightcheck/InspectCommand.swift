// `weightcheck inspect`: header, metadata, tensor table, totals per type and parameter count of a file,
// a folder or a shard set — from header bytes only, never tensor data.
import WeightCheck

enum InspectCommand: Command {
    static let spec = CommandSpec(
        name: "inspect",
        abstract: "Show a weight file's header, metadata, tensor table and totals.",
        usage: ["inspect [--json] [--full] <path>…"],
        arguments: [("path", "A GGUF or safetensors file, a folder, or a shard set (format read from content).")],
        options: [OptionSpec("--full", help: "Print long metadata arrays whole instead of summarized.")]
            + OutputStyle.options,
        discussion: """
        Text from the file (metadata, tensor names) is printed with control characters and escape sequences shown
        as escapes. --json prints one document whatever the inputs: {"ok", "files": [one object per file, or
        {"path", "error"}], "sets": [shard sets]}.
        """,
        minimumPositionals: 1,
        examples: ["inspect model.gguf",
                   "inspect --json model-00001-of-00003.gguf | jq '.files[].tensors[] | select(.type == \"Q6_K\")'"],
        exitStatus: "0 every input was read and every shard set is whole; 1 otherwise; 64 usage error.")

    static func run(_ args: ParsedArguments, console: Console) throws -> Int32 {
        let full = args.flag("--full")
        let style = try OutputStyle.resolve(args)
        var status = ExitCode.ok
        var documents: [JSONValue] = []
        var parsed: [String: WeightFile] = [:]
        let discovery = Discovery.discover(args.positionals)
        for target in discovery.weightTargets {
            switch target {
            case .failure(let finding):
                console.fail(finding.description)
                status = ExitCode.problem
                documents.append(["path": .string(finding.file), "error": .string(finding.message)])
            case .success(let path):
                do throws(WeightFileError) {
                    let file = try WeightFile(path: path)
                    parsed[path] = file
                    if args.json {
                        documents.append(InspectReport.json(file, full: full))
                    } else {
                        InspectReport.text(file, full: full, style: style, into: console)
                    }
                } catch {
                    console.fail(error.description)
                    status = ExitCode.problem
                    documents.append(["path": .string(path), "error": .string(error.finding.message)])
                }
            }
        }
        let sets = ShardSets.find(files: parsed, indexes: discovery.safetensorsIndexes)
        if !args.json && !sets.isEmpty {
            console.print("SETS")
            for set in sets { set.text(into: console, style: style) }
        }
        if sets.contains(where: { !$0.ok }) { status = ExitCode.problem }
        if args.json {
            // One shape whatever the number of inputs, so `jq '.files[]'` always works.
            let doc: JSONValue = ["ok": .bool(status == ExitCode.ok), "files": .array(documents),
                                  "sets": .array(sets.map(\.json))]
            console.print(doc.serialized(pretty: true))
        }
        return status
    }
}
