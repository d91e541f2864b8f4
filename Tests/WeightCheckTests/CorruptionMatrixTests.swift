// Corruption matrix for GGUF: every fixture's header damaged byte by byte, word by word and field by field, plus
// the structural damage the format invites (duplicates, offsets out of order, counts and lengths past the end).
// Truncation at every byte lives in GGUFParserTests. Each case: no trap, bounded, an offset named or harmless.
import Testing
@testable import WeightCheck

@Suite struct CorruptionMatrixGGUFTests {
    static let fixtures = GGUFFixtureTests.fixtures

    static func load(_ name: String) -> (bytes: [UInt8], dataOffset: Int, layout: GGUFLayout) {
        let bytes = [UInt8].contents(of: TestData.path("gguf/" + name))
        let header = try! parseGGUF(bytes).get()
        return (bytes, header.dataOffset, GGUFLayout(bytes))
    }

    @Test(arguments: fixtures)
    func everyHeaderByteFlipped(_ name: String) {
        var (bytes, dataOffset, _) = Self.load(name)
        for i in 0..<dataOffset {
            let saved = bytes[i]
            for mask: UInt8 in [0xFF, 0x01] {
                bytes[i] = saved ^ mask
                checkGGUFDamage(bytes, "\(name): byte \(i) ^ \(mask)")
            }
            bytes[i] = saved
        }
    }

    /// Every 4-byte-aligned word of the header set to 0, 1, max, huge; every 8-byte-aligned one likewise.
    @Test(arguments: fixtures)
    func everyAlignedWordSet(_ name: String) {
        var (bytes, dataOffset, layout) = Self.load(name)
        for width in [4, 8] {
            for p in stride(from: 0, through: dataOffset - width, by: width) {
                let saved = Array(bytes[p..<(p + width)])
                for v in hostileValues(width: width) {
                    layout.write(v, into: &bytes, at: p, width: width)
                    checkGGUFDamage(bytes, "\(name): \(width) bytes at \(p) = \(v)")
                }
                bytes.replaceSubrange(p..<(p + width), with: saved)
            }
        }
    }

    /// Every real 4- and 8-byte field (counts, lengths, types, dimensions, offsets, values) set likewise.
    @Test(arguments: fixtures)
    func everyFieldSet(_ name: String) {
        var (bytes, _, layout) = Self.load(name)
        #expect(layout.fields.count > 10)
        for f in layout.fields where f.width == 4 || f.width == 8 {
            let saved = Array(bytes[f.offset..<(f.offset + f.width)])
            for v in hostileValues(width: f.width) {
                layout.write(v, into: &bytes, at: f.offset, width: f.width)
                checkGGUFDamage(bytes, "\(name): \(f.what) at \(f.offset) = \(v)")
            }
            bytes.replaceSubrange(f.offset..<(f.offset + f.width), with: saved)
        }
    }

