// JSONParser: a strict RFC 8259 parser over untrusted bytes. It validates UTF-8, rejects duplicate keys,
// limits nesting depth, and reports the byte offset of the first problem; nothing is sized by the input's claims.

/// A strict JSON parser.
///
/// Accepts exactly RFC 8259 JSON: no comments, no trailing commas, no `NaN`/`Infinity`, no byte-order mark,
/// no control characters or invalid UTF-8 in strings, no unpaired surrogate escapes, no numbers outside the
/// range of a Double. Also rejects duplicate keys in an object. Whitespace may surround the document.
/// Integer literals become `.integer`/`.unsigned` (exact); other numbers `.number`.
public struct JSONParser: Sendable {
    /// The default nesting limit: arrays and objects may nest this deep.
    public static let defaultMaxDepth = 64

    /// How deep arrays and objects may nest.
    public var maxDepth: Int

    /// A parser that allows `maxDepth` levels of nested arrays and objects.
    public init(maxDepth: Int = JSONParser.defaultMaxDepth) {
        self.maxDepth = maxDepth
    }

    /// Parses one JSON document that fills all of `bytes` (surrounding whitespace allowed).
    ///
    /// - Parameters:
    ///   - bytes: the document's bytes.
    ///   - baseOffset: the offset of `bytes[0]` in its file, added to every offset reported.
    /// - Throws: `JSONError` at the first byte that is not valid JSON.
    /// - Complexity: O(n) time; memory proportional to the document's content, never to a number inside it.
    public func parse(_ bytes: UnsafeRawBufferPointer, baseOffset: Int = 0) throws(JSONError) -> JSONValue {
        var scanner = JSONScanner(bytes: bytes, base: baseOffset, maxDepth: maxDepth)
        scanner.skipWhitespace()
        let value = try scanner.parseValue(depth: 0)
        scanner.skipWhitespace()
        if scanner.position < bytes.count {
            throw scanner.error("unexpected \(scanner.describeCurrent()) after the document")
        }
        return value
    }

    /// Parses one JSON document held in an array.
    public func parse(_ bytes: [UInt8], baseOffset: Int = 0) throws(JSONError) -> JSONValue {
        let result = bytes.withUnsafeBytes { raw -> Result<JSONValue, JSONError> in
            do throws(JSONError) { return .success(try parse(raw, baseOffset: baseOffset)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Parses one JSON document held in a string (its UTF-8 bytes).
    public func parse(_ text: String) throws(JSONError) -> JSONValue {
        try parse(Array(text.utf8))
    }
}

/// The parser's state: a position in the bytes, and the rules for reading each kind of value.
/// Every byte access checks `position < bytes.count` first (`peek` returns nil at the end).
struct JSONScanner {
    let bytes: UnsafeRawBufferPointer
    let base: Int
    let maxDepth: Int
    var position = 0

    init(bytes: UnsafeRawBufferPointer, base: Int, maxDepth: Int) {
        self.bytes = bytes
        self.base = base
        self.maxDepth = maxDepth
    }

    // MARK: Bytes

    /// The byte at the position, or nil at the end.
    @inline(__always)
    func peek() -> UInt8? {
        // Safe: checked against count.
        position < bytes.count ? bytes[position] : nil
    }

    /// The byte `ahead` bytes after the position, or nil past the end.
    @inline(__always)
    func peek(ahead: Int) -> UInt8? {
        let p = position + ahead
        // Safe: checked against count.
        return p < bytes.count ? bytes[p] : nil
    }

    mutating func skipWhitespace() {
        while let b = peek(), b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { position += 1 }
    }

    /// An error at the current position (or at `at`, a position within the bytes).
    func error(_ reason: String, at: Int? = nil) -> JSONError {
        JSONError(offset: base + (at ?? position), reason: reason)
    }

    /// The current byte in words: `'x'`, `byte 0xC3`, or `end of input`.
    func describeCurrent() -> String {
        guard let b = peek() else { return "end of input" }
        return JSONScanner.describe(byte: b)
    }

    static func describe(byte b: UInt8) -> String {
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        let hex = String(b, radix: 16, uppercase: true)
        return "byte 0x" + (hex.count == 1 ? "0" + hex : hex)
    }

    /// `expected X, found Y` at the current position.
    func expected(_ what: String) -> JSONError {
        error("expected \(what), found \(describeCurrent())")
    }

    // MARK: Values

    mutating func parseValue(depth: Int) throws(JSONError) -> JSONValue {
        guard let b = peek() else { throw expected("a value") }
        switch b {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try parseLiteral("null"); return .null
        default: throw expected("a value")
        }
    }

    mutating func parseLiteral(_ word: StaticString) throws(JSONError) {
        let start = position
        let count = word.utf8CodeUnitCount
        for i in 0..<count {
            // Safe: i < utf8CodeUnitCount of a static string.
            let want = word.utf8Start[i]
            guard peek() == want else {
                throw error("invalid literal, expected '\(word)'", at: start)
            }
            position += 1
        }
    }

    mutating func parseArray(depth: Int) throws(JSONError) -> JSONValue {
        if depth > maxDepth { throw error("nesting deeper than \(maxDepth) levels") }
        position += 1  // '['
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"): position += 1; return .array(elements)
            default: throw expected("',' or ']'")
            }
        }
    }

    mutating func parseObject(depth: Int) throws(JSONError) -> JSONValue {
        if depth > maxDepth { throw error("nesting deeper than \(maxDepth) levels") }
        position += 1  // '{'
        var object = JSONObject()
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw expected("a string key") }
            let keyOffset = position
            let key = try parseString()
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw expected("':'") }
            position += 1
            skipWhitespace()
            let value = try parseValue(depth: depth)
            if !object.appendParsed(key: key, value: value, offset: base + keyOffset) {
                throw error("duplicate key \(JSONScanner.quoted(key))", at: keyOffset)
            }
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"): position += 1; return .object(object)
            default: throw expected("',' or '}'")
            }
        }
    }

    /// A key or string for a message: single-quoted, cut to 64 characters, control characters escaped.
    static func quoted(_ s: String) -> String {
        var out = "'"
        for (i, scalar) in s.unicodeScalars.enumerated() {
            if i == 64 { out += "…"; break }
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += scalar.escaped(asASCII: true)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "'"
    }
}
