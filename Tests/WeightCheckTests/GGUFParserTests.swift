// GGUF parser tests: the reference reader's view of every fixture, truncation at every header byte,
// and each rejection of FORMATS.md's list with its exact message.
import Foundation
import Testing
@testable import WeightCheck

/// Parses `bytes` as a GGUF file named `t.gguf`.
func parseGGUF(_ bytes: [UInt8]) -> Result<GGUFHeader, GGUFError> {
    bytes.withUnsafeBytes { buf in
        do throws(GGUFReadError) { return .success(try GGUFHeaderReader.read(buf)) } catch { return .failure(error.error(file: "t.gguf")) }
    }
}

/// The message a GGUF parse of `bytes` fails with, or nil when it succeeds.
func ggufMessage(_ bytes: [UInt8]) -> String? {
    if case .failure(let e) = parseGGUF(bytes) { return e.message }
    return nil
}

@Suite struct GGUFFixtureTests {
    static let fixtures = ["tiny.gguf", "bigendian.gguf", "align64.gguf", "split/model-00001-of-00003.gguf",
                           "split/model-00002-of-00003.gguf", "split/model-00003-of-00003.gguf"]

    @Test(arguments: fixtures)
    func matchesReferenceReader(_ name: String) throws {
        let g = try GGUFFile(path: TestData.path("gguf/" + name))
        let exp = try TestData.json("gguf/expected/" + name.replacingOccurrences(of: "/", with: "_") + ".json") as! [String: Any]
        #expect(Int(g.version) == exp["version"] as! Int)
        #expect(g.alignment == exp["alignment"] as! Int)
        #expect(g.table.dataOffset == exp["data_offset"] as! Int)
        let tensors = exp["tensors"] as! [[String: Any]]
        try #require(g.tensors.count == tensors.count)
        for (t, e) in zip(g.tensors, tensors) {
            #expect(t.name == e["name"] as! String)
            #expect(t.type.name == e["type"] as! String)
            #expect(t.shape == (e["shape"] as! [Int]).map(UInt64.init))
            #expect(t.byteRange.lowerBound == e["offset"] as! Int)
            #expect(t.byteCount == e["size"] as! Int)
            #expect(t.elementCount == UInt64(e["elements"] as! Int))
        }
        let meta = exp["metadata"] as! [String: [String: Any]]
        #expect(g.metadata.count == meta.count)
        for (key, value) in g.metadata {
            let e = try #require(meta[key], "unexpected key \(key)")
            #expect(value.type.name == e["type"] as! String, "\(key)")
            switch value {
            case .string(let s): #expect(s == e["value"] as! String)
            case .array(let a):
                let ev = e["value"] as! [String: Any]
                #expect(a.count == ev["count"] as! Int)
                #expect(a.elementType.name == ev["array"] as! String)
                let items = ev["items"] as! [Any]
                let ours = a.elements(in: g.file)
                #expect(ours.count == items.count)
                for (o, x) in zip(ours, items) {
                    switch o {
                    case .string(let s): #expect(s == x as! String)
                    case .float32(let f): #expect(Double(f) == (x as! NSNumber).doubleValue)
                    default: #expect(o.integer == (x as! NSNumber).int64Value)
                    }
                }
            case .float32(let f): #expect(Double(f) == (e["value"] as! NSNumber).doubleValue)
            case .float64(let f): #expect(f == (e["value"] as! NSNumber).doubleValue)
            case .bool(let b): #expect(b == (e["value"] as! Bool))
            case .uint64(let u): #expect(u == (e["value"] as! NSNumber).uint64Value)
            default: #expect(value.integer == (e["value"] as! NSNumber).int64Value, "\(key)")
            }
        }
    }

    @Test func bigEndianIsDetected() throws {
        #expect(try GGUFFile(path: TestData.path("gguf/bigendian.gguf")).bigEndian)
        #expect(try !GGUFFile(path: TestData.path("gguf/tiny.gguf")).bigEndian)
    }

