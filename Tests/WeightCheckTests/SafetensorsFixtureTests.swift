// Tests of the safetensors parser against the reference reader's view of each fixture
// (testdata/safetensors/expected/*.json, written by testdata/make_safetensors_fixtures.py).
import Testing
@testable import WeightCheck

@Suite struct SafetensorsFixtureTests {
    static let fixtures = ["dtypes", "all_dtypes", "zero_size", "empty", "rank0"]

    /// Compares a parsed file with the reference reader's view, field by field.
    static func compare(_ file: SafetensorsFile, with expected: JSONValue) throws {
        #expect(file.file.size == expected["file_size"]?.intValue)
        #expect(file.headerLength == expected["header_length"]?.intValue)
        #expect(file.dataOffset == expected["data_offset"]?.intValue)
        #expect(file.table.dataOffset == file.dataOffset)
        #expect(file.table.format == .safetensors)

        // The reference reader's metadata is a hash map (no order); the expected view lists it sorted by key.
        let sorted = file.metadata.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        let metadata = JSONValue(JSONObject(sorted.map { ($0.key, JSONValue.string($0.value)) }))
        if expected["metadata"] == .null {
            #expect(file.metadata.isEmpty)
        } else {
            #expect(metadata == expected["metadata"])
        }

        let tensors = try #require(expected["tensors"]?.arrayValue)
        try #require(file.tensors.count == tensors.count)
        for (ours, theirs) in zip(file.tensors, tensors) {
            #expect(ours.name == theirs["name"]?.stringValue)
            #expect(ours.type.name == theirs["dtype"]?.stringValue)
            #expect(ours.type.traits.inSafetensors)
            #expect(JSONValue(ours.shape) == theirs["shape"])
            #expect(ours.byteRange.lowerBound == theirs["offset"]?.intValue)
            #expect(ours.byteCount == theirs["size"]?.intValue)
            let bytes = file.data(of: ours)
            #expect(hex(bytes) == theirs["data_hex"]?.stringValue, "data of \(ours.name)")
            #expect(file.tensor(named: ours.name) == ours)
        }
        let byOffset = file.tensors.sorted { ($0.byteRange.lowerBound, $0.byteRange.upperBound)
            < ($1.byteRange.lowerBound, $1.byteRange.upperBound) }
        #expect(JSONValue(byOffset.map(\.name)) == expected["offset_order"])
    }

