// The scan engine against its slow twins: statistics equal numpy's (float64, via gguf-py's dequantize),
// digests equal one-shot digests, and 1, 2 or 3 workers with any chunking give the same bits.
import Foundation
import Testing
@testable import WeightCheck

@Suite struct ScanEngineTests {
    func relativeClose(_ a: Double?, _ b: Any?, _ tolerance: Double = 1e-9) -> Bool {
        guard let a, let b = (b as? NSNumber)?.doubleValue else { return a == nil && (b == nil || b is NSNull) }
        return a == b || abs(a - b) <= tolerance * max(abs(a), abs(b))
    }

    @Test(arguments: ["tiny.gguf", "align64.gguf"])
    func statisticsEqualNumpy(_ name: String) throws {
        let file = try WeightFile(path: TestData.path("gguf/" + name))
        let expected = try TestData.json("gguf/expected/\(name).stats.json") as! [[String: Any]]
        for threads in [1, 2, 3] {
            var engine = ScanEngine(threads: threads)
            engine.laneChunkBytes = 1000
            let r = engine.run([ScanRequest(file, fileDigests: [.sha256], statistics: true)])[0]
            try #require(r.tensors.count == expected.count)
            for (t, e) in zip(r.tensors, expected) {
                let s = try #require(t.statistics, "\(t.tensor.name)")
                #expect(t.tensor.name == e["name"] as! String)
                #expect(s.count == e["count"] as! Int)
                #expect(s.nanCount == e["nan"] as! Int)
                #expect(s.infCount == e["inf"] as! Int)
                #expect(s.zeroCount == e["zeros"] as! Int, "\(t.tensor.name)")
                #expect(relativeClose(s.minimum, e["min"]), "\(t.tensor.name) min")
                #expect(relativeClose(s.maximum, e["max"]), "\(t.tensor.name) max")
                #expect(relativeClose(s.mean, e["mean"]), "\(t.tensor.name) mean \(String(describing: s.mean))")
                #expect(relativeClose(s.std, e["std"]), "\(t.tensor.name) std")
            }
            let bytes = [UInt8].contents(of: TestData.path("gguf/" + name))
            #expect(r.digests[.sha256]?.hexString == bytes.sha256Hex)
        }
    }

    @Test func parallelEqualsSerialOnSplitTensors() throws {
        let dir = TemporaryDirectory()
        let p = dir.write("m.gguf", ggufWithMatrix(rows: 2048, cols: 1024))  // 8 MiB: several items
        let file = try WeightFile(path: p)
        let request = ScanRequest(file, fileDigests: [.sha256, .xxh128], tensorDigests: [.xxh3, .sha256], statistics: true)
        var reference: ScanResult? = nil
        for threads in [1, 2, 3] {
            for chunk in [4096, 1 << 20, 4 << 20] {
                var engine = ScanEngine(threads: threads)
                engine.laneChunkBytes = chunk
                engine.maximumLead = 1 << 20
                let r = engine.run([request])[0]
                guard let ref = reference else { reference = r; continue }
                #expect(r.digests == ref.digests)
                for (a, b) in zip(r.tensors, ref.tensors) {
                    #expect(a.statistics == b.statistics, "threads \(threads) chunk \(chunk) \(a.tensor.name)")
                    #expect(a.digests == b.digests)
                }
            }
        }
        let bytes = [UInt8].contents(of: p)
        #expect(reference?.digests[.sha256]?.hexString == bytes.sha256Hex)
        for t in reference!.tensors {
            let slice = Array(bytes[t.tensor.byteRange])
            #expect(t.digests[.sha256]?.hexString == slice.sha256Hex)
            #expect(slice.withUnsafeBytes { XXH3_64.digest(of: $0) } == t.digests[.xxh3])
        }
    }

    @Test func manyFilesInParallelKeepTheirOrder() throws {
        let dir = TemporaryDirectory()
        var requests: [ScanRequest] = []
        var expected: [String] = []
        for k in 0..<7 {
            let bytes = ggufWithMatrix(rows: 16 * (k + 1), cols: 64, seed: UInt64(k))
            let p = dir.write("m\(k).gguf", bytes)
            requests.append(ScanRequest(try WeightFile(path: p), fileDigests: [.sha256], statistics: true))
            expected.append(bytes.sha256Hex)
        }
        let results = ScanEngine(threads: 2).run(requests)
        #expect(results.map { $0.digests[.sha256]!.hexString } == expected)
    }

    @Test func trailingZeros() {
        let cases: [([UInt8], Int)] = [([], 0), ([0], 1), ([1], 0), ([1, 0, 0], 2), (Array(repeating: 0, count: 21), 21),
                                       ([1] + Array(repeating: 0, count: 17), 17), ([0, 0, 1], 0)]
        for (bytes, n) in cases { #expect(bytes.withUnsafeBytes { TrailingZeros.count(in: $0) } == n) }
    }
}
