// Command: what every subcommand provides — its spec (for parsing and help) and a run function that
// returns the exit code. The registry of commands lives in CLI.swift.

protocol Command: Sendable {
    /// Name, help, options.
    static var spec: CommandSpec { get }
    /// Runs with parsed arguments; returns the exit code (0 ok, 1 problem, 64 usage).
    static func run(_ args: ParsedArguments, console: Console) throws -> Int32
}
