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
        minimumPositionals: 1)

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
                console.error(finding.description)
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
                    console.error(error.description)
                    status = ExitCode.problem
                    documents.append(["path": .string(path), "error": .string(error.finding.message)])
                }
            }
        }
        let sets = ShardSets.find(files: parsed, indexes: discovery.safetensorsIndexes)
        if !args.json && !sets.isEmpty {
            console.print("SETS")
            for set in sets { set.text(into: console) }
        }
        if sets.contains(where: { !$0.ok }) { status = ExitCode.problem }
        if args.json {
            if documents.count == 1 && sets.isEmpty {
                console.print(documents[0].serialized(pretty: true))
            } else {
                let doc: JSONValue = ["files": .array(documents), "sets": .array(sets.map(\.json))]
                console.print(doc.serialized(pretty: true))
            }
        }
        return status
    }
}
