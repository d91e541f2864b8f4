// OutputStyle: how wide human output may be and whether it is coloured, decided once per command from
// `--wide`, `--color=auto|always|never`, COLUMNS, the terminal, NO_COLOR and TERM — and never for `--json`.
import Foundation

/// The width and colour of one command's human output.
struct OutputStyle {
    /// Columns a line may use; nil for no limit (`--wide`, or stdout is neither a terminal nor given COLUMNS).
    var width: Int?
    /// Whether ANSI colours are written.
    var color: Bool

    /// No limit, no colour: what tests and JSON get.
    static let plain = OutputStyle(width: nil, color: false)

    /// The options every command with human tables accepts.
    static let options: [OptionSpec] = [
        OptionSpec("--color", value: "WHEN", help: "Colour the verdict, failures and warnings: auto (default: "
                   + "when stdout is a terminal and NO_COLOR is unset), always or never."),
        OptionSpec("--wide", help: "Do not fit tables to the terminal width: full names and every column."),
    ]

    /// The style for `args`, from the environment and whether stdout is a terminal.
    static func resolve(_ args: ParsedArguments, environment: [String: String] = ProcessInfo.processInfo.environment,
                        stdoutIsTerminal: Bool = isatty(1) != 0) throws(UsageError) -> OutputStyle {
        let when = args.value("--color") ?? "auto"
        let color: Bool
        switch when {
        case "always": color = true
        case "never": color = false
        case "auto":
            let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
            color = stdoutIsTerminal && !noColor && environment["TERM"] != "dumb"
        default:
            throw UsageError(message: "--color takes auto, always or never, not '\(when)'")
        }
        if args.json { return .plain }
        let width = args.flag("--wide") ? nil : TerminalWidth.columns(environment: environment)
        return OutputStyle(width: width, color: color)
    }

    // MARK: - Colours (SGR codes, as cargo uses them: bold green for success, bold red for errors, yellow warnings)

    func green(_ s: String) -> String { paint(s, "1;32") }
    func red(_ s: String) -> String { paint(s, "1;31") }
    func yellow(_ s: String) -> String { paint(s, "33") }
    func bold(_ s: String) -> String { paint(s, "1") }
    func dim(_ s: String) -> String { paint(s, "2") }

    private func paint(_ s: String, _ code: String) -> String {
        color && !s.isEmpty ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }

    /// `OK: …` green, `FAIL: …` red: the first word of a verdict line coloured.
    func verdict(_ line: String) -> String {
        if line.hasPrefix("OK") { return green("OK") + line.dropFirst(2) }
        if line.hasPrefix("FAIL") { return red("FAIL") + line.dropFirst(4) }
        return line
    }

    /// `text` word-wrapped to the width, continuation lines indented by `hang`; one line when there is no limit.
    func wrap(_ text: String, indent: String = "", hang: String = "    ") -> [String] {
        guard let width, Terminal.visibleCount(indent + text) > width else { return [indent + text] }
        var lines: [String] = []
        var line = indent
        var lineHasWord = false
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let w = String(word)
            if lineHasWord && Terminal.visibleCount(line) + 1 + Terminal.visibleCount(w) > width {
                lines.append(line)
                line = hang
                lineHasWord = false
            }
            if lineHasWord { line += " " }
            line += lineHasWord || Terminal.visibleCount(line + w) <= width
                ? w : Terminal.trimMiddle(w, to: max(8, width - Terminal.visibleCount(line)))
            lineHasWord = true
        }
        lines.append(line)
        return lines
    }
}