    /// Every prefix shorter than the header fails with an error (never a trap); prefixes that cut tensor data
    /// fail with the loader's "not within the file bounds" reason; the whole file parses.
    @Test(arguments: fixtures)
    func truncationAtEveryByte(_ name: String) throws {
        let bytes = [UInt8].contents(of: TestData.path("gguf/" + name))
        let full = try parseGGUF(bytes).get()
        let lastEnd = full.tensors.map(\.byteRange.upperBound).max() ?? full.dataOffset
        for n in 0..<bytes.count {
            let result = parseGGUF(Array(bytes[0..<n]))
            if n >= lastEnd && n >= full.dataOffset {
                #expect(throws: Never.self) { try result.get() }
            } else {
                guard case .failure(let e) = result else {
                    Issue.record("prefix of \(n) bytes parsed"); continue
                }
                #expect(e.offset <= max(n, full.dataOffset))
                #expect(e.code == "truncated" || n < 4, "\(n): \(e.message)")
            }
        }
    }
}

@Suite struct GGUFRejectionTests {
    /// A valid one-tensor file: one KV, one F32 tensor of 4 elements.
    func valid(version: UInt32 = 3, edit: (inout GGUFBuilder) -> Void = { _ in }) -> [UInt8] {
        var b = GGUFBuilder()
        b.header(version: version, tensors: 1, kvs: 1)
        b.kvString("general.architecture", "llama")
        b.tensorInfo("w", dims: [4], type: 0, offset: 0)
        b.pad()
        b.zeros(16)
        edit(&b)
        return b.bytes
    }

    /// Bytes past the last tensor's padding: a warning naming where they start (llama.cpp ignores them, so the
    /// file is not rejected); the padding itself, which the writers put after the last tensor too, is not.
    @Test func trailingBytesPastThePaddingAreAWarning() throws {
        let dir = TemporaryDirectory()
        let unpadded = valid()  // the tensor's 16 bytes end 16 bytes short of the 32-byte alignment
        for (extra, expected) in [(0, nil), (16, nil), (17, 1), (100, 84)] as [(Int, Int?)] {
            let path = dir.write("t\(extra).gguf", unpadded + [UInt8](repeating: extra > 16 ? 0x41 : 0, count: extra))
            let g = try GGUFFile(path: path)
            let trailing = g.findings.filter { $0.code == .trailingBytes }
            if let expected {
                let end = unpadded.count + 16
                #expect(trailing.count == 1 && trailing[0].severity == .warning && trailing[0].offset == end, "\(trailing)")
                #expect(trailing.first?.message.hasPrefix("\(expected) bytes after the tensor data, from byte \(end)") == true)
            } else {
                #expect(trailing.isEmpty, "\(extra) bytes: \(trailing)")
            }
        }
    }

    @Test func acceptsValid() {
        #expect(ggufMessage(valid()) == nil)
        #expect(ggufMessage(valid(version: 2)) == nil)
    }

    @Test func badMagic() {
        var bytes = valid()
        bytes[3] = 0x58
        #expect(ggufMessage(bytes) == "not a GGUF file: magic at byte 0 is \"GGUX\", expected \"GGUF\"")
    }

    @Test func badVersions() {
        #expect(ggufMessage(valid(version: 1)) == "at byte 4: unsupported GGUF version 1 (supported: 2 and 3)")
        #expect(ggufMessage(valid(version: 0)) == "at byte 4: unsupported GGUF version 0 (supported: 2 and 3)")
        #expect(ggufMessage(valid(version: 4)) == "at byte 4: unsupported GGUF version 4 (supported: 2 and 3)")
    }

    @Test func bigEndianHeader() {
        var b = GGUFBuilder(bigEndian: true)
        b.header(tensors: 1, kvs: 1)
        b.kvString("general.architecture", "llama")
        b.tensorInfo("w", dims: [4], type: 0, offset: 0)
        b.pad(); b.zeros(16)
        let h = try? parseGGUF(b.bytes).get()
        #expect(h?.bigEndian == true)
        #expect(h?.tensors.first?.shape == [4])
    }

    @Test func countsBeyondFile() {
        var b = GGUFBuilder()
        b.header(tensors: 1 << 60, kvs: 0)
        #expect(ggufMessage(b.bytes) == "tensor count 1152921504606846976 at byte 8 cannot fit in the 0 bytes left")
        var c = GGUFBuilder()
        c.header(tensors: 0, kvs: 1000)
        c.zeros(100)
        #expect(ggufMessage(c.bytes) == "metadata count 1000 at byte 16 cannot fit in the 100 bytes left")
    }

