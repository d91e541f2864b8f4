// Terminal: measuring and trimming text as it shows on screen — ANSI colour codes take no columns, long names
// are cut in the middle so that both the layer and the tensor kind stay visible.

enum Terminal {
    /// Columns `s` takes on screen: characters outside ANSI escape sequences.
    static func visibleCount(_ s: String) -> Int {
        var n = 0
        var inEscape = false
        for scalar in s.unicodeScalars {
            if inEscape {
                if scalar == "m" { inEscape = false }
            } else if scalar == "\u{1B}" {
                inEscape = true
            } else if scalar.properties.generalCategory != .nonspacingMark {
                n += 1
            }
        }
        return n
    }

    /// `s` cut to `width` characters by replacing its middle with `…`
    /// (`model.layers.12.self_attn.q_proj.weight` → `model.layers.1…q_proj.weight`). Plain text only.
    static func trimMiddle(_ s: String, to width: Int) -> String {
        let chars = Array(s)
        guard chars.count > width else { return s }
        guard width > 1 else { return "…" }
        let tail = (width - 1) / 2 + (width - 1) % 2, head = width - 1 - tail
        return String(chars.prefix(head)) + "…" + String(chars.suffix(tail))
    }

    /// `s` cut to `width` characters at the end with `…`. Plain text only.
    static func trimEnd(_ s: String, to width: Int) -> String {
        let chars = Array(s)
        guard chars.count > width else { return s }
        return String(chars.prefix(max(0, width - 1))) + "…"
    }
}

extension Terminal {
    /// The SGR sequences `OutputStyle` writes, and no others.
    static let styleSequences = ["\u{1B}[1;32m", "\u{1B}[1;31m", "\u{1B}[33m", "\u{1B}[1m", "\u{1B}[2m", "\u{1B}[0m"]

    /// The console's safety net (`TerminalText.sanitizeOutput`) applied around the colour codes `OutputStyle`
    /// writes: those pass, every other control character is shown escaped. Renderers escape file text before
    /// painting it, so a file's own escape sequences never reach this point as escapes.
    static func sanitizeKeepingStyle(_ line: String) -> String {
        guard line.contains("\u{1B}[") else { return TerminalText.sanitizeOutput(line) }
        var out = ""
        var rest = Substring(line)
        while let esc = rest.firstIndex(of: "\u{1B}") {
            out += TerminalText.sanitizeOutput(String(rest[..<esc]))
            let tail = rest[esc...]
            if let code = styleSequences.first(where: { tail.hasPrefix($0) }) {
                out += code
                rest = tail.dropFirst(code.count)
            } else {
                out += TerminalText.sanitizeOutput(String(tail.prefix(1)))
                rest = tail.dropFirst()
            }
        }
        return out + TerminalText.sanitizeOutput(String(rest))
    }
}
