// HelpText: usage and help screens in the layout users know from swift-argument-parser
// (OVERVIEW / USAGE / ARGUMENTS / OPTIONS / SUBCOMMANDS), plus EXAMPLES and EXIT STATUS on every page.

import Foundation

enum HelpText {
    /// The width help is wrapped to: the terminal's (or COLUMNS), else 80, as swift-argument-parser does.
    static var width: Int { TerminalWidth.columns() ?? 80 }

    /// The full help of one command or subcommand: overview, usage, arguments, options, discussion,
    /// subcommands, examples and exit status, wrapped to `width`.
    static func help(for spec: CommandSpec, width: Int = HelpText.width) -> String {
        let style = OutputStyle(width: width, color: false)
        func block(_ text: String, hang: String) -> String { style.wrap(text, hang: hang).joined(separator: "\n") + "\n" }
        var out = block("OVERVIEW: \(spec.abstract)", hang: "") + "\n"
        out += spec.usage.enumerated().map { i, u in
            block((i == 0 ? "USAGE: " : "       ") + "weightcheck \(u)", hang: "         ")
        }.joined()
        if !spec.arguments.isEmpty {
            out += "\nARGUMENTS:\n"
            out += rows(spec.arguments.map { ("<\($0.0)>", $0.1) }, width: width)
        }
        out += "\nOPTIONS:\n"
        out += rows(spec.allOptions.map { o in
            (o.names.joined(separator: ", ") + (o.value.map { " <\($0)>" } ?? ""), o.help)
        }, width: width)
        if let d = spec.discussion { out += "\n" + paragraphs(d, style: style) }
        if !spec.subcommands.isEmpty {
            out += "\nSUBCOMMANDS:\n" + rows(spec.subcommands.map { (String($0.name.split(separator: " ").last!), $0.abstract) },
                                            width: width)
            out += "\n" + block("  See 'weightcheck help \(spec.name) <subcommand>' for detailed help.", hang: "  ")
        }
        if !spec.examples.isEmpty {
            out += "\nEXAMPLES:\n" + spec.examples.map { example(_: $0, style: style) }.joined()
        }
        out += "\n" + exitStatus(spec.exitStatus, width: width)
        return out
    }

    /// `EXIT STATUS: 0 …; 1 …; 64 usage error.` with its clauses kept whole where they fit, one under another.
    static func exitStatus(_ text: String, width: Int) -> String {
        let style = OutputStyle(width: width, color: false)
        let clauses = text.components(separatedBy: "; ")
        var lines: [String] = []
        var line = "EXIT STATUS:"
        for (i, clause) in clauses.enumerated() {
            let piece = clause + (i < clauses.count - 1 ? ";" : "")
            if line.count + 1 + piece.count > width && line != "EXIT STATUS:" {
                lines += style.wrap(line, hang: "    ")
                line = "  " + piece
            } else {
                line += " " + piece
            }
        }
        return (lines + style.wrap(line, hang: "    ")).joined(separator: "\n") + "\n"
    }

    /// Text written as paragraphs of hard-wrapped lines, re-wrapped to the width (a blank line parts them).
    static func paragraphs(_ text: String, style: OutputStyle) -> String {
        text.components(separatedBy: "\n\n").map { paragraph in
            let joined = paragraph.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            return style.wrap(joined, hang: "").joined(separator: "\n") + "\n"
        }.joined(separator: "\n")
    }

    /// `  weightcheck COMMAND   # what it does`, the comment on a line of its own when the line would not fit.
    static func example(_ text: String, style: OutputStyle) -> String {
        let line = "  weightcheck " + text
        guard let width = style.width, line.count > width else { return line + "\n" }
        guard let hash = text.range(of: "   # ") else { return style.wrap(line, hang: "      ").joined(separator: "\n") + "\n" }
        let command = "  weightcheck " + text[..<hash.lowerBound]
        return style.wrap(command, hang: "      ").joined(separator: "\n") + "\n"
            + style.wrap("    # " + text[hash.upperBound...], hang: "      ").joined(separator: "\n") + "\n"
    }

    /// The short usage printed under a usage error.
    static func usage(for spec: CommandSpec) -> String {
        "Usage: " + spec.usage.map { "weightcheck \($0)" }.joined(separator: "\n       ") + "\n"
            + "  See 'weightcheck help \(spec.name)' for more."
    }

    /// The top-level help listing every command.
    static func main(commands: [CommandSpec], width: Int = HelpText.width) -> String {
        let style = OutputStyle(width: width, color: false)
        func block(_ text: String, hang: String) -> String { style.wrap(text, hang: hang).joined(separator: "\n") + "\n" }
        var out = block("OVERVIEW: Tell whether a model-weight file (GGUF, safetensors, a shard set, a Hugging Face "
                        + "cache) is intact and usable, offline, in one pass over its bytes.", hang: "") + "\n"
        out += "USAGE: weightcheck <command> [options] <paths…>\n\n"
        out += "OPTIONS:\n" + rows([("--version", "Show the version."), ("-h, --help", "Show this help.")], width: width)
        out += "\nCOMMANDS:\n" + rows(commands.map { ($0.name, $0.abstract) }, width: width)
        out += "\n  See 'weightcheck help <command>' for detailed help.\n"
        out += "\nEXAMPLES:\n  weightcheck verify ~/.cache/huggingface/hub\n  weightcheck inspect --json model.gguf\n"
        out += "\n" + exitStatus("0 all checks passed; 1 a problem was found or an input could not be read; "
                                 + "64 usage error.", width: width)
        return out
    }

    /// Two columns: names, then their help wrapped under itself.
    private static func rows(_ rows: [(String, String)], width total: Int = 80) -> String {
        let width = min(28, (rows.map { $0.0.count }.max() ?? 0) + 2)
        let hang = String(repeating: " ", count: width + 2)
        let style = OutputStyle(width: total, color: false)
        return rows.map { left, right in
            guard left.count < width else {  // a long name: its help on the next lines
                return "  " + left + "\n" + style.wrap(right, indent: hang, hang: hang).joined(separator: "\n")
            }
            let pad = String(repeating: " ", count: width - left.count)
            return style.wrap("  " + left + pad + right, hang: hang).joined(separator: "\n")
        }.joined(separator: "\n") + "\n"
    }
}