    static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        bytes.map { b in (b < 16 ? "0" : "") + String(b, radix: 16) }.joined()
    }

    @Test(arguments: fixtures)
    func matchesReferenceReader(_ name: String) throws {
        let file = try SafetensorsFile(path: STTestData.path("safetensors/\(name).safetensors"))
        try Self.compare(file, with: try STTestData.json("safetensors/expected/\(name).json"))
    }

    @Test func allTwentyTwoDtypes() throws {
        let file = try SafetensorsFile(path: STTestData.path("safetensors/all_dtypes.safetensors"))
        let types = Set(file.tensors.map(\.type))
        #expect(types.count == 22)
        #expect(types == Set(ElementType.allKnown.filter { $0.traits.inSafetensors }))
        #expect(file.header.metadataValue("format") == "all-dtypes")
        #expect(file.header.hasMetadata)
        // The reference writer's layout: sorted by dtype alignment descending, then name; 8-byte padded header.
        #expect(file.tensors.first?.type == .u64)
        #expect(file.tensors.last?.type == .bool)
        #expect(file.headerLength % 8 == 0)
        #expect(file.tensor(named: "t.f4")?.shape == [3, 2])
        #expect(file.tensor(named: "t.f4")?.byteCount == 3)
        #expect(file.tensor(named: "t.f6_e3m2")?.byteCount == 6)
    }

    @Test func edgeCases() throws {
        let zero = try SafetensorsFile(path: STTestData.path("safetensors/zero_size.safetensors"))
        #expect(zero.tensor(named: "c_empty")?.shape == [0, 3])
        #expect(zero.tensor(named: "c_empty")?.byteCount == 0)
        #expect(zero.data(of: try #require(zero.tensor(named: "z_empty"))).count == 0)
        #expect(zero.table.parameterCount == 3)
        let rank0 = try SafetensorsFile(path: STTestData.path("safetensors/rank0.safetensors"))
        #expect(rank0.tensor(named: "scalar")?.shape == [])
        #expect(rank0.tensor(named: "scalar")?.elementCount == 1)
        #expect(rank0.data(of: try #require(rank0.tensor(named: "scalar"))).loadUnaligned(as: Float.self) == 3.5)
        let empty = try SafetensorsFile(path: STTestData.path("safetensors/empty.safetensors"))
        #expect(empty.tensors.isEmpty)
        #expect(empty.dataOffset == empty.file.size)
        #expect(empty.header.metadataValue("format") == "pt")
        let dtypes = try SafetensorsFile(path: STTestData.path("safetensors/dtypes.safetensors"))
        #expect(dtypes.header.metadataValue("note") == "fixture with \"quotes\", é and \\n")
        #expect(dtypes.metadata.map(\.key) == ["format", "note"])  // header order
        #expect(dtypes.tensor(named: "naïve \"quoted\" \\ name")?.type == .i8)
    }

    @Test func sniffer() throws {
        for name in Self.fixtures {
            let bytes = try STTestData.bytes("safetensors/\(name).safetensors")
            bytes.withUnsafeBytes { raw in
                #expect(SafetensorsFile.looksLikeSafetensors(raw))
                #expect(SafetensorsFile.looksLikeSafetensors(raw, fileSize: bytes.count))
                #expect(SafetensorsFile.looksLikeSafetensors(UnsafeRawBufferPointer(rebasing: raw[0..<9])))
                #expect(!SafetensorsFile.looksLikeSafetensors(UnsafeRawBufferPointer(rebasing: raw[0..<8])))
                #expect(!SafetensorsFile.looksLikeSafetensors(raw, fileSize: 12))
            }
        }
        let gguf: [UInt8] = Array("GGUF".utf8) + [3, 0, 0, 0, 0, 0, 0, 0, 0]
        gguf.withUnsafeBytes { #expect(!SafetensorsFile.looksLikeSafetensors($0)) }
        let notBrace = safetensorsBytes(header: "[]      ")
        notBrace.withUnsafeBytes { #expect(!SafetensorsFile.looksLikeSafetensors($0)) }
        // A length over the limit before `{` is still safetensors, so the parser can say "header too large".
        let huge = safetensorsBytes(header: "{}      ", length: 100_000_001)
        huge.withUnsafeBytes { #expect(SafetensorsFile.looksLikeSafetensors($0)) }
        let hugeNotJSON = safetensorsBytes(header: "xx      ", length: 100_000_001)
        hugeNotJSON.withUnsafeBytes { #expect(!SafetensorsFile.looksLikeSafetensors($0)) }
        // Leading JSON whitespace is skipped, as serde_json and json.loads skip it; other bytes are not.
        let spaced = safetensorsBytes(header: " \n\t\r{}")
        spaced.withUnsafeBytes { #expect(SafetensorsFile.looksLikeSafetensors($0)) }
        let allSpace = safetensorsBytes(header: "        ")
        allSpace.withUnsafeBytes { #expect(!SafetensorsFile.looksLikeSafetensors($0)) }
        #expect(!SafetensorsFile.looksLikeSafetensors(UnsafeRawBufferPointer(start: nil, count: 0)))
    }

    @Test func unreadable() {
        let path = STTestData.path("safetensors/does-not-exist.safetensors")
        #expect(throws: SafetensorsError.self) { try SafetensorsFile(path: path) }
        do {
            _ = try SafetensorsFile(path: path)
            Issue.record("a missing file was accepted")
        } catch {
            #expect(error.code == "unreadable")
            #expect(error.description == "\(path): cannot open: no such file or folder")
        }
        do {
            _ = try SafetensorsFile(path: STTestData.path("safetensors"))
            Issue.record("a folder was accepted")
        } catch {
            #expect(error.description.hasSuffix("is a folder"))
        }
    }
}
