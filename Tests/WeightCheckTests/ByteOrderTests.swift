// A big-endian GGUF and its little-endian twin (the same tensors, written again by gguf-py in
// make_gguf_fixtures.py): every figure of values — statistics, histograms, comparison — is the same for both,
// and the manifest records the same tensors, each digest of the bytes as stored.
import Foundation
import Testing
@testable import WeightCheck

@Suite struct ByteOrderTests {
    static let big = TestData.path("gguf/bigendian.gguf")
    static let little = TestData.path("gguf/bigendian.le.gguf")

    func scan(_ path: String, threads: Int) throws -> ScanResult {
        let w = try WeightFile(path: path)
        var request = ScanRequest(w, statistics: true)
        request.histogramBins = 16
        return ScanEngine(threads: threads).run([request])[0]
    }

    @Test func fixturesDifferInByteOrderOnly() throws {
        #expect(try WeightFile(path: Self.big).bigEndian)
        #expect(try !WeightFile(path: Self.little).bigEndian)
    }

    @Test(arguments: [1, 3])
    func statisticsAndHistogramsEqual(threads: Int) throws {
        let be = try scan(Self.big, threads: threads), le = try scan(Self.little, threads: threads)
        try #require(be.tensors.count == le.tensors.count && be.tensors.count == 8)
        for (b, l) in zip(be.tensors, le.tensors) {
            #expect(b.tensor.name == l.tensor.name)
            #expect(b.statistics != nil && b.statistics == l.statistics, "\(b.tensor.name)")
            #expect(b.histogram != nil && b.histogram == l.histogram, "\(b.tensor.name)")
            #expect(b.histogram?.counts.reduce(0, +) == b.statistics?.count, "\(b.tensor.name): every value in a bin")
        }
    }

    @Test func comparisonSeesEqualValues() throws {
        let both = try Comparison.run(reference: Self.little, candidate: Self.big)
        let self_ = try Comparison.run(reference: Self.little, candidate: Self.little)
        try #require(both.tensors.count == 8 && self_.tensors.count == 8)
        for (b, s) in zip(both.tensors, self_.tensors) {
            #expect(b.figures != nil && b.figures == s.figures, "\(b.candidate)")
            #expect(b.figures?.maxAbs == 0, "\(b.candidate)")
        }
    }

    @Test func manifestRecordsTheSameTensors() throws {
        let m = try ManifestWriter.create(root: TestData.path("gguf"), paths: [Self.big, Self.little])
        let be = try #require(m.files.first { $0.path == "bigendian.gguf" }?.tensors)
        let le = try #require(m.files.first { $0.path == "bigendian.le.gguf" }?.tensors)
        let leBytes = [UInt8].contents(of: Self.little)
        try #require(be.count == 8 && le.count == 8)
        for (b, l) in zip(be, le) {
            #expect(b.name == l.name && b.type == l.type && b.shape == l.shape && b.size == l.size)
            // Digests are of the bytes as stored: equal where gguf-py stores raw bytes (blocks, BF16), and of
            // each value's bytes reversed where it swaps (F16, F32, I32). The reversal here is the test's own.
            let width = ["F32": 4, "I32": 4, "F16": 2][b.type] ?? 1
            var bytes = Array(leBytes[l.offset ..< l.offset + l.size])
            for v in stride(from: 0, to: bytes.count, by: width) { bytes[v ..< v + width].reverse() }
            #expect(b.xxh128 == bytes.withUnsafeBytes { XXH3_128.digest(of: $0).hexString }, "\(b.name)")
        }
    }

    @Test func hostOrderSwapsWholeValuesPieceByPiece() throws {
        let values: [UInt32] = (0 ..< 1000).map { $0 &* 2_654_435_761 }
        let big = values.map(\.bigEndian)
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 36, alignment: 4)  // 9 values a piece
        defer { scratch.deallocate() }
        var out: [UInt8] = []
        big.withUnsafeBytes { raw in
            HostOrder.withHostOrder(raw, swapWidth: 4, scratch: scratch) { out += $0 }
        }
        #expect(out == values.withUnsafeBytes { Array($0) })
        #expect(HostOrder.swapWidth(.f32, bigEndian: true) == 4)
        #expect(HostOrder.swapWidth(.bf16, bigEndian: true) == 0)
        #expect(HostOrder.swapWidth(.q8_0, bigEndian: true) == 0)
        #expect(HostOrder.swapWidth(.f32, bigEndian: false) == 0)
    }
}
