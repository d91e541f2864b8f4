// ArgumentParser: the small command-line parser every command shares — flags, options with values,
// positionals, `--help`, and usage errors (exit 64) with a "did you mean" suggestion.

/// One option a command accepts.
struct OptionSpec {
    /// Names, long first: `["--algo"]`, `["-o", "--output"]`.
    let names: [String]
    /// The value's placeholder (`ALGO`), or nil for a flag.
    let value: String?
    /// One line of help.
    let help: String
    /// Whether it may be given several times.
    var repeatable = false

    init(_ names: String..., value: String? = nil, help: String, repeatable: Bool = false) {
        self.names = names
        self.value = value
        self.help = help
        self.repeatable = repeatable
    }

    /// The canonical name (the longest).
    var key: String { names.max(by: { $0.count < $1.count })! }
}

/// What a command accepts and how it explains itself.
struct CommandSpec {
    let name: String
    let abstract: String
    /// Usage lines after `weightcheck `, e.g. `hash [--algo ALGO] [--tensors] PATH…`.
    let usage: [String]
    /// Positional arguments and their help.
    let arguments: [(String, String)]
    let options: [OptionSpec]
    /// Extra paragraphs printed after the options.
    var discussion: String? = nil
    /// Minimum number of positionals.
    var minimumPositionals = 0
    /// Maximum number of positionals (nil: unlimited).
    var maximumPositionals: Int? = nil
    /// Command lines shown under EXAMPLES (after `weightcheck `), each with a `# what it does` comment.
    var examples: [String] = []
    /// The EXIT STATUS paragraph; the default states the contract every command keeps.
    var exitStatus = "0 everything passed; 1 a problem was found or an input could not be read; 64 usage error."
    /// Subcommands with their own page (`manifest create|check|sha256sum`); `name` is then `manifest create`.
    var subcommands: [CommandSpec] = []

    /// The subcommand named `name`, if any.
    func subcommand(_ name: String) -> CommandSpec? {
        subcommands.first { $0.name.split(separator: " ").last.map(String.init) == name }
    }

    static let common: [OptionSpec] = [
        OptionSpec("--json", help: "Print one JSON document on stdout."),
        OptionSpec("--no-progress", help: "Do not show a progress bar on stderr."),
        OptionSpec("-h", "--help", help: "Show help for this command."),
    ]

    var allOptions: [OptionSpec] { options + CommandSpec.common.filter { c in !options.contains { $0.key == c.key } } }
}

/// A usage error: printed as `Error: …` and the usage (with --json, a JSON document on stdout too), exit 64.
struct UsageError: Error {
    let message: String
}

/// Parsed arguments of one command.
struct ParsedArguments {
    var flags: Set<String> = []
    var values: [String: [String]] = [:]
    var positionals: [String] = []

    func flag(_ name: String) -> Bool { flags.contains(name) }
    func value(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }

    /// Whether output should be JSON.
    var json: Bool { flag("--json") }

    /// Parses `args` (after the command name) against `spec`.
    static func parse(_ args: [String], spec: CommandSpec) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments()
        let options = spec.allOptions
        var i = 0
        var onlyPositionals = false
        while i < args.count {
            let arg = args[i]
            i += 1
            if onlyPositionals || !arg.hasPrefix("-") || arg == "-" {
                parsed.positionals.append(arg)
                continue
            }
            if arg == "--" { onlyPositionals = true; continue }
            var name = arg
            var inlineValue: String? = nil
            if let eq = arg.firstIndex(of: "="), arg.hasPrefix("--") {
                name = String(arg[..<eq])
                inlineValue = String(arg[arg.index(after: eq)...])
            }
            guard let option = options.first(where: { $0.names.contains(name) }) else {
                var message = "unknown option '\(name)'"
                if let near = suggestion(for: name, among: options.flatMap(\.names)) { message += ". Did you mean '\(near)'?" }
                throw UsageError(message: message)
            }
            if option.value == nil {
                if inlineValue != nil { throw UsageError(message: "option '\(name)' takes no value") }
                parsed.flags.insert(option.key)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard i < args.count else { throw UsageError(message: "option '\(name)' needs a value (\(option.value!))") }
                value = args[i]
                i += 1
            }
            if !option.repeatable, parsed.values[option.key] != nil {
                throw UsageError(message: "option '\(name)' given more than once")
            }
            parsed.values[option.key, default: []].append(value)
        }
        if parsed.flag("--help") { return parsed }
        if parsed.positionals.count < spec.minimumPositionals {
            let missing = spec.arguments.dropFirst(parsed.positionals.count).first?.0 ?? "argument"
            throw UsageError(message: "missing \(missing)")
        }
        if let max = spec.maximumPositionals, parsed.positionals.count > max {
            throw UsageError(message: "unexpected argument '\(parsed.positionals[max])'")
        }
        return parsed
    }
}

/// The closest of `candidates` to `word` by edit distance, when it is close enough to be a likely typo.
func suggestion(for word: String, among candidates: [String]) -> String? {
    let scored = candidates.map { ($0, editDistance(word, $0)) }.min { $0.1 < $1.1 }
    guard let (best, distance) = scored, distance <= max(2, word.count / 3) else { return nil }
    return best
}

/// Levenshtein distance between two short strings.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
