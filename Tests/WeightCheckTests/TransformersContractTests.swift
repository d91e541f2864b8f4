// The transformers contract against transformers itself: for each model_type, the weights the table expects
// are exactly what transformers' save_pretrained wrote (names and shapes), and each broken folder fails naming
// the weight transformers reported missing or mismatched (testdata/loadability/hf, make_transformers_fixtures.py).
import Foundation
import Testing
@testable import WeightCheck

@Suite struct TransformersContractTests {
    struct Fixture: Sendable, CustomStringConvertible {
        let name: String
        let modelType: String
        let tensors: [String: [Int]]?
        let missing: [String]
        let unexpected: [String]
        let mismatched: [String]
        var description: String { name }
    }

    static let fixtures: [Fixture] = {
        guard let root = try? TestData.json("loadability/hf/expected.json") as? [String: Any],
              let all = root["fixtures"] as? [String: [String: Any]] else { return [] }
        return all.keys.sorted().map { name in
            let f = all[name]!
            return Fixture(name: name, modelType: f["model_type"] as! String, tensors: f["tensors"] as? [String: [Int]],
                           missing: f["missing"] as! [String], unexpected: f["unexpected"] as! [String],
                           mismatched: f["mismatched"] as! [String])
        }
    }()

    static func findings(_ name: String) -> [Finding] {
        let folder = TestData.path("loadability/hf/\(name)")
        let report = Verifier.verify([folder], options: VerifyOptions(quick: true))
        return report.files.flatMap(\.problems) + report.layoutProblems
    }

    @Test func everyCoveredModelTypeHasAFixture() {
        #expect(Set(Self.fixtures.filter { $0.tensors != nil }.map(\.modelType)) == TransformersWeights.covered)
    }

    @Test(arguments: fixtures.filter { $0.tensors != nil })
    func tableEqualsWhatTransformersSaves(_ f: Fixture) throws {
        let data = try #require(FileManager.default.contents(atPath: TestData.path("loadability/hf/\(f.name)/config.json")))
        let config = TransformersConfig(object: try #require(try JSONParser().parse(Array(data)).objectValue))
        let expected = try #require(TransformersWeights.expected(config))
        #expect(Dictionary(uniqueKeysWithValues: expected.map { ($0.name, $0.shape) }) == f.tensors!)
        let errors = Self.findings(f.name).filter { $0.severity >= .warning }
        #expect(errors.isEmpty, "\(errors.map(\.message))")
    }

    @Test(arguments: fixtures.filter { $0.tensors == nil })
    func brokenFolderFailsNamingTheWeight(_ f: Fixture) {
        let found = Self.findings(f.name)
        let errors = found.filter { $0.severity == .error }
        for name in (f.missing + f.mismatched).prefix(8) {
            // transformers names fused MoE parameters (experts.gate_up_proj); the checkpoint has per-expert names.
            if name.contains(".experts.") { continue }
            // The first few absent weights are named one by one, the rest counted.
            #expect(errors.contains { $0.tensor == name || $0.message.contains("'\(name)'") || $0.message.contains("more weights missing") },
                    "\(name) not named: \(errors.map(\.message))")
        }
        for name in f.unexpected {
            #expect(found.contains { $0.severity == .warning && $0.tensor == name }, "\(name) not named")
        }
        if f.missing.isEmpty && f.mismatched.isEmpty && f.unexpected.isEmpty {
            // Tokenizer mutants: transformers loads the weights; the contract's own tokenizer rules apply.
            #expect(found.contains { $0.code.hasPrefix("tokenizer-") }, "\(found.map(\.message))")
        } else if f.missing.isEmpty && f.mismatched.isEmpty {
            #expect(errors.isEmpty, "\(errors.map(\.message))")
        }
    }
}
