// The llama.cpp loader contract against llama.cpp itself: every fixture of testdata/loadability (tiny models of
// each covered architecture and their mutants) must pass exactly when llama.cpp's loader loaded it, and fail
// naming what llama.cpp named (its message, recorded in expected.json by make_loadability_fixtures.py).
import Foundation
import Testing
@testable import WeightCheck

@Suite struct LoadabilityFixtureTests {
    struct Expectation: Sendable, CustomStringConvertible {
        let name: String
        let loads: Bool
        let error: String?
        var description: String { name }
    }

    static let expectations: [Expectation] = {
        guard let root = try? TestData.json("loadability/expected.json") as? [String: Any],
              let fixtures = root["fixtures"] as? [String: [String: Any]] else { return [] }
        return fixtures.keys.sorted().map { name in
            Expectation(name: name, loads: fixtures[name]!["loads"] as! Bool, error: fixtures[name]!["error"] as? String)
        }
    }()

    @Test func everyFixtureHasAVerdict() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: TestData.path("loadability"))
            .filter { $0.hasSuffix(".gguf") }.map { String($0.dropLast(5)) }
        #expect(Set(files) == Set(Self.expectations.map(\.name)))
        #expect(Self.expectations.count >= 60)
        #expect(Self.expectations.contains { $0.loads } && Self.expectations.contains { !$0.loads })
    }

    @Test(arguments: expectations)
    func verifyAgreesWithLlamaCpp(_ e: Expectation) {
        let path = TestData.path("loadability/\(e.name).gguf")
        let report = Verifier.verify([path], options: VerifyOptions(quick: true))
        let errors = report.files.flatMap(\.problems).filter { $0.severity == .error }
        if e.loads {
            #expect(errors.isEmpty, "llama.cpp loads \(e.name), verify says: \(errors.map(\.message))")
        } else {
            // llama.cpp wraps hyperparameter and vocabulary refusals ("error loading model vocabulary: …").
            var said = (e.error ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            for wrapper in ["error loading model hyperparameters: ", "error loading model vocabulary: "]
            where said.hasPrefix(wrapper) { said.removeFirst(wrapper.count) }
            #expect(!errors.isEmpty, "llama.cpp refuses \(e.name) (\(said)), verify finds no error")
            #expect(errors.contains { $0.message.contains(said) },
                    "llama.cpp: \(said)\nverify: \(errors.map(\.message))")
        }
    }

    @Test func contractNamesTheVersionItFollows() {
        #expect(LlamaCppContract.version.contains("0.3.36"))
        #expect(LlamaCppContract.coveredArchitectures.count == 14)
        #expect(LlamaCppContract.coveredArchitectures.isSubset(of: LlamaCppContract.knownArchitectures))
    }
}

@Suite struct LoadabilityCommittedFixtureTests {
    /// The other committed GGUF fixtures are format fixtures, not models (no tokenizer.ggml.model): the contract
    /// must not fail them, only note (once) that llama.cpp would not load them as models.
    @Test(arguments: ["gguf/tiny.gguf", "gguf/align64.gguf", "gguf/bigendian.gguf", "compare/llama_f16.gguf",
                      "compare/llama_q8_0.gguf", "compare/llama_q4_0.gguf", "compare/llama_q5_1.gguf"])
    func formatFixturesAreNotFailed(_ relative: String) throws {
        let g = try GGUFFile(path: TestData.path(relative))
        let result = LlamaCppContract.check([(relative, g)])
        #expect(!result.judged)
        #expect(result.findings.allSatisfy { $0.severity == .note })
        #expect(result.findings.count <= 1)
    }

    @Test func aCompleteSplitSetIsJudgedAsOneModel() {
        let report = Verifier.verify([TestData.path("gguf/split")], options: VerifyOptions(quick: true))
        let loadability = report.files.flatMap(\.problems).filter { $0.code.hasPrefix("llama-cpp") && $0.severity == .error }
        #expect(loadability.isEmpty)
    }
}

@Suite struct LoadabilityArchitectureTests {
    /// gemma3.gguf with its `general.architecture` value (not the keys) renamed to `name` of the same length.
    static func renamed(to name: String, in dir: TemporaryDirectory) throws -> String {
        var bytes = [UInt8].contents(of: TestData.path("loadability/gemma3.gguf"))
        let key = Array("general.architecture".utf8), old = Array("gemma3".utf8)
        let k = try #require((0...(bytes.count - key.count)).first { Array(bytes[$0..<($0 + key.count)]) == key })
        let v = try #require((k...(bytes.count - old.count)).first { Array(bytes[$0..<($0 + old.count)]) == old })
        bytes.replaceSubrange(v..<(v + old.count), with: Array(name.utf8))
        return dir.write("\(name).gguf", bytes)
    }

    @Test func architectureKnownToLlamaCppButNotCoveredIsAWarning() throws {
        let dir = TemporaryDirectory()
        let path = try Self.renamed(to: "falcon", in: dir)
        let problems = Verifier.verify([path], options: VerifyOptions(quick: true)).files.flatMap(\.problems)
        #expect(problems.map(\.code) == ["loadability-unchecked"])
        #expect(problems.first?.severity == .warning)
        #expect(problems.first?.message.hasPrefix("loadability not checked for falcon") == true)
    }

    @Test func architectureUnknownToLlamaCppIsAnError() throws {
        let dir = TemporaryDirectory()
        let path = try Self.renamed(to: "gemma9", in: dir)
        let problems = Verifier.verify([path], options: VerifyOptions(quick: true)).files.flatMap(\.problems)
        #expect(problems.map(\.code) == ["llama-cpp-architecture"])
        #expect(problems.first?.message.hasPrefix("unknown model architecture: 'gemma9'") == true)
    }
}

@Suite struct LoadMemoryTests {
    /// Llama 3 8B: 32 layers, 8 KV heads of 128 — llama.cpp reports "KV self size = 1024.00 MiB" at n_ctx 8192.
    @Test func llama3KVCacheAt8K() {
        var h = LlamaCppHyperparameters(architecture: "llama")
        h.blockCount = 32
        h.headCount = 32
        h.headCountKV = 8
        h.keyLength = 128
        h.valueLength = 128
        #expect(LoadMemory(h, weights: 0, context: 8192).kvCache == 1024 << 20)
        #expect(LoadMemory(h, weights: 5, context: 4096).total == (512 << 20) + 5)
    }

    /// gemma3 keeps every 6th layer at full context, the others at the sliding window.
    @Test func slidingWindowLayersKeepTheirWindow() throws {
        let g = try GGUFFile(path: TestData.path("loadability/gemma3.gguf"))
        var h = try #require(LlamaCppContract.hyperparameters(g))
        #expect(h.blockCount == 2 && h.embeddingLength == 16 && h.headCount == 4 && h.headCountKV == 2)
        #expect(h.contextLength == 128 && h.slidingWindow == 64 && h.vocabularySize == 32)
        let perTokenLayer: Int64 = (8 + 8) * 2
        #expect(LoadMemory(h, weights: 0, context: 4096).kvCache == 2 * 64 * perTokenLayer)
        h.blockCount = 6
        #expect(LoadMemory(h, weights: 0, context: 4096).kvCache == 5 * 64 * perTokenLayer + 4096 * perTokenLayer)
    }
}
