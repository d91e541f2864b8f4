// Zero-filled holes inside tensors (interrupted multi-connection downloads) are errors; legitimate zeros —
// padded vocabulary rows, LoRA B as initialized, integer buffers — are not.
import Foundation
import Testing
@testable import WeightCheck

@Suite struct ZeroHoleTests {
    func codes(_ r: VerifyReport) -> [String] {
        r.files.flatMap(\.problems).filter { $0.severity != .note }.map(\.code.rawValue)
    }

    /// A 4 MiB F32 matrix (1024 rows of 1024) followed by a small vector, as a GGUF.
    func model() -> (bytes: [UInt8], matrix: Range<Int>) {
        let bytes = ggufWithMatrix(rows: 1024, cols: 1024)
        let g = try! parseGGUF(bytes).get()
        return (bytes, g.tensors[0].byteRange)
    }

    @Test func aHoleInsideATensorIsAnError() throws {
        let dir = TemporaryDirectory()
        var (bytes, m) = model()
        // 1.5 MiB of zeros from an arbitrary byte to a 1 MiB boundary of the file, as a stopped connection leaves.
        let end = (m.lowerBound + 3 << 20) / (1 << 20) * (1 << 20)
        for i in (end - 1_572_000)..<end { bytes[i] = 0 }
        let r = Verifier.verify([dir.write("m.gguf", bytes)])
        #expect(codes(r) == ["zero-hole"])
        let f = try #require(r.files[0].problems.first)
        #expect(f.tensor == "w")
        #expect(f.message.contains("bytes \(end - 1_572_000)–\(end)"))
    }

    @Test func paddedRowsAtTheEndAreANote() {
        let dir = TemporaryDirectory()
        var (bytes, m) = model()
        // The last 300 rows (1.2 MB) are zero: vocabulary padding; the bias after it is not.
        for i in (m.upperBound - 300 * 4096)..<m.upperBound { bytes[i] = 0 }
        for i in (bytes.count - 4096)..<bytes.count { bytes[i] = 0x3F }
        let r = Verifier.verify([dir.write("m.gguf", bytes)])
        #expect(r.ok, "\(codes(r))")
        #expect(r.files[0].problems.contains { $0.code == "zero-rows" && $0.severity == .note })
    }

    @Test func aProvedFileHasNoHoles() {
        let dir = TemporaryDirectory()
        var (bytes, m) = model()
        for i in (m.lowerBound + 1_000_003)..<(m.lowerBound + 2_500_000) { bytes[i] = 0 }
        let p = dir.write("m.gguf", bytes)
        let r = Verifier.verify([p], options: VerifyOptions(expectedSHA256: bytes.sha256Hex))
        #expect(r.ok, "\(codes(r))")
    }

    @Test func zeroRunsMatchAByteByByteTwin() {
        var state: UInt64 = 1
        for trial in 0..<20 {
            var bytes = [UInt8](repeating: 1, count: 3 << 20)
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let a = Int(state >> 33) % (2 << 20), n = (1 << 20) + Int(state >> 40) % (1 << 20)
            for i in a..<min(bytes.count, a + n) { bytes[i] = 0 }
            var runs = ZeroPageRuns()
            bytes.withUnsafeBytes { b in
                var o = 0
                while o < b.count { let e = min(b.count, o + (1 << 20)); runs.update(UnsafeRawBufferPointer(rebasing: b[o..<e]), at: o); o = e }
            }
            // Twin: whole zero pages, found one byte at a time.
            var expected: [Range<Int>] = []
            var start: Int? = nil
            for p in stride(from: 0, to: bytes.count / 4096 * 4096, by: 4096) {
                if bytes[p..<(p + 4096)].allSatisfy({ $0 == 0 }) { start = start ?? p } else {
                    if let s = start, p - s >= 1 << 20 { expected.append(s..<p) }
                    start = nil
                }
            }
            if let s = start, bytes.count / 4096 * 4096 - s >= 1 << 20 { expected.append(s..<(bytes.count / 4096 * 4096)) }
            #expect(runs.finish() == expected, "trial \(trial)")
        }
    }

    @Test func legitimateZerosAreNotErrors() {
        let dir = TemporaryDirectory()
        let header = """
        {"base_model.model.layers.0.q_proj.lora_B.weight":{"dtype":"F32","shape":[8,4],"data_offsets":[0,128]},\
        "attention_mask":{"dtype":"BOOL","shape":[4,4],"data_offsets":[128,144]},\
        "position_buffer":{"dtype":"I64","shape":[2,4],"data_offsets":[144,208]}}
        """
        let r = Verifier.verify([dir.write("adapter_model.safetensors", safetensorsBytes(header: header, data: [UInt8](repeating: 0, count: 208)))])
        #expect(r.ok, "\(codes(r))")
        #expect(codes(r) == ["zero-lora"])
    }
}