    @Test func strings() {
        var b = GGUFBuilder()
        b.header(tensors: 0, kvs: 1)
        b.u64(UInt64(1) << 31); b.zeros(20)
        #expect(ggufMessage(b.bytes) == "metadata key at byte 24 has length 2147483648, more than 1 GiB")
        var c = GGUFBuilder()
        c.header(tensors: 0, kvs: 1)
        c.u64(100); c.raw(Array("abc".utf8)); c.zeros(9)
        #expect(ggufMessage(c.bytes) == "truncated metadata key at byte 24: length 100 but only 12 bytes left")
    }

    @Test func keys() {
        var b = GGUFBuilder()
        b.header(tensors: 0, kvs: 1)
        b.kvString("", "x")
        #expect(ggufMessage(b.bytes) == "empty metadata key at byte 24")
        var c = GGUFBuilder()
        c.header(tensors: 0, kvs: 2)
        c.kvU32("a.b", 1); c.kvU32("a.b", 2)
        #expect(ggufMessage(c.bytes) == "duplicate metadata key 'a.b' at byte 43")
        var d = GGUFBuilder()
        d.header(tensors: 0, kvs: 1)
        d.string("k"); d.u32(13); d.zeros(8)
        #expect(ggufMessage(d.bytes) == "metadata key 'k' at byte 33 has unknown value type 13")
        var e = GGUFBuilder()
        e.header(tensors: 0, kvs: 1)
        e.string("k\u{FF}"); e.u32(4); e.u32(0)
        e.bytes[32] = 0xFF
        #expect(ggufMessage(e.bytes) == "metadata key at byte 24 is not valid UTF-8")
    }

    @Test func arrays() {
        var b = GGUFBuilder()
        b.header(tensors: 0, kvs: 1)
        b.string("arr"); b.u32(9); b.u32(9); b.u64(1)
        #expect(ggufMessage(b.bytes) == "metadata key 'arr' at byte 39 is an array of arrays, which the loader rejects")
        var c = GGUFBuilder()
        c.header(tensors: 0, kvs: 1)
        c.string("arr"); c.u32(9); c.u32(4); c.u64(UInt64(1) << 31)
        #expect(ggufMessage(c.bytes) == "metadata array 'arr' at byte 43 has 2147483648 elements, more than the loader accepts")
        var d = GGUFBuilder()
        d.header(tensors: 0, kvs: 1)
        d.string("arr"); d.u32(9); d.u32(6); d.u64(1000); d.zeros(40)
        #expect(ggufMessage(d.bytes) == "truncated array 'arr' (1000 × FLOAT32) at byte 51: need 4000 bytes, have 40")
        var e = GGUFBuilder()
        e.header(tensors: 0, kvs: 1)
        e.string("tokens"); e.u32(9); e.u32(8); e.u64(3); e.string("a"); e.string("b"); e.u64(50); e.zeros(4)
        #expect(ggufMessage(e.bytes) == "truncated string in array 'tokens' at byte 72: length 50 but only 4 bytes left")
        var f = GGUFBuilder()
        f.header(tensors: 0, kvs: 1)
        f.string("arr"); f.u32(9); f.u32(77); f.u64(1)
        #expect(ggufMessage(f.bytes) == "metadata key 'arr' at byte 39 has unknown value type 77")
    }

    @Test func alignment() {
        var b = GGUFBuilder()
        b.header(tensors: 0, kvs: 1)
        b.string("general.alignment"); b.u32(10); b.u64(32)
        #expect(ggufMessage(b.bytes) == "general.alignment at byte 49 is UINT64, must be UINT32")
        var c = GGUFBuilder()
        c.header(tensors: 0, kvs: 1)
        c.kvU32("general.alignment", 48)
        #expect(ggufMessage(c.bytes) == "general.alignment at byte 53 is 48, must be a non-zero power of two")
        var d = GGUFBuilder()
        d.header(tensors: 0, kvs: 1)
        d.kvU32("general.alignment", 0)
        #expect(ggufMessage(d.bytes) == "general.alignment at byte 53 is 0, must be a non-zero power of two")
    }

    func oneTensor(_ name: String = "w", dims: [Int64] = [4], type: UInt32 = 0, offset: UInt64 = 0,
                   dataBytes: Int = 16) -> [UInt8] {
        var b = GGUFBuilder()
        b.header(tensors: 1, kvs: 0)
        b.tensorInfo(name, dims: dims, type: type, offset: offset)
        b.pad(); b.zeros(dataBytes)
        return b.bytes
    }