    /// Asserts that damage was rejected with `code` at exactly `offset`.
    func expectRejected(_ bytes: [UInt8], code: String, at offset: Int?, _ label: String,
                        sourceLocation: SourceLocation = #_sourceLocation) {
        guard let e = checkGGUFDamage(bytes, label, sourceLocation: sourceLocation) else {
            Issue.record("\(label): accepted", sourceLocation: sourceLocation)
            return
        }
        #expect(e.code.rawValue == code, "\(label): \(e.message)", sourceLocation: sourceLocation)
        if let offset {
            #expect(e.offset == offset, "\(label): \(e.message)", sourceLocation: sourceLocation)
            #expect(e.message.contains("byte \(offset)"), "\(label): \(e.message)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: fixtures)
    func duplicateNames(_ name: String) {
        let (bytes, _, layout) = Self.load(name)
        try! #require(layout.kvs.count >= 2 && layout.infos.count >= 2)
        // The second key spelled as the first (the header grows or shrinks; nothing after it is read).
        let k0 = layout.kvs[0], k1 = layout.kvs[1]
        var keys = bytes
        keys.replaceSubrange(k1.offset..<k1.keyBytes.upperBound, with: bytes[k0.offset..<k0.keyBytes.upperBound])
        expectRejected(keys, code: "duplicate-name", at: k1.offset, "\(name): duplicate key")
        let t0 = layout.infos[0], t1 = layout.infos[1]
        var names = bytes
        names.replaceSubrange(t1.offset..<t1.nameBytes.upperBound, with: bytes[t0.offset..<t0.nameBytes.upperBound])
        expectRejected(names, code: "duplicate-name", at: t1.offset, "\(name): duplicate tensor name")
    }

    @Test(arguments: fixtures)
    func namesThatAreNotUTF8(_ name: String) throws {
        let (bytes, _, layout) = Self.load(name)
        for bad: [UInt8] in [[0xFF], [0xC0], [0xED], [0x80]] {
            var key = bytes
            key[layout.kvs[0].keyBytes.lowerBound] = bad[0]
            expectRejected(key, code: "malformed-header", at: layout.kvs[0].offset, "\(name): key byte \(bad)")
            for info in [layout.infos.first!, layout.infos.last!] {
                var tensor = bytes
                tensor[info.nameBytes.lowerBound] = bad[0]
                expectRejected(tensor, code: "malformed-header", at: info.offset, "\(name): tensor name byte \(bad)")
            }
        }
        // A string value that is not UTF-8 is read lossily, as the reference reader does: harmless.
        if let s = layout.kvs.compactMap(\.stringValue).first(where: { !$0.isEmpty }) {
            var value = bytes
            value[s.lowerBound] = 0xFF
            #expect(checkGGUFDamage(value, "\(name): string value byte") == nil)
        }
    }

    @Test(arguments: fixtures)
    func offsetsOutOfOrderAndOverlapping(_ name: String) {
        let (bytes, _, layout) = Self.load(name)
        let offsets = layout.infos.map { layout.read(bytes, at: $0.offsetField, width: 8) }
        // Swap two different offsets: the first tensor no longer starts at 0.
        if let j = offsets.indices.first(where: { offsets[$0] != offsets[0] }) {
            var swapped = bytes
            layout.write(offsets[j], into: &swapped, at: layout.infos[0].offsetField, width: 8)
            layout.write(offsets[0], into: &swapped, at: layout.infos[j].offsetField, width: 8)
            expectRejected(swapped, code: "bad-tensor-offset", at: layout.infos[0].offsetField, "\(name): swapped 0 and \(j)")
        }
        // A tensor placed on its predecessor, and one placed one alignment step early or late.
        for i in offsets.indices.dropFirst() where offsets[i] != offsets[i - 1] {
            for wrong in [offsets[i - 1], offsets[i] &- 32, offsets[i] &+ 32, offsets[i] &+ 1] {
                var moved = bytes
                layout.write(wrong, into: &moved, at: layout.infos[i].offsetField, width: 8)
                expectRejected(moved, code: "bad-tensor-offset", at: layout.infos[i].offsetField,
                               "\(name): tensor \(i) at \(wrong)")
            }
        }
    }

    @Test(arguments: fixtures)
    func countsAndLengthsBeyondTheFile(_ name: String) {
        let (bytes, _, layout) = Self.load(name)
        let size = UInt64(bytes.count)
        for claim in [size, 1 << 60, UInt64.max] {
            var tensors = bytes
            layout.write(claim, into: &tensors, at: 8, width: 8)
            expectRejected(tensors, code: "truncated", at: 8, "\(name): tensor count \(claim)")
            var kvs = bytes
            layout.write(claim, into: &kvs, at: 16, width: 8)
            expectRejected(kvs, code: "truncated", at: 16, "\(name): metadata count \(claim)")
        }
        // String lengths: past the end, and past the 1 GiB limit.
        let k0 = layout.kvs[0]
        for (claim, code) in [(size, "truncated"), (1 << 30, "truncated"), ((1 << 30) + 1, "malformed-header"),
                              (UInt64.max, "malformed-header")] {
            var key = bytes
            layout.write(claim, into: &key, at: k0.offset, width: 8)
            expectRejected(key, code: code, at: k0.offset, "\(name): key length \(claim)")
            var tensorName = bytes
            layout.write(claim, into: &tensorName, at: layout.infos[0].offset, width: 8)
            expectRejected(tensorName, code: code, at: layout.infos[0].offset, "\(name): tensor name length \(claim)")
        }
        // Array counts: up to the loader's 2^30 limit the elements run past the end; above it the count is refused.
        for kv in layout.kvs {
            guard let at = kv.arrayTypeOffset else { continue }
            for claim: UInt64 in [size, 1_000_000_000, 1 << 30] {
                var array = bytes
                layout.write(claim, into: &array, at: at + 4, width: 8)
                expectRejected(array, code: "truncated", at: nil, "\(name): array count \(claim)")
            }
            var tooMany = bytes
            layout.write((1 << 30) + 1, into: &tooMany, at: at + 4, width: 8)
            expectRejected(tooMany, code: "malformed-header", at: at + 4, "\(name): array count 2^30 + 1")
        }
        // Dimensions whose product overflows, or whose data would run past the end.
        for info in layout.infos {
            guard let last = info.dimOffsets.last else { continue }
            for dim: UInt64 in [UInt64(Int64.max), 1 << 40, size] {
                var d = bytes
                layout.write(dim, into: &d, at: last, width: 8)
                checkGGUFDamage(d, "\(name): dimension \(dim)")
            }
        }
    }

    @Test(arguments: fixtures)
    func nestedArrays(_ name: String) {
        let (bytes, _, layout) = Self.load(name)
        let arrays = layout.kvs.compactMap(\.arrayTypeOffset)
        guard !arrays.isEmpty else { return }  // the small split shards hold no arrays
        for at in arrays {
            var nested = bytes
            layout.write(UInt64(GGUFValueType.array.rawValue), into: &nested, at: at, width: 4)
            expectRejected(nested, code: "malformed-header", at: at, "\(name): array of arrays at \(at)")
            #expect(ggufMessage(nested)?.contains("array of arrays") == true)
        }
    }
}
