// Real llama.cpp quantizations as oracles: testdata/llamacpp/*.gguf were made by llama-quantize (with an
// llama-imatrix importance matrix) from one small F32 model, one file per type llama-quantize offers, and
// expected.json holds numpy's float64 statistics over gguf-py's dequantization of every tensor
// (testdata/make_llamacpp_quant_fixtures.py). `stats` must agree on every file and tensor, `verify` must pass.
import Foundation
import Testing
@testable import WeightCheck

@Suite struct LlamaCppQuantOracleTests {
    /// expected.json's files, by name ("Q4_K_M.gguf").
    static func expected() -> [String: [String: Any]] {
        let doc = try! TestData.json("llamacpp/expected.json") as! [String: Any]
        return doc["files"] as! [String: [String: Any]]
    }
    static let names: [String] = expected().keys.sorted()

    /// Counts are exact, and so are the minimum and maximum: each is one of ggml's float32 values, which gguf-py
    /// reproduces bit for bit (the generator checks it against ggml's own dequantizer). Mean and std are float64
    /// sums of ~10^5 values in another order: 1e-12 relative (measured: ≤ 2e-14), the mean with an absolute
    /// slack of 1e-12 of the std (a mean near zero is a difference of large sums).
    static let extremaTolerance = 0.0
    static let momentTolerance = 1e-12

    static func close(_ a: Double?, _ b: Any?, _ tolerance: Double, slack: Double = 0) -> Bool {
        guard let a, let s = b as? String, let b = Double(s) else { return a == nil && b == nil }
        return a == b || abs(a - b) <= tolerance * max(abs(a), abs(b)) + slack
    }

    @Test func everyLlamaQuantizeTypeIsPresent() {
        // A missing file would silently shrink the oracle; the types are the generator's TYPES.
        let stored = Set(Self.expected().values.flatMap { ($0["tensors"] as! [[String: Any]]).map { $0["type"] as! String } })
        for t in ["BF16", "Q8_0", "Q6_K", "Q5_K", "Q5_1", "Q5_0", "Q4_K", "Q4_1", "Q4_0", "Q3_K", "Q2_K",
                  "IQ4_XS", "IQ4_NL", "IQ3_S", "IQ3_XXS", "IQ2_S", "IQ2_XS", "IQ2_XXS", "IQ1_M", "IQ1_S",
                  "TQ2_0", "TQ1_0", "MXFP4", "F32"] {
            #expect(stored.contains(t), "no tensor of type \(t) among the llama.cpp fixtures")
        }
    }

    @Test(arguments: names)
    func statisticsEqualNumpyOverGGUFPy(_ name: String) throws {
        let file = try WeightFile(path: TestData.path("llamacpp/" + name))
        let expected = Self.expected()[name]!["tensors"] as! [[String: Any]]
        // The request the `stats` command makes.
        let r = ScanEngine(threads: 2).run([ScanRequest(file, statistics: true, tensorFilter: nil)])[0]
        try #require(r.tensors.count == expected.count, "\(name): tensor count")
        for (t, e) in zip(r.tensors, expected) {
            let where_ = "\(name) \(t.tensor.name) (\(t.tensor.type.name))"
            #expect(t.tensor.name == e["name"] as! String, "\(where_)")
            #expect(t.tensor.type.name == e["type"] as! String, "\(where_)")
            #expect(t.problem == nil, "\(where_): \(t.problem ?? "")")
            let s = try #require(t.statistics, "\(where_)")
            #expect(s.count == e["count"] as! Int, "\(where_) count")
            #expect(s.nanCount == e["nan"] as! Int, "\(where_) nan")
            #expect(s.infCount == e["inf"] as! Int, "\(where_) inf")
            #expect(s.zeroCount == e["zeros"] as! Int, "\(where_) zeros")
            #expect(s.finiteCount == e["finite"] as! Int, "\(where_) finite")
            #expect(s.badScales == 0, "\(where_) bad scales")
            let std = (e["std"] as? String).flatMap(Double.init) ?? 0
            #expect(Self.close(s.minimum, e["min"], Self.extremaTolerance), "\(where_) min \(s.minimum ?? .nan) vs \(e["min"] ?? "nil")")
            #expect(Self.close(s.maximum, e["max"], Self.extremaTolerance), "\(where_) max \(s.maximum ?? .nan) vs \(e["max"] ?? "nil")")
            #expect(Self.close(s.mean, e["mean"], Self.momentTolerance, slack: Self.momentTolerance * std),
                    "\(where_) mean \(s.mean ?? .nan) vs \(e["mean"] ?? "nil")")
            #expect(Self.close(s.std, e["std"], Self.momentTolerance), "\(where_) std \(s.std ?? .nan) vs \(e["std"] ?? "nil")")
        }
    }

    @Test(arguments: names)
    func verifyPasses(_ name: String) {
        let report = Verifier.verify([TestData.path("llamacpp/" + name)])
        let problems = report.files.flatMap(\.problems).map { "\($0.code): \($0.message)" }
        #expect(report.ok, "\(name): \(problems)")
        #expect(report.files.count == 1)
        #expect(report.files.first?.problems.filter { $0.severity == .error }.isEmpty == true, "\(name): \(problems)")
    }
}
