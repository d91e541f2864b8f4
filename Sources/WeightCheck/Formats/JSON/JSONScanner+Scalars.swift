// JSONScanner+Scalars: reading strings (escapes, surrogate pairs, UTF-8 validation) and numbers (exact
// integers, correctly rounded doubles) for JSONParser.

extension JSONScanner {
    // MARK: Strings

    /// Reads a string starting at its opening quote; leaves the position after the closing quote.
    mutating func parseString() throws(JSONError) -> String {
        position += 1  // opening quote
        var runStart = position
        var decoded: [UInt8]? = nil  // only when the string has escapes
        while true {
            guard let b = peek() else { throw error("unterminated string, found end of input") }
            if b == UInt8(ascii: "\"") {
                let run = UnsafeRawBufferPointer(rebasing: bytes[runStart..<position])
                position += 1
                if var d = decoded {
                    d.append(contentsOf: run)
                    return String(decoding: d, as: UTF8.self)
                }
                return String(decoding: run, as: UTF8.self)
            }
            if b == UInt8(ascii: "\\") {
                if decoded == nil { decoded = [] }
                decoded!.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<position]))
                try parseEscape(into: &decoded!)
                runStart = position
                continue
            }
            if b < 0x20 {
                throw error("control character \(JSONScanner.describe(byte: b)) in string")
            }
            if b < 0x80 {
                position += 1
                continue
            }
            // Safe: position < count (peek succeeded).
            guard let length = UTF8Validation.sequenceLength(in: bytes, at: position) else {
                throw error("invalid UTF-8 in string")
            }
            position += length
        }
    }

    /// Reads one escape sequence starting at its backslash and appends its UTF-8 bytes to `out`.
    private mutating func parseEscape(into out: inout [UInt8]) throws(JSONError) {
        let start = position
        position += 1  // backslash
        guard let c = peek() else { throw error("unterminated string, found end of input") }
        position += 1
        switch c {
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "/"): out.append(0x2F)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = UInt32(try readHex4(escapeStart: start))
            if scalar >= 0xDC00 && scalar <= 0xDFFF {
                throw error("unpaired surrogate in escape \\u\(Self.hex4(scalar))", at: start)
            }
            if scalar >= 0xD800 && scalar <= 0xDBFF {
                guard peek() == UInt8(ascii: "\\"), peek(ahead: 1) == UInt8(ascii: "u") else {
                    throw error("unpaired surrogate in escape \\u\(Self.hex4(scalar))", at: start)
                }
                let lowStart = position
                position += 2
                let low = UInt32(try readHex4(escapeStart: lowStart))
                guard low >= 0xDC00 && low <= 0xDFFF else {
                    throw error("unpaired surrogate in escape \\u\(Self.hex4(scalar))", at: start)
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            // Not a surrogate and at most 0x10FFFF by construction, so always a valid scalar.
            if let u = Unicode.Scalar(scalar) {
                out.append(contentsOf: Array(String(Character(u)).utf8))
            }
        default:
            throw error("invalid escape '\\\(Character(Unicode.Scalar(c)))'", at: start)
        }
    }

    /// Reads the four hex digits of a `\u` escape (the position is after the `u`).
    private mutating func readHex4(escapeStart: Int) throws(JSONError) -> UInt16 {
        var v: UInt16 = 0
        for _ in 0..<4 {
            guard let h = peek() else { throw error("unterminated string, found end of input") }
            let d: UInt8
            switch h {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = h - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = h - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = h - UInt8(ascii: "A") + 10
            default: throw error("invalid \\u escape, expected 4 hex digits", at: escapeStart)
            }
            v = v << 4 | UInt16(d)
            position += 1
        }
        return v
    }

    private static func hex4(_ v: UInt32) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }

    // MARK: Numbers

    /// Reads a number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    mutating func parseNumber() throws(JSONError) -> JSONValue {
        let start = position
        let negative = peek() == UInt8(ascii: "-")
        if negative { position += 1 }
        var magnitude: UInt64 = 0
        var overflow = false
        guard let first = peek(), Self.isDigit(first) else {
            throw expected("a digit")
        }
        if first == UInt8(ascii: "0") {
            position += 1
            if let next = peek(), Self.isDigit(next) {
                throw error("leading zeros are not allowed in a number", at: start)
            }
        } else {
            while let d = peek(), Self.isDigit(d) {
                if !overflow {
                    let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
                    let (s, o2) = m.addingReportingOverflow(UInt64(d - UInt8(ascii: "0")))
                    if o1 || o2 { overflow = true } else { magnitude = s }
                }
                position += 1
            }
        }
        var isInteger = true
        if peek() == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard let d = peek(), Self.isDigit(d) else { throw expected("a digit after '.'") }
            while let d = peek(), Self.isDigit(d) { position += 1 }
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if let s = peek(), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { position += 1 }
            guard let d = peek(), Self.isDigit(d) else { throw expected("a digit in the exponent") }
            while let d = peek(), Self.isDigit(d) { position += 1 }
        }
        if isInteger && !overflow {
            if !negative {
                return JSONValue(magnitude)
            }
            if magnitude <= UInt64(Int64.max) { return .integer(-Int64(magnitude)) }
            if magnitude == UInt64(Int64.max) + 1 { return .integer(Int64.min) }
        }
        // The literal matched the JSON grammar above, which Double's parser accepts; it rounds correctly.
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let d = Double(text), d.isFinite else {
            throw error("number out of range", at: start)
        }
        return .number(d)
    }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
}
