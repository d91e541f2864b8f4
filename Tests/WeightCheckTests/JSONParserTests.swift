// Tests of JSONParser: every kind of value, exact integers, and exact messages for malformed input.
import Testing
@testable import WeightCheck

@Suite struct JSONParserTests {
    let parser = JSONParser()

    @Test func values() throws {
        #expect(try parser.parse("null") == .null)
        #expect(try parser.parse(" true ") == .bool(true))
        #expect(try parser.parse("false") == .bool(false))
        #expect(try parser.parse("\"a\\u00e9\\n\"") == .string("aé\n"))
        #expect(try parser.parse("[1, -2, 3.5, \"x\", null]") == [1, -2, 3.5, "x", nil])
        let object = try parser.parse("{\"b\": 1, \"a\": {\"c\": []}}")
        #expect(object == ["b": 1, "a": ["c": []]])
        #expect(object.objectValue?.keys == ["b", "a"])
        #expect(object["a"]?["c"]?.arrayValue?.isEmpty == true)
        #expect(object["missing"] == nil)
        #expect(try parser.parse("\"\\ud83d\\ude00\"") == .string("😀"))
        #expect(try parser.parse("\"\\/\\b\\f\\r\\t\\\"\\\\\"") == .string("/\u{8}\u{c}\r\t\"\\"))
    }

    @Test func integersAreExact() throws {
        #expect(try parser.parse("0") == .integer(0))
        #expect(try parser.parse("-0") == .integer(0))
        #expect(try parser.parse("9223372036854775807") == .integer(Int64.max))
        #expect(try parser.parse("-9223372036854775808") == .integer(Int64.min))
        #expect(try parser.parse("9223372036854775808") == .unsigned(9_223_372_036_854_775_808))
        #expect(try parser.parse("18446744073709551615").uint64Value == UInt64.max)
        #expect(try parser.parse("18446744073709551615").int64Value == nil)
        // Beyond 64 bits: still valid JSON, kept as a (rounded) double.
        #expect(try parser.parse("18446744073709551616") == .number(18446744073709551616.0))
        #expect(try parser.parse("-9223372036854775809") == .number(-9223372036854775809.0))
        #expect(try parser.parse("1.0") == .number(1))
        #expect(try parser.parse("1.0") != .integer(1))
        #expect(try parser.parse("1e2") == .number(100))
        #expect(try parser.parse("-2.5E-3") == .number(-0.0025))
        #expect(try parser.parse("5e-324") == .number(.leastNonzeroMagnitude))
        #expect(try parser.parse("1.7976931348623157e308") == .number(.greatestFiniteMagnitude))
        #expect(JSONValue.integer(7) == JSONValue.unsigned(7))
        #expect(Set<JSONValue>([.integer(7), .unsigned(7)]).count == 1)
    }

    @Test func sourceOffsets() throws {
        let value = try parser.parse(Array("  {\"ab\": 1,\n \"c\": {\"d\": 2}}".utf8), baseOffset: 8)
        let object = try #require(value.objectValue)
        #expect(object.sourceOffset(ofKey: "ab") == 11)
        #expect(object.sourceOffset(ofKey: "c") == 21)
        #expect(object["c"]?.objectValue?.sourceOffset(ofKey: "d") == 27)
        #expect(object.sourceOffset(at: 0) == 11)
    }

