// Tests of every safetensors rejection: hand-made files (testdata/safetensors/bad/, each also fed to the
// reference reader, see expected/bad.json) with exact messages; truncation at every byte; corrupted headers.
import Testing
@testable import WeightCheck

@Suite struct SafetensorsRejectionTests {
    /// Each hand-made bad file, the code we report and our exact message (without the file name).
    static let bad: [(String, String, String)] = [
        ("too_small", "truncated", "truncated header length at byte 0: need 8 bytes, have 5"),
        ("header_too_large", "header-too-large",
         "header too large: the length at byte 0 is 100000001 bytes, above the readers' limit of 100000000"),
        ("header_length_max", "header-too-large",
         "header too large: the length at byte 0 is 18446744073709551615 bytes, above the readers' limit of 100000000"),
        ("header_past_end", "truncated", "truncated header at byte 8: need 200 bytes, have 8"),
        ("invalid_utf8", "invalid-utf8", "header is not valid UTF-8 at byte 11"),
        ("invalid_json", "invalid-json",
         "invalid JSON header at byte 64: expected ',' or '}', found end of input"),
        ("json_trailing", "invalid-json", "invalid JSON header at byte 11: unexpected 'x' after the document"),
        ("not_object", "header-not-object", "header at byte 8 is a JSON array, not an object"),
        ("metadata_not_object", "invalid-metadata", "__metadata__ at byte 9: is a JSON array, not an object"),
        ("metadata_not_string", "invalid-metadata",
         "__metadata__ at byte 39: value of 'n' is a JSON integer, not a string"),
        ("entry_not_object", "invalid-tensor-entry", "tensor 'w' at byte 9: entry is a JSON integer, not an object"),
        ("missing_dtype", "invalid-tensor-entry", "tensor 'w' at byte 9: missing 'dtype'"),
        ("missing_shape", "invalid-tensor-entry", "tensor 'w' at byte 9: missing 'shape'"),
        ("missing_offsets", "invalid-tensor-entry", "tensor 'w' at byte 9: missing 'data_offsets'"),
        ("dtype_not_string", "invalid-tensor-entry", "tensor 'w' at byte 9: 'dtype' is a JSON integer, not a string"),
        ("dtype_serde_map", "invalid-tensor-entry", "tensor 'w' at byte 9: 'dtype' is a JSON object, not a string"),
        ("shape_negative", "invalid-tensor-entry",
         "tensor 'w' at byte 9: 'shape' holds -2, not a non-negative integer"),
        ("shape_float", "invalid-tensor-entry", "tensor 'w' at byte 9: 'shape' holds 2.0, not a non-negative integer"),
        ("offsets_three", "invalid-tensor-entry",
         "tensor 'w' at byte 9: 'data_offsets' is [0,8,8], not two non-negative integers"),
        ("unknown_dtype", "unknown-dtype", "tensor 'w' at byte 9: unknown dtype 'f32'"),
        ("size_mismatch", "size-mismatch",
         "tensor 'w' at byte 9: data_offsets [0, 10] hold 10 bytes, F32 [2, 2] needs 16"),
        ("gap", "offsets-gap", "tensor 'b' at byte 62: data begins at 8, but 'a' ends at 4 (gap of 4 bytes)"),
        ("overlap", "offsets-overlap",
         "tensor 'b' at byte 62: data begins at 4, but 'a' ends at 8 (overlap of 4 bytes)"),
        ("first_not_zero", "offsets-gap", "tensor 'a' at byte 9: data begins at 4, but the first tensor must begin at 0"),
        ("reversed", "offsets-reversed", "tensor 'b' at byte 62: data_offsets [8, 4] end before they begin"),
        ("truncated", "truncated",
         "truncated at byte 128: tensor data ends at byte 132, 4 bytes missing (from tensor 'b' on)"),
        ("trailing", "trailing-bytes", "3 trailing bytes at byte 70, after the tensor data"),
        ("elements_overflow", "size-overflow",
         "tensor 'w' at byte 9: size of U8 [4294967296, 4294967296] overflows 64 bits"),
        ("bits_overflow", "size-overflow", "tensor 'w' at byte 9: size of F64 [2305843009213693952] overflows 64 bits"),
        ("f4_partial_byte", "partial-byte", "tensor 'w' at byte 9: F4 [3] is 12 bits, not a whole number of bytes"),
        ("f6_partial_byte", "partial-byte",
         "tensor 'w' at byte 9: F6_E3M2 [2, 3] is 36 bits, not a whole number of bytes"),
        ("duplicate_metadata", "invalid-json", "invalid JSON header at byte 34: duplicate key '__metadata__'"),
        ("duplicate_tensor", "invalid-json", "invalid JSON header at byte 61: duplicate key 'w'"),
    ]

    /// Cases where we are deliberately stricter than the reference reader (see the fixture script).
    static let stricterThanReference: Set<String> = ["duplicate_tensor", "dtype_serde_map"]

