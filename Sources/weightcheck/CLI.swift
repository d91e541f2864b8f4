// CLI: the command registry and dispatch — `weightcheck <command> …`, `help <command> [<subcommand>]`,
// `--version`; usage errors as `Error: …` on stderr with exit 64 (and, with --json, one JSON document on stdout).
import WeightCheck

enum CLI {
    static let version = "0.1.0"

    /// Every command, in the order help lists them.
    static let commands: [Command.Type] = [
        VerifyCommand.self,
        InspectCommand.self,
        StatsCommand.self,
        HashCommand.self,
        ManifestCommand.self,
        CompareCommand.self,
        ReportCommand.self,
        BenchCommand.self,
    ]

    static func find(_ name: String) -> Command.Type? { commands.first { $0.spec.name == name } }

    /// Runs the tool with `arguments` (without the program name) and returns the exit code.
    static func main(_ arguments: [String]) -> Int32 {
        let console = Console()
        defer { console.flush() }
        let json = wantsJSON(arguments)
        guard let first = arguments.first else {
            if json { return usageError("missing command", usage: nil, json: true, console) }
            console.error(HelpText.main(commands: commands.map { $0.spec }))
            return ExitCode.usage
        }
        switch first {
        case "--json":
            // `weightcheck --json COMMAND …` means `weightcheck COMMAND … --json`.
            guard arguments.count > 1 else { return usageError("missing command", usage: nil, json: true, console) }
            return main(Array(arguments.dropFirst()) + ["--json"])
        case "-h", "--help":
            console.print(HelpText.main(commands: commands.map { $0.spec }))
            return ExitCode.ok
        case "--version", "version":
            console.print("weightcheck \(version)")
            return ExitCode.ok
        case "help":
            guard arguments.count > 1 else {
                console.print(HelpText.main(commands: commands.map { $0.spec }))
                return ExitCode.ok
            }
            guard let command = find(arguments[1]) else { return unknownCommand(arguments[1], json: json, console) }
            var spec = command.spec
            if arguments.count > 2 {
                guard let sub = spec.subcommand(arguments[2]) else {
                    return usageError("'\(spec.name)' has no subcommand '\(arguments[2])'", usage: spec, json: json, console)
                }
                spec = sub
            }
            console.print(HelpText.help(for: spec))
            return ExitCode.ok
        default:
            guard let command = find(first) else {
                if first.hasPrefix("-") {
                    var message = "unknown option '\(first)'"
                    if let near = suggestion(for: first, among: ["--help", "--version"]) { message += ". Did you mean '\(near)'?" }
                    return usageError(message, usage: nil, json: json, console)
                }
                return unknownCommand(first, json: json, console)
            }
            var spec = command.spec
            var rest = Array(arguments.dropFirst())
            var subcommand: String? = nil
            if let name = rest.first, let sub = spec.subcommand(name) {
                spec = sub
                subcommand = name
                rest.removeFirst()
            }
            var parsed: ParsedArguments
            do {
                parsed = try ParsedArguments.parse(rest, spec: spec)
            } catch {
                return usageError(error.message, usage: spec, json: json, console)
            }
            if parsed.flag("--help") {
                console.print(HelpText.help(for: spec))
                return ExitCode.ok
            }
            if let subcommand { parsed.positionals.insert(subcommand, at: 0) }
            do {
                return try command.run(parsed, console: console)
            } catch let e as UsageError {
                return usageError(e.message, usage: spec, json: json, console)
            } catch {
                console.fail("\(error)")
                if json { console.print(errorDocument("\(error)")) }
                return ExitCode.problem
            }
        }
    }

    /// The one JSON document a command prints when it cannot run at all (usage error, unreadable input):
    /// `{"ok": false, "error": MESSAGE}`.
    static func errorDocument(_ message: String) -> String {
        JSONValue(["ok": false, "error": .string(message)]).serialized(pretty: true)
    }

    /// Whether `--json` was given (before a `--` that ends the options).
    private static func wantsJSON(_ arguments: [String]) -> Bool {
        for a in arguments {
            if a == "--" { return false }
            if a == "--json" { return true }
        }
        return false
    }

    /// `Error: MESSAGE` and the usage on stderr, the error document on stdout with --json; exit 64.
    private static func usageError(_ message: String, usage spec: CommandSpec?, json: Bool, _ console: Console) -> Int32 {
        let usage = spec.map(HelpText.usage(for:))
            ?? "Usage: weightcheck <command> [options] <paths…>\n  See 'weightcheck --help'."
        console.fail(message + "\n" + usage)
        if json { console.print(errorDocument(message)) }
        return ExitCode.usage
    }

    private static func unknownCommand(_ name: String, json: Bool, _ console: Console) -> Int32 {
        var message = "unknown command '\(name)'"
        if let near = suggestion(for: name, among: commands.map { $0.spec.name }) { message += ". Did you mean '\(near)'?" }
        return usageError(message, usage: nil, json: json, console)
    }
}
