// TerminalText: text that came from a file (metadata, tensor names, paths, list lines) made safe to print —
// control characters and escape sequences shown as escapes, invalid UTF-8 as \xNN — never dropped.

enum TerminalText {
    /// `text` with every character a terminal would act on shown as an escape: `\n`, `\r`, `\t`, `\e` (ESC),
    /// `\xNN` for the other C0 controls, `\uNNNN` for DEL, the C1 controls and the bidirectional overrides
    /// (which reorder what is shown). Everything else, including backslashes, is kept as it is.
    static func escape(_ text: String) -> String { escape(text, keepingNewlines: false) }

    /// Bytes from a file, decoded as UTF-8 with each byte that is not part of valid UTF-8 shown as `\xNN`,
    /// then escaped as `escape(_:)` does.
    static func escape<Bytes: Collection<UInt8>>(bytes: Bytes) -> String {
        let all = Array(bytes)
        var out = ""
        var valid: [UInt8] = []  // the run of valid UTF-8 not yet decoded
        var i = 0
        while i < all.count {
            // The scalar starting at i is 1 to 4 bytes long; a byte that starts none is shown as \xNN.
            let length = (1...4).first { n in
                i + n <= all.count && String(validating: all[i..<(i + n)], as: UTF8.self) != nil
            }
            if let length {
                valid += all[i..<(i + length)]
                i += length
            } else {
                out += escape(String(decoding: valid, as: UTF8.self)) + hexByte(all[i])
                valid.removeAll()
                i += 1
            }
        }
        return out + escape(String(decoding: valid, as: UTF8.self))
    }

    /// The console's safety net: `escape(_:)` for a whole line of output, but line ends kept (our own
    /// multi-line messages); renderers escape file text themselves so that its newlines are shown too.
    static func sanitizeOutput(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        return escape(text, keepingNewlines: true)
    }

    /// A name as `sha256sum -c` prints it: with a leading backslash and `\\`, `\n`, `\r` escaped when it holds
    /// a line end, then escaped for the terminal.
    static func checkedName(_ name: String) -> String {
        guard name.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return escape(name) }
        var out = "\\"
        for scalar in name.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out += escape(String(scalar))
            }
        }
        return out
    }

    /// Why a FIFO, device or socket is not read (opening a FIFO would block until a writer comes).
    static let notRegularFile = "not a regular file or folder (a FIFO, device or socket); not opened"

    private static func needsEscape(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || (0x202A...0x202E).contains(v)
            || (0x2066...0x2069).contains(v)
    }

    private static func escape(_ text: String, keepingNewlines: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else { out.unicodeScalars.append(scalar); continue }
            switch scalar {
            case "\n": out += keepingNewlines ? "\n" : "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{1B}": out += "\\e"
            case _ where scalar.value < 0x20:
                out += hexByte(UInt8(scalar.value))
            default:
                // DEL, C1 and bidi controls as \uXXXX: the same character when the line is a JSON document.
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        return out
    }

    private static func hexByte(_ b: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return "\\x" + String(digits[Int(b >> 4)]) + String(digits[Int(b & 15)])
    }
}
