// HelpText: usage and help screens in the layout users know from swift-argument-parser
// (OVERVIEW / USAGE / ARGUMENTS / OPTIONS / SUBCOMMANDS), plus EXAMPLES and EXIT STATUS on every page.

enum HelpText {
    /// The full help of one command or subcommand: overview, usage, arguments, options, discussion,
    /// subcommands, examples and exit status.
    static func help(for spec: CommandSpec) -> String {
        var out = "OVERVIEW: \(spec.abstract)\n\n"
        out += "USAGE: " + spec.usage.map { "weightcheck \($0)" }.joined(separator: "\n       ") + "\n"
        if !spec.arguments.isEmpty {
            out += "\nARGUMENTS:\n"
            out += rows(spec.arguments.map { ("<\($0.0)>", $0.1) })
        }
        out += "\nOPTIONS:\n"
        out += rows(spec.allOptions.map { o in
            (o.names.joined(separator: ", ") + (o.value.map { " <\($0)>" } ?? ""), o.help)
        })
        if let d = spec.discussion { out += "\n" + d + "\n" }
        if !spec.subcommands.isEmpty {
            out += "\nSUBCOMMANDS:\n" + rows(spec.subcommands.map { (String($0.name.split(separator: " ").last!), $0.abstract) })
            out += "\n  See 'weightcheck help \(spec.name) <subcommand>' for detailed help.\n"
        }
        if !spec.examples.isEmpty {
            out += "\nEXAMPLES:\n" + spec.examples.map { "  weightcheck " + $0 }.joined(separator: "\n") + "\n"
        }
        out += "\nEXIT STATUS: " + spec.exitStatus + "\n"
        return out
    }

    /// The short usage printed under a usage error.
    static func usage(for spec: CommandSpec) -> String {
        "Usage: " + spec.usage.map { "weightcheck \($0)" }.joined(separator: "\n       ") + "\n"
            + "  See 'weightcheck help \(spec.name)' for more."
    }

    /// The top-level help listing every command.
    static func main(commands: [CommandSpec]) -> String {
        var out = "OVERVIEW: Tell whether a model-weight file (GGUF, safetensors, a shard set, a Hugging Face cache)\n"
        out += "is intact and usable, offline, in one pass over its bytes.\n\n"
        out += "USAGE: weightcheck <command> [options] <paths…>\n\n"
        out += "OPTIONS:\n" + rows([("--version", "Show the version."), ("-h, --help", "Show this help.")])
        out += "\nCOMMANDS:\n" + rows(commands.map { ($0.name, $0.abstract) })
        out += "\n  See 'weightcheck help <command>' for detailed help.\n"
        out += "\nEXAMPLES:\n  weightcheck verify ~/.cache/huggingface/hub\n  weightcheck inspect --json model.gguf\n"
        out += "\nEXIT STATUS: 0 all checks passed; 1 a problem was found or an input could not be read; 64 usage error.\n"
        return out
    }

    private static func rows(_ rows: [(String, String)]) -> String {
        let width = min(28, (rows.map { $0.0.count }.max() ?? 0) + 2)
        return rows.map { left, right in
            let pad = left.count < width ? String(repeating: " ", count: width - left.count) : "\n" + String(repeating: " ", count: width + 2)
            return "  " + left + pad + right
        }.joined(separator: "\n") + "\n"
    }
}
