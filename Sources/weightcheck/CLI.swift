// CLI: the command registry and dispatch — `weightcheck <command> …`, `help <command>`, `--version`,
// usage errors on stderr with exit 64.
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
        BenchCommand.self,
    ]

    static func find(_ name: String) -> Command.Type? { commands.first { $0.spec.name == name } }

    /// Runs the tool with `arguments` (without the program name) and returns the exit code.
    static func main(_ arguments: [String]) -> Int32 {
        let console = Console()
        defer { console.flush() }
        guard let first = arguments.first else {
            console.error(HelpText.main(commands: commands.map { $0.spec }))
            return ExitCode.usage
        }
        switch first {
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
            guard let command = find(arguments[1]) else { return unknownCommand(arguments[1], console) }
            console.print(HelpText.help(for: command.spec))
            return ExitCode.ok
        default:
            guard let command = find(first) else { return unknownCommand(first, console) }
            let spec = command.spec
            let parsed: ParsedArguments
            do {
                parsed = try ParsedArguments.parse(Array(arguments.dropFirst()), spec: spec)
            } catch {
                console.error("Error: \(error.message)\n" + HelpText.usage(for: spec))
                return ExitCode.usage
            }
            if parsed.flag("--help") {
                console.print(HelpText.help(for: spec))
                return ExitCode.ok
            }
            do {
                return try command.run(parsed, console: console)
            } catch let e as UsageError {
                console.error("Error: \(e.message)\n" + HelpText.usage(for: spec))
                return ExitCode.usage
            } catch {
                console.error("Error: \(error)")
                return ExitCode.problem
            }
        }
    }

    private static func unknownCommand(_ name: String, _ console: Console) -> Int32 {
        var message = "Error: unknown command '\(name)'."
        if let near = suggestion(for: name, among: commands.map { $0.spec.name }) { message += " Did you mean '\(near)'?" }
        console.error(message + "\nUsage: weightcheck <command> [options] <paths…>\n  See 'weightcheck --help'.")
        return ExitCode.usage
    }
}
