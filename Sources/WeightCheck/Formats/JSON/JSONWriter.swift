// JSONWriter: prints a JSONValue compact or pretty (2-space indent), keys in the order they hold. The output
// is byte-identical to Python's `json.dumps(v, ensure_ascii=False)` with separators (",", ":") or indent=2.

/// Serializes `JSONValue`s.
///
/// - Keys print in the object's order (never sorted).
/// - Strings escape `"`, `\`, and control characters (`\b \f \n \r \t`, others as `\u00XX`); everything
///   else, non-ASCII included, is written as UTF-8.
/// - Integers print exactly; doubles print the shortest text that reads back as the same double
///   (`0.1`, `1e-05`, `1.0`, `1e+16`), as Python's `repr` does.
/// - NaN and infinities are not JSON numbers. By default they print as the strings `"NaN"`, `"Infinity"`
///   and `"-Infinity"` (what Python's `float()` reads back); `.null` prints `null` instead.
public struct JSONWriter: Sendable {
    /// Layout of the output.
    public enum Style: Sendable {
        /// No whitespace: `{"a":[1,2]}`.
        case compact
        /// Two-space indentation, one member or element per line, `": "` after keys; empty containers as `[]`, `{}`.
        case pretty
    }

    /// How NaN and ±infinity are written.
    public enum NonFiniteStyle: Sendable {
        /// As the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
        case strings
        /// As `null`.
        case null
    }

    /// The layout.
    public var style: Style
    /// How non-finite doubles are written.
    public var nonFinite: NonFiniteStyle

    /// A writer with the given layout and non-finite handling.
    public init(style: Style = .compact, nonFinite: NonFiniteStyle = .strings) {
        self.style = style
        self.nonFinite = nonFinite
    }

    /// The UTF-8 text of `value` (no trailing newline).
    public func bytes(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        write(value, indent: 0, into: &out)
        return out
    }

    /// The text of `value` (no trailing newline).
    public func string(_ value: JSONValue) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }

    // MARK: Writing

    private func write(_ value: JSONValue, indent: Int, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .integer(let v): out.append(contentsOf: String(v).utf8)
        case .unsigned(let v): out.append(contentsOf: String(v).utf8)
        case .number(let d): writeDouble(d, into: &out)
        case .string(let s): JSONWriter.writeString(s, into: &out)
        case .array(let elements):
            if elements.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (i, e) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1, into: &out)
                write(e, indent: indent + 1, into: &out)
            }
            newline(indent, into: &out)
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            if object.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            for (i, member) in object.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1, into: &out)
                JSONWriter.writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                if style == .pretty { out.append(UInt8(ascii: " ")) }
                write(member.value, indent: indent + 1, into: &out)
            }
            newline(indent, into: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    private func newline(_ level: Int, into out: inout [UInt8]) {
        guard style == .pretty else { return }
        out.append(0x0A)
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
    }

    private func writeDouble(_ d: Double, into out: inout [UInt8]) {
        if d.isFinite {
            // Swift's description is the shortest round-trip form, spelled as Python's repr spells it.
            out.append(contentsOf: d.description.utf8)
            return
        }
        switch nonFinite {
        case .null: out.append(contentsOf: "null".utf8)
        case .strings:
            let name = d.isNaN ? "NaN" : (d < 0 ? "-Infinity" : "Infinity")
            JSONWriter.writeString(name, into: &out)
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `s` as a quoted, escaped JSON string.
    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x00..<0x20:
                let hex = JSONWriter.hexDigits
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension JSONValue {
    /// This value as JSON text: compact, or pretty with 2-space indentation (see `JSONWriter`).
    public func serialized(pretty: Bool = false) -> String {
        JSONWriter(style: pretty ? .pretty : .compact).string(self)
    }
}

extension JSONValue: CustomStringConvertible {
    /// The compact JSON text.
    public var description: String { serialized() }
}
