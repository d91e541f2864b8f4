// Corruption matrix for safetensors: the length field and aligned header words set to hostile values, every
// number in the JSON header replaced, and structural damage (duplicates, overlaps, nesting, bad names, lengths past
// the end). Truncation and plain byte corruption live in SafetensorsRejectionTests; here every error must name a byte.
import Foundation
import Testing
@testable import WeightCheck

@Suite struct CorruptionMatrixSafetensorsTests {
    static let fixtures = SafetensorsRejectionTests.fixtures

    struct Fixture {
        let bytes: [UInt8]
        /// The header length N.
        let n: Int
        /// The header's members in order, as parsed.
        let members: [(key: String, value: JSONValue)]
        /// The tensor data (everything after the header).
        var data: [UInt8] { Array(bytes[(8 + n)...]) }
        /// Tensor names in header order.
        var tensorNames: [String] { members.map(\.key).filter { $0 != "__metadata__" } }

        init(_ name: String) {
            bytes = try! STTestData.bytes("safetensors/\(name).safetensors")
            n = Int(bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
            let object = try! JSONParser().parse(Array(bytes[8..<(8 + n)])).objectValue!
            members = object.map { ($0.key, $0.value) }
        }
    }

    /// A file with `members` written compactly as its header (keys spelled exactly as given, so duplicates are
    /// possible) and `data` after it. Also returns the offset of each member's key (its opening quote).
    static func assemble(_ members: [(key: String, value: String)], data: [UInt8]) -> (bytes: [UInt8], keyOffsets: [Int]) {
        var text: [UInt8] = [UInt8(ascii: "{")]
        var offsets: [Int] = []
        for (i, m) in members.enumerated() {
            if i > 0 { text.append(UInt8(ascii: ",")) }
            offsets.append(8 + text.count)
            JSONWriter.writeString(m.key, into: &text)
            text.append(UInt8(ascii: ":"))
            text += Array(m.value.utf8)
        }
        text.append(UInt8(ascii: "}"))
        var out: [UInt8] = []
        withUnsafeBytes(of: UInt64(text.count).littleEndian) { out += $0 }
        return (out + text + data, offsets)
    }

    static func text(_ v: JSONValue) -> String { JSONWriter().string(v) }

    /// The fixture's members as text, with `edit` applied to each (name, value) in turn.
    static func rewritten(_ f: Fixture, _ edit: (String, JSONValue) -> (String, String)? = { _, _ in nil })
        -> [(key: String, value: String)] {
        f.members.map { m in edit(m.key, m.value).map { (key: $0.0, value: $0.1) } ?? (m.key, text(m.value)) }
    }