    @Test func largeObjects() throws {
        // Objects past 8 members keep a key index; lookups, duplicates and edits must agree with small ones.
        let members = (0..<20).map { "\"k\($0)\": \($0)" }.joined(separator: ", ")
        let value = try parser.parse("{" + members + "}")
        var object = try #require(value.objectValue)
        for i in 0..<20 { #expect(object["k\(i)"] == .integer(Int64(i))) }
        #expect(object["k20"] == nil)
        let repeated = (0..<20).map { "\"k\($0 == 19 ? 15 : $0)\": \($0)" }.joined(separator: ", ")
        #expect(throws: JSONError(offset: 190, reason: "duplicate key 'k15'")) { try parser.parse("{" + repeated + "}") }
        for i in 0..<15 { object["k\(i)"] = nil }
        #expect(object.keys == ["k15", "k16", "k17", "k18", "k19"])
        #expect(object["k17"] == 17)
        for i in 0..<12 { object["n\(i)"] = .integer(Int64(i)) }
        #expect(object.count == 17)
        #expect(object["n11"] == 11)
        #expect(object.position(ofKey: "n0") == 5)
        object["k16"] = "changed"
        #expect(object[1].value == "changed")
    }

    @Test func keysAreComparedByBytes() throws {
        // Precomposed and decomposed é are different keys (as in Rust and Python), not duplicates.
        let value = try parser.parse("{\"\u{e9}\": 1, \"e\u{301}\": 2}")
        #expect(value.objectValue?.count == 2)
        #expect(value["\u{e9}"] == 1)
        #expect(value["e\u{301}"] == 2)
    }

    @Test func depthLimit() throws {
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try parser.parse(ok) }
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(throws: JSONError(offset: 64, reason: "nesting deeper than 64 levels")) { try parser.parse(deep) }
        let deepObjects = String(repeating: "{\"a\":", count: 10_000)
        #expect(throws: JSONError(offset: 320, reason: "nesting deeper than 64 levels")) {
            try parser.parse(deepObjects)
        }
        #expect(throws: JSONError(offset: 2, reason: "nesting deeper than 2 levels")) {
            try JSONParser(maxDepth: 2).parse("[[[]]]")
        }
    }

    /// Malformed documents and the exact message each gets.
    static let malformed: [(String, String)] = [
        ("", "invalid JSON at byte 0: expected a value, found end of input"),
        ("   ", "invalid JSON at byte 3: expected a value, found end of input"),
        ("{", "invalid JSON at byte 1: expected a string key, found end of input"),
        ("{\"a\"}", "invalid JSON at byte 4: expected ':', found '}'"),
        ("{\"a\":}", "invalid JSON at byte 5: expected a value, found '}'"),
        ("{\"a\":1", "invalid JSON at byte 6: expected ',' or '}', found end of input"),
        ("{\"a\":1 \"b\":2}", "invalid JSON at byte 7: expected ',' or '}', found '\"'"),
        ("{\"a\":1,}", "invalid JSON at byte 7: expected a string key, found '}'"),
        ("{,}", "invalid JSON at byte 1: expected a string key, found ','"),
        ("{a:1}", "invalid JSON at byte 1: expected a string key, found 'a'"),
        ("{'a':1}", "invalid JSON at byte 1: expected a string key, found '''"),
        ("{\"a\":1,\"a\":2}", "invalid JSON at byte 7: duplicate key 'a'"),
        ("[1,]", "invalid JSON at byte 3: expected a value, found ']'"),
        ("[1 2]", "invalid JSON at byte 3: expected ',' or ']', found '2'"),
        ("[", "invalid JSON at byte 1: expected a value, found end of input"),
        ("]", "invalid JSON at byte 0: expected a value, found ']'"),
        ("[] x", "invalid JSON at byte 3: unexpected 'x' after the document"),
        ("{}{}", "invalid JSON at byte 2: unexpected '{' after the document"),
        ("tru", "invalid JSON at byte 0: invalid literal, expected 'true'"),
        ("nul", "invalid JSON at byte 0: invalid literal, expected 'null'"),
        ("True", "invalid JSON at byte 0: expected a value, found 'T'"),
        ("NaN", "invalid JSON at byte 0: expected a value, found 'N'"),
        ("Infinity", "invalid JSON at byte 0: expected a value, found 'I'"),
        ("-Infinity", "invalid JSON at byte 1: expected a digit, found 'I'"),
        ("+1", "invalid JSON at byte 0: expected a value, found '+'"),
        ("-", "invalid JSON at byte 1: expected a digit, found end of input"),
        ("01", "invalid JSON at byte 0: leading zeros are not allowed in a number"),
        ("-012", "invalid JSON at byte 0: leading zeros are not allowed in a number"),
        ("1.", "invalid JSON at byte 2: expected a digit after '.', found end of input"),
        (".5", "invalid JSON at byte 0: expected a value, found '.'"),
        ("1.e5", "invalid JSON at byte 2: expected a digit after '.', found 'e'"),
        ("1e", "invalid JSON at byte 2: expected a digit in the exponent, found end of input"),
        ("1e+", "invalid JSON at byte 3: expected a digit in the exponent, found end of input"),
        ("0x10", "invalid JSON at byte 1: unexpected 'x' after the document"),
        ("1e400", "invalid JSON at byte 0: number out of range"),
        ("-1e400", "invalid JSON at byte 0: number out of range"),
        ("\"abc", "invalid JSON at byte 4: unterminated string, found end of input"),
        ("\"a\\", "invalid JSON at byte 3: unterminated string, found end of input"),
        ("\"a\nb\"", "invalid JSON at byte 2: control character byte 0x0A in string"),
        ("\"a\tb\"", "invalid JSON at byte 2: control character byte 0x09 in string"),
        ("\"\\x\"", "invalid JSON at byte 1: invalid escape '\\x'"),
        ("\"\\u12\"", "invalid JSON at byte 1: invalid \\u escape, expected 4 hex digits"),
        ("\"\\u12g4\"", "invalid JSON at byte 1: invalid \\u escape, expected 4 hex digits"),
        ("\"\\ud800\"", "invalid JSON at byte 1: unpaired surrogate in escape \\uD800"),
        ("\"\\udc00\"", "invalid JSON at byte 1: unpaired surrogate in escape \\uDC00"),
        ("\"\\ud800\\u0041\"", "invalid JSON at byte 1: unpaired surrogate in escape \\uD800"),
        ("\"\\ud800x\"", "invalid JSON at byte 1: unpaired surrogate in escape \\uD800"),
        ("\u{feff}{}", "invalid JSON at byte 0: expected a value, found byte 0xEF"),
        ("/* c */ {}", "invalid JSON at byte 0: expected a value, found '/'"),
        ("{\"a\":1}\u{0}", "invalid JSON at byte 7: unexpected byte 0x00 after the document"),
    ]

    @Test(arguments: malformed)
    func rejects(_ input: String, _ message: String) {
        do {
            let v = try parser.parse(input)
            Issue.record("accepted \(input.debugDescription) as \(v)")
        } catch {
            #expect(error.description == message, "input \(input.debugDescription)")
        }
    }

    /// Invalid UTF-8 inside strings (bytes, since a Swift String cannot hold them).
    static let invalidUTF8: [([UInt8], Int)] = [
        ([0x22, 0xFF, 0x22], 1),                      // never valid
        ([0x22, 0xC0, 0x80, 0x22], 1),                // overlong NUL
        ([0x22, 0xE0, 0x80, 0x80, 0x22], 1),          // overlong 3-byte
        ([0x22, 0xED, 0xA0, 0x80, 0x22], 1),          // encoded surrogate U+D800
        ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 1),    // above U+10FFFF
        ([0x22, 0x61, 0xE2, 0x82, 0x22], 2),          // cut-off sequence
        ([0x22, 0x80, 0x22], 1),                      // lone continuation byte
        ([0x22, 0x61, 0xF0, 0x9F, 0x98], 2),          // cut off by the end of input
    ]

    @Test(arguments: invalidUTF8)
    func rejectsInvalidUTF8(_ bytes: [UInt8], _ offset: Int) {
        #expect(throws: JSONError(offset: offset + 100, reason: "invalid UTF-8 in string")) {
            try parser.parse(bytes, baseOffset: 100)
        }
        #expect(UTF8Validation.firstInvalidIndex(in: UnsafeRawBufferPointer(start: nil, count: 0)) == nil)
        bytes.withUnsafeBytes { #expect(UTF8Validation.firstInvalidIndex(in: $0) == offset) }
    }

    @Test func utf8ValidationAgreesWithTheStandardLibrary() {
        // Every 1- and 2-byte input, and a sweep of 3- and 4-byte lead/second-byte pairs.
        var inputs: [[UInt8]] = []
        for a in 0...255 { inputs.append([UInt8(a)]) }
        for a in 0xC0...0xFF { for b in 0...255 { inputs.append([UInt8(a), UInt8(b)]) } }
        for a in 0xE0...0xF7 { for b in stride(from: 0x70, through: 0xC7, by: 1) {
            inputs.append([UInt8(a), UInt8(b), 0x80])
            inputs.append([UInt8(a), UInt8(b), 0x80, 0xBF])
        } }
        for input in inputs {
            let ours = input.withUnsafeBytes { UTF8Validation.isValid($0) }
            let stdlib = String(validating: input, as: UTF8.self) != nil
            #expect(ours == stdlib, "\(input)")
        }
    }
}