    @Test func tensorInfos() {
        let long = String(repeating: "n", count: 64)
        #expect(ggufMessage(oneTensor(long)) == "tensor name '\(long)' at byte 24 is 64 bytes, the limit is 63")
        #expect(ggufMessage(oneTensor(String(repeating: "n", count: 63), dataBytes: 16)) == nil)
        #expect(ggufMessage(oneTensor(dims: [1, 1, 1, 1, 4])) == "tensor 'w' at byte 33 has 5 dimensions, at most 4 allowed")
        #expect(ggufMessage(oneTensor(dims: [4, -1])) == "tensor 'w' at byte 45: dimension 1 is negative (-1)")
        #expect(ggufMessage(oneTensor(dims: [1 << 40, 1 << 40])) == "tensor 'w' at byte 45: element count overflows")
        #expect(ggufMessage(oneTensor(type: 4)) == nil, "removed type ids are reported, not fatal")
        #expect(ggufMessage(oneTensor(dims: [16], type: 2)) == "tensor 'w' at byte 45: row length 16 is not a multiple of the Q4_0 block size 32")
        #expect(ggufMessage(oneTensor(dims: [Int64(1) << 62], type: 0)) == "tensor 'w' at byte 45: byte size overflows")
    }

    @Test func unknownTypeIsAFindingNotARejection() throws {
        let h = try parseGGUF(oneTensor(type: 77)).get()
        #expect(h.unknownTypes.map(\.id) == [77])
        #expect(h.tensors[0].type == .unknownGGML(77))
    }

    @Test func duplicateTensor() {
        var b = GGUFBuilder()
        b.header(tensors: 2, kvs: 0)
        b.tensorInfo("w", dims: [4], type: 0, offset: 0)
        b.tensorInfo("w", dims: [4], type: 0, offset: 32)
        b.pad(); b.zeros(64)
        #expect(ggufMessage(b.bytes) == "duplicate tensor 'w' at byte 57")
    }

    @Test func offsets() {
        #expect(ggufMessage(oneTensor(offset: 32)) == "tensor 'w' at byte 49: data offset 32, expected 0 (tensors must be contiguous, in order, aligned)")
        var gap = GGUFBuilder()
        gap.header(tensors: 2, kvs: 0)
        gap.tensorInfo("a", dims: [4], type: 0, offset: 0)
        gap.tensorInfo("b", dims: [4], type: 0, offset: 64)
        gap.pad(); gap.zeros(128)
        #expect(ggufMessage(gap.bytes) == "tensor 'b' at byte 82: data offset 64, expected 32 (tensors must be contiguous, in order, aligned)")
        var overlap = GGUFBuilder()
        overlap.header(tensors: 2, kvs: 0)
        overlap.tensorInfo("a", dims: [16], type: 0, offset: 0)
        overlap.tensorInfo("b", dims: [4], type: 0, offset: 32)
        overlap.pad(); overlap.zeros(128)
        #expect(ggufMessage(overlap.bytes) == "tensor 'b' at byte 82: data offset 32, expected 64 (tensors must be contiguous, in order, aligned)")
        var misaligned = GGUFBuilder()
        misaligned.header(tensors: 2, kvs: 0)
        misaligned.tensorInfo("a", dims: [3], type: 0, offset: 0)
        misaligned.tensorInfo("b", dims: [4], type: 0, offset: 12)
        misaligned.pad(); misaligned.zeros(128)
        #expect(ggufMessage(misaligned.bytes) == "tensor 'b' at byte 82: data offset 12, expected 32 (tensors must be contiguous, in order, aligned)")
    }

    @Test func dataBounds() {
        #expect(ggufMessage(oneTensor(dataBytes: 15)) == "tensor 'w' data ends at byte 80, past the end of the 79-byte file: corrupted or incomplete")
        var b = GGUFBuilder()
        b.header(tensors: 1, kvs: 0)
        b.tensorInfo("w", dims: [4], type: 0, offset: 0)
        #expect(ggufMessage(b.bytes) == "tensor data would start at byte 64, past the end of the 57-byte file")
    }
}