    func expectRejected(_ bytes: [UInt8], code: String, at offsets: Set<Int>?, _ label: String,
                        sourceLocation: SourceLocation = #_sourceLocation) {
        guard let e = checkSafetensorsDamage(bytes, label, sourceLocation: sourceLocation) else {
            Issue.record("\(label): accepted", sourceLocation: sourceLocation)
            return
        }
        #expect(e.code.rawValue == code, "\(label): \(e.message)", sourceLocation: sourceLocation)
        if let offsets {
            #expect(e.offset.map(offsets.contains) == true, "\(label): \(e.message)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: fixtures)
    func rewrittenFixtureStillParses(_ name: String) {
        let f = Fixture(name)
        let (bytes, _) = Self.assemble(Self.rewritten(f), data: f.data)
        #expect(checkSafetensorsDamage(bytes, "\(name) rewritten") == nil)
    }

    /// Every header byte flipped, with the message rule (SafetensorsRejectionTests checks what is accepted).
    @Test(arguments: fixtures)
    func everyHeaderByteFlipped(_ name: String) {
        var bytes = Fixture(name).bytes
        let n = Fixture(name).n
        for i in 0..<(8 + n) {
            let saved = bytes[i]
            for mask: UInt8 in [0xFF, 0x01] {
                bytes[i] = saved ^ mask
                checkSafetensorsDamage(bytes, "\(name): byte \(i) ^ \(mask)")
            }
            bytes[i] = saved
        }
    }

    /// The length field and every 4- and 8-byte-aligned word of the header set to 0, 1, max and huge.
    @Test(arguments: fixtures)
    func everyAlignedWordSet(_ name: String) {
        let f = Fixture(name)
        var bytes = f.bytes
        for width in [4, 8] {
            for p in stride(from: 0, through: 8 + f.n - width, by: width) {
                let saved = Array(bytes[p..<(p + width)])
                for v in hostileValues(width: width) {
                    for i in 0..<width { bytes[p + i] = UInt8(truncatingIfNeeded: v >> UInt64(8 * i)) }
                    checkSafetensorsDamage(bytes, "\(name): \(width) bytes at \(p) = \(v)")
                }
                bytes.replaceSubrange(p..<(p + width), with: saved)
            }
        }
    }

    /// Header lengths past the end of the file, at and past the 100 MB limit, and shorter than the header.
    @Test(arguments: fixtures)
    func headerLengthsBeyondTheFile(_ name: String) {
        let f = Fixture(name)
        let body = Array(f.bytes[8...])
        func withLength(_ n: UInt64) -> [UInt8] { withUnsafeBytes(of: n.littleEndian) { Array($0) } + body }
        for n in [UInt64(body.count + 1), UInt64(body.count) + 4096, 100_000_000] {
            expectRejected(withLength(n), code: "truncated", at: [8], "\(name): length \(n)")
        }
        for n in [100_000_001, 0x7FFF_FFFF_FFFF_FFFF, UInt64.max] {
            expectRejected(withLength(n), code: "header-too-large", at: [0], "\(name): length \(n)")
        }
        for n in [0, 1, UInt64(f.n - 1)] {
            #expect(checkSafetensorsDamage(withLength(n), "\(name): length \(n)") != nil)
        }
    }

    /// Every integer in the JSON header (shapes, offsets) replaced by hostile numbers, the length kept right.
    @Test(arguments: fixtures)
    func everyNumberReplaced(_ name: String) {
        let f = Fixture(name)
        let text = Array(f.bytes[8..<(8 + f.n)])
        var numbers: [Range<Int>] = []
        var i = 0, inString = false
        while i < text.count {
            let b = text[i]
            if inString {
                if b == UInt8(ascii: "\\") { i += 1 } else if b == UInt8(ascii: "\"") { inString = false }
                i += 1
            } else if b == UInt8(ascii: "\"") {
                inString = true; i += 1
            } else if b == UInt8(ascii: "-") || (b >= 0x30 && b <= 0x39) {
                let start = i
                while i < text.count, "-+.eE0123456789".utf8.contains(text[i]) { i += 1 }
                numbers.append(start..<i)
            } else {
                i += 1
            }
        }
        #expect(numbers.count >= 2 * f.tensorNames.count)
        let values = ["0", "1", "4294967295", "9223372036854775807", "18446744073709551615", "18446744073709551616",
                      "-1", "1.5", "1e400", "[]", "[2]"]
        for r in numbers {
            for v in values {
                var t = text
                t.replaceSubrange(r, with: Array(v.utf8))
                var bytes: [UInt8] = []
                withUnsafeBytes(of: UInt64(t.count).littleEndian) { bytes += $0 }
                checkSafetensorsDamage(bytes + t + f.data, "\(name): number at \(8 + r.lowerBound) = \(v)")
            }
        }
    }

    @Test(arguments: fixtures)
    func duplicateNames(_ name: String) {
        let f = Fixture(name)
        let names = f.tensorNames
        guard names.count >= 2 else { return }
        var members = Self.rewritten(f)
        let second = members.firstIndex { $0.key == names[1] }!
        members[second].key = names[0]
        let (bytes, offsets) = Self.assemble(members, data: f.data)
        expectRejected(bytes, code: "invalid-json", at: [offsets[second]], "\(name): duplicate tensor name")
        // And `__metadata__` twice.
        let (meta, metaOffsets) = Self.assemble(Self.rewritten(f) + [("__metadata__", "{}")], data: f.data)
        let dup = f.members.contains { $0.key == "__metadata__" }
        if dup { expectRejected(meta, code: "invalid-json", at: [metaOffsets.last!], "\(name): duplicate metadata") }
    }

    /// The data_offsets of tensor `name` in `f`.
    static func offsets(_ f: Fixture, _ name: String) -> (UInt64, UInt64) {
        let pair = f.members.first { $0.key == name }!.value["data_offsets"]!.arrayValue!
        return (pair[0].uint64Value!, pair[1].uint64Value!)
    }

    static func withOffsets(_ value: JSONValue, _ begin: UInt64, _ end: UInt64) -> String {
        JSONWriter().string(.object(JSONObject(value.objectValue!.map { m in
            (m.key, m.key == "data_offsets" ? JSONValue.array([.unsigned(begin), .unsigned(end)]) : m.value)
        })))
    }

    @Test(arguments: fixtures)
    func overlappingAndOutOfOrderOffsets(_ name: String) {
        let f = Fixture(name)
        let sized = f.tensorNames.filter { let (b, e) = Self.offsets(f, $0); return e > b }
        // Header order is free (the reference sorts by offset): the members reversed are harmless.
        let reversed = Self.assemble(Array(Self.rewritten(f).reversed()), data: f.data).bytes
        #expect(checkSafetensorsDamage(reversed, "\(name): members reversed") == nil)
        guard sized.count >= 2 else { return }
        // One tensor moved onto another: an overlap, reported at one of the two entries.
        let (a, b) = (sized[0], sized[1])
        let (aBegin, _) = Self.offsets(f, a)
        let (bBegin, bEnd) = Self.offsets(f, b)
        let members = Self.rewritten(f) { key, value in
            key == b ? (key, Self.withOffsets(value, aBegin, aBegin + (bEnd - bBegin))) : nil
        }
        let (bytes, keyOffsets) = Self.assemble(members, data: f.data)
        let both = Set([a, b].map { n in keyOffsets[members.firstIndex { $0.key == n }!] })
        expectRejected(bytes, code: "offsets-overlap", at: both, "\(name): '\(b)' moved onto '\(a)'")
        // Offsets swapped between two tensors of different sizes: sizes no longer match.
        if let c = sized.first(where: { let (x, y) = Self.offsets(f, $0); return y - x != bEnd - bBegin }) {
            let (cBegin, cEnd) = Self.offsets(f, c)
            let swapped = Self.rewritten(f) { key, value in
                key == b ? (key, Self.withOffsets(value, cBegin, cEnd))
                    : key == c ? (key, Self.withOffsets(value, bBegin, bEnd)) : nil
            }
            checkSafetensorsDamage(Self.assemble(swapped, data: f.data).bytes, "\(name): '\(b)' and '\(c)' swapped")
        }
    }

    @Test(arguments: fixtures)
    func countsBeyondTheFile(_ name: String) {
        let f = Fixture(name)
        let end = f.tensorNames.map { Self.offsets(f, $0).1 }.max() ?? 0
        for count in [UInt64(1000), 1 << 40, UInt64.max - end] {
            let extra = #"{"dtype":"U8","shape":[\#(count)],"data_offsets":[\#(end),\#(end + count)]}"#
            let (bytes, offsets) = Self.assemble(Self.rewritten(f) + [("zz_extra", extra)], data: f.data)
            // Past 2^61 elements the bit count overflows first; below, the file is simply too short.
            let overflows = count > UInt64.max / 8
            expectRejected(bytes, code: overflows ? "size-overflow" : "truncated",
                           at: [overflows ? offsets.last! : bytes.count], "\(name): extra tensor of \(count) bytes")
        }
        // A shape claiming more elements than the offsets hold.
        if let t = f.tensorNames.first {
            let members = Self.rewritten(f) { key, value in
                key == t ? (key, JSONWriter().string(.object(JSONObject(value.objectValue!.map { m in
                    (m.key, m.key == "shape" ? JSONValue.array([1_000_000_000, 1_000_000_000]) : m.value)
                })))) : nil
            }
            checkSafetensorsDamage(Self.assemble(members, data: f.data).bytes, "\(name): huge shape")
        }
    }

    @Test(arguments: fixtures)
    func nestedArrays(_ name: String) {
        let f = Fixture(name)
        let deep = String(repeating: "[", count: 70) + String(repeating: "]", count: 70)
        for (nested, code) in [("[[2]]", "invalid-tensor-entry"), ("[[[[[[[[1]]]]]]]]", "invalid-tensor-entry"),
                               (deep, "invalid-json")] {
            for field in ["shape", "data_offsets"] {
                guard let t = f.tensorNames.first else { continue }
                let members = Self.rewritten(f) { key, value in
                    guard key == t else { return nil }
                    var text = Self.text(value)
                    let fieldStart = text.range(of: "\"\(field)\":")!.upperBound
                    let valueEnd = text[fieldStart...].firstIndex(of: "]")!
                    text.replaceSubrange(fieldStart...valueEnd, with: nested)
                    return (key, text)
                }
                let (bytes, offsets) = Self.assemble(members, data: f.data)
                let at: Set<Int>? = code == "invalid-json" ? nil : [offsets[members.firstIndex { $0.key == t }!]]
                expectRejected(bytes, code: code, at: at, "\(name): \(field) = \(nested.prefix(10))…")
            }
        }
    }

    @Test(arguments: fixtures)
    func namesThatAreNotUTF8(_ name: String) {
        let f = Fixture(name)
        guard let t = f.tensorNames.first else { return }
        let members = Self.rewritten(f)
        let i = members.firstIndex { $0.key == t }!
        let (good, offsets) = Self.assemble(members, data: f.data)
        for bad: UInt8 in [0xFF, 0xC0, 0x80, 0xED] {
            var bytes = good
            bytes[offsets[i] + 1] = bad  // the name's first byte
            expectRejected(bytes, code: "invalid-utf8", at: [offsets[i] + 1], "\(name): name byte \(bad)")
        }
        // An escaped lone surrogate is not a name either.
        var escaped = members
        escaped[i].key = "\u{1}"  // placeholder, replaced in the text below
        var (bytes, _) = Self.assemble(escaped, data: f.data)
        let placeholder = Array(#""\u0001""#.utf8)
        let at = offsets[i]
        #expect(Array(bytes[at..<(at + placeholder.count)]) == placeholder)
        bytes.replaceSubrange(at..<(at + placeholder.count), with: Array(#""\udc00""#.utf8))
        expectRejected(bytes, code: "invalid-json", at: [at + 1], "\(name): name \\udc00")
    }
}
