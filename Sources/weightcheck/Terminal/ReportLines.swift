// ReportLines: the lines every report prints about a file and its findings, fitted to the terminal — `✓ PATH
// FACTS` with the name cut in its folders first, and findings wrapped under it with mend commands kept pastable.
import WeightCheck

enum ReportLines {
    /// `✓ PATH  FACTS` on one line when the name fits (its folders cut before its file name); else the facts go
    /// on the next line. `path` is file text: it is escaped here.
    static func file(mark: String, path: String, facts: String, style: OutputStyle) -> [String] {
        titled(path, facts: facts, prefix: mark + " ", style: style)
    }

    /// `PREFIX PATH  FACTS` as `file` lays it out, with any prefix (none for inspect's file headers).
    static func titled(_ path: String, facts: String, prefix: String = "", style: OutputStyle) -> [String] {
        let path = TerminalText.escape(path)
        guard let width = style.width else { return [facts.isEmpty ? prefix + path : "\(prefix)\(path)  \(facts)"] }
        let room = width - Terminal.visibleCount(prefix)
        if facts.isEmpty { return [prefix + trimPath(path, to: room)] }
        let roomBeside = room - 2 - Terminal.visibleCount(facts)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if path.count <= roomBeside || (roomBeside >= 16 && name.count + 2 <= roomBeside) {
            return [prefix + trimPath(path, to: roomBeside) + "  " + facts]
        }
        return [prefix + trimPath(path, to: room)] + style.wrap(facts, indent: "    ")
    }

    /// `path` cut to `width` characters: the folders cut in the middle when the file name then fits whole
    /// (`testdata/co…/llama_q4_0.gguf`), else the whole path cut in the middle.
    static func trimPath(_ path: String, to width: Int) -> String {
        guard path.count > width else { return path }
        guard let slash = path.lastIndex(of: "/") else { return Terminal.trimMiddle(path, to: width) }
        let folder = String(path[..<slash]), name = String(path[path.index(after: slash)...])
        guard name.count + 2 <= width else { return Terminal.trimMiddle(path, to: width) }
        return Terminal.trimMiddle(folder, to: width - name.count - 1) + "/" + name
    }

    /// A finding under its file: the mark coloured, the message wrapped; a `restore it with:` command on lines
    /// of its own, continued with `\` so that it still pastes into a shell as one command.
    static func finding(_ f: Finding, style: OutputStyle) -> [String] {
        let mark = f.severity == .error ? style.red("✗") : f.severity == .warning ? style.yellow("!") : "·"
        return finding(mark: mark, severity: f.severity.rawValue, message: f.message, style: style)
    }

    /// The same from a finding's parts (for reports read back from JSON).
    static func finding(mark: String, severity: String, message: String, style: OutputStyle) -> [String] {
        let marker = "; restore it with: "
        guard let cut = message.range(of: marker) else {
            return style.wrap("\(mark) \(severity): \(message)", indent: "    ", hang: "      ")
        }
        var lines = style.wrap("\(mark) \(severity): \(message[..<cut.lowerBound])", indent: "    ", hang: "      ")
        lines.append("      restore it with:")
        return lines + command(String(message[cut.upperBound...]), width: style.width)
    }

    /// A shell command indented under a finding, its words packed into lines of `width` ended with ` \`;
    /// an option stays beside its value.
    static func command(_ command: String, width: Int?) -> [String] {
        let first = "        ", next = "          "
        guard let width, first.count + command.count > width else { return [first + command] }
        var words: [String] = []
        for word in command.split(separator: " ").map(String.init) {
            // An option stays beside its value, while the two fit on a continuation line.
            if let last = words.last, last.hasPrefix("--"), !last.contains(" "), !word.hasPrefix("-"),
               last != "--force-download", next.count + last.count + 1 + word.count + 2 <= width {
                words[words.count - 1] += " " + word
            } else {
                words.append(word)
            }
        }
        var lines: [String] = []
        var line = first
        for word in words {
            let empty = line == first || line == next
            if !empty && line.count + 1 + word.count + 2 > width {
                lines.append(line + " \\")
                line = next
            }
            line += (line == first || line == next ? "" : " ") + word
        }
        return lines + [line]
    }
}