    @Test(arguments: bad)
    func rejects(_ name: String, _ code: String, _ message: String) throws {
        let path = STTestData.path("safetensors/bad/\(name).safetensors")
        do {
            let file = try SafetensorsFile(path: path)
            Issue.record("accepted \(name) with \(file.tensors.count) tensors")
        } catch {
            #expect(error.message == message)
            #expect(error.code.rawValue == code)
            #expect(error.file == path)
            #expect(error.description == "\(path): \(message)")
            #expect(error.offset != nil)
            #expect(error.finding.severity == .error)
            #expect(error.finding.code.rawValue == code)
            #expect(error.finding.offset == error.offset)
            #expect(error.finding.tensor == error.tensor)
            if let tensor = error.tensor { #expect(message.contains("'\(tensor)'")) }
        }
        // The reference reader rejects the same file, except where we are stricter on purpose.
        let verdict = try STTestData.json("safetensors/expected/bad.json")[name]?["reference"]
        #expect(verdict == (Self.stricterThanReference.contains(name) ? "accepted" : "rejected"))
    }

    @Test func everyBadFileHasAnExpectation() throws {
        let verdicts = try #require(try STTestData.json("safetensors/expected/bad.json").objectValue)
        #expect(Set(verdicts.keys) == Set(Self.bad.map(\.0)))
    }

    /// In-memory cases the files do not cover: whitespace around the JSON, `__metadata__: null`, extra fields.
    @Test func acceptsWhatTheReferenceAccepts() throws {
        let entry = #"{"dtype":"U8","shape":[2],"data_offsets":[0,2],"extra":{"x":[1]}}"#
        let bytes = safetensorsBytes(header: " \n{\"__metadata__\":null, \"w\":\(entry)}\t ", data: [1, 2])
        let header = try bytes.withUnsafeBytes { try SafetensorsHeader(parsing: $0, file: "m.safetensors") }
        #expect(header.tensors.map(\.name) == ["w"])
        #expect(header.tensors[0].byteRange == (header.dataOffset)..<(header.dataOffset + 2))
        #expect(!header.hasMetadata)
        #expect(header.metadata.isEmpty)
        let notObject = safetensorsBytes(header: "  7")
        #expect(throws: SafetensorsError.headerNotObject(file: "m", offset: 10, found: "integer")) {
            try notObject.withUnsafeBytes { try SafetensorsHeader(parsing: $0, file: "m") }
        }
    }

    @Test func truncatedDataBeyondTwoToTheSixtyFour() throws {
        // Eight tensors of 2^61 − 1 bytes: the data would end past byte 2^64.
        let count: UInt64 = (1 << 61) - 1
        let entries = (0..<8).map { (i: UInt64) in
            #""t\#(i)":{"dtype":"U8","shape":[\#(count)],"data_offsets":[\#(i * count),\#((i + 1) * count)]}"#
        }
        let bytes = safetensorsBytes(header: "{" + entries.joined(separator: ",") + "}")
        do {
            _ = try parseSafetensors(bytes)
            Issue.record("accepted")
        } catch {
            #expect(error == .truncated(file: "m", fileSize: bytes.count, dataEnd: nil, tensor: "t0"))
            #expect(error.message == "truncated at byte \(bytes.count): tensor data ends past byte \(UInt64.max) "
                + "(from tensor 't0' on)")
        }
    }

    // MARK: Truncation and corruption of every fixture

    static let fixtures = ["dtypes", "all_dtypes", "zero_size", "empty", "rank0",
                           "sharded/model-00001-of-00002", "sharded/model-00002-of-00002"]

    @Test(arguments: fixtures)
    func truncationAtEveryByte(_ name: String) throws {
        let bytes = try STTestData.bytes("safetensors/\(name).safetensors")
        let n = Int(bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
        bytes.withUnsafeBytes { raw in
            #expect(throws: Never.self) { try SafetensorsHeader(parsing: raw, file: name) }
            for length in 0..<raw.count {
                let prefix = UnsafeRawBufferPointer(rebasing: raw[0..<length])
                do throws(SafetensorsError) {
                    _ = try SafetensorsHeader(parsing: prefix, file: name)
                    Issue.record("\(name) cut to \(length) bytes was accepted")
                } catch {
                    switch error {
                    case .headerTooSmall: #expect(length < 8)
                    case .headerPastEnd: #expect(length >= 8 && length < 8 + n)
                    case .truncated(_, let size, let end, let tensor):
                        #expect(length >= 8 + n && size == length && end == UInt64(raw.count) && tensor != nil)
                    default: Issue.record("\(name) cut to \(length): unexpected \(error)")
                    }
                }
            }
        }
        // And one byte too many.
        let longer = bytes + [0]
        #expect(throws: SafetensorsError.trailingBytes(file: name, dataEnd: bytes.count, fileSize: bytes.count + 1)) {
            try longer.withUnsafeBytes { try SafetensorsHeader(parsing: $0, file: name) }
        }
    }

    /// Every header byte (and the length) replaced by a few hostile values: no trap, and what is accepted
    /// is consistent (ranges inside the file, contiguous, sizes matching dtype and shape).
    @Test(arguments: fixtures)
    func corruptedHeaderBytes(_ name: String) throws {
        let original = try STTestData.bytes("safetensors/\(name).safetensors")
        let n = Int(original.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
        var bytes = original
        for i in 0..<(8 + n) {
            let saved = bytes[i]
            for value: UInt8 in [saved ^ 0xFF, 0x22, 0x7B, 0x39] {
                bytes[i] = value
                bytes.withUnsafeBytes { raw in
                    guard let header = try? SafetensorsHeader(parsing: raw, file: name) else { return }
                    var end = header.dataOffset
                    for t in header.tensors.sorted(by: { $0.byteRange.lowerBound < $1.byteRange.lowerBound }) {
                        #expect(t.byteRange.lowerBound == end || t.byteRange.isEmpty)
                        #expect(UInt64(t.byteCount) == t.type.byteCount(elements: t.elementCount))
                        end = max(end, t.byteRange.upperBound)
                    }
                    #expect(end == raw.count)
                }
            }
            bytes[i] = saved
        }
    }
}
