// `weightcheck inspect`: header, metadata, tensor table, totals per type and parameter count of a file,
// a folder or a shard set — from header bytes only, never tensor data.
import WeightCheck

enum InspectCommand: Command {
    static let spec = CommandSpec(
        name: "inspect",
        abstract: "Show a weight file's header, metadata, tensor table and totals.",
        usage: ["inspect [--json] [--full] <path>…"],
        arguments: [("path", "A GGUF or safetensors file, a folder, or a shard set (format read from content).")],
        options: [OptionSpec("--full", help: "Print long metadata arrays whole instead of summarized.")],
        minimumPositionals: 1)

    static func run(_ args: ParsedArguments, console: Console) throws -> Int32 {
        let full = args.flag("--full")
        var status = ExitCode.ok
        var documents: [JSONValue] = []
        for target in InputExpansion.weightFiles(args.positionals) {
            switch target {
            case .failure(let finding):
                console.error(finding.description)
                status = ExitCode.problem
                if args.json { documents.append(["path": .string(finding.file), "error": .string(finding.message)]) }
            case .success(let path):
                do {
                    let file = try WeightFile(path: path)
                    if args.json {
                        documents.append(InspectReport.json(file, full: full))
                    } else {
                        InspectReport.text(file, full: full, into: console)
                    }
                } catch {
                    console.error(error.description)
                    status = ExitCode.problem
                    if args.json { documents.append(["path": .string(path), "error": .string(error.finding.message)]) }
                }
            }
        }
        let sets = InputExpansion.shardSets(args.positionals)
        for set in sets {
            if args.json {
                documents.append(set.json)
            } else {
                set.text(into: console)
            }
            if set.findings.contains(where: { $0.severity == .error }) { status = ExitCode.problem }
        }
        if args.json {
            if documents.count == 1, sets.isEmpty {
                console.print(JSONWriter.pretty(documents[0]))
            } else {
                console.print(JSONWriter.pretty(["files": .array(documents)]))
            }
        }
        return status
    }
}
