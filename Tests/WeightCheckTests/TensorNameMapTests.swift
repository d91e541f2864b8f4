// Tests of the Hugging Face → llama.cpp name map against gguf-py's TensorNameMap (name_map_expected.json, written by
// testdata/make_compare_fixtures.py), of the llama Q/K permutation, and of the --map / config.json readers.
import Foundation
import Testing
@testable import WeightCheck

@Suite struct TensorNameMapTests {
    static let hyper = ModelHyperparameters(headCount: 32, headCountKV: 8)

    /// The oracle's symbolic transform, resolved with `hyper`, as a `Transform`.
    static func transform(_ t: [String: Any]) -> TensorNameMap.Transform {
        switch t["kind"] as! String {
        case "none": return .none
        case "add_one": return .addOne
        case "leading_rows": return .leadingRows
        case "expert_slice": return .expertSlice(index: t["index"] as! Int)
        case "llama_permute":
            return .llamaPermute(heads: (t["heads"] as! String) == "head_count" ? 32 : 8)
        default: fatalError("unknown transform \(t)")
        }
    }

    @Test(arguments: ModelArchitecture.allCases)
    func matchesGGUFPy(architecture: ModelArchitecture) throws {
        let oracle = try CompareFixtures.json("name_map_expected.json")["map"] as! [String: [String: Any]]
        let expected = try #require(oracle[architecture.rawValue])
        // The real checkpoint names are make_compare_fixtures.py's REAL_NAMES, read from the oracle's output (a name
        // gguf-py does not map is there with null) rather than repeated here.
        let names = expected.keys.sorted()
        #expect(names.count >= 9, "\(architecture): too few names in the oracle file")
        let map = TensorNameMap(architecture: architecture, hyperparameters: Self.hyper)
        for name in names {
            let got = map.ggufName(forHF: name)
            if let want = expected[name] as? [String: Any] {
                #expect(got?.ggufName == want["gguf"] as? String, "\(architecture) \(name)")
                #expect(got?.transform == Self.transform(want["transform"] as! [String: Any]),
                        "\(architecture) \(name)")
            } else {
                #expect(got == nil, "\(architecture) \(name) should not map, got \(String(describing: got))")
            }
        }
    }

    @Test func architectureNames() {
        let cases: [(String, ModelArchitecture?)] = [
            ("llama", .llama), ("MistralForCausalLM", .llama), ("mixtral", .llama), ("qwen2_moe", .qwen2moe),
            ("Qwen3MoeForCausalLM", .qwen3moe), ("qwen3moe", .qwen3moe), ("gemma3_text", .gemma3),
            ("Gemma3ForConditionalGeneration", .gemma3), ("Gemma2ForCausalLM", .gemma2), ("BertModel", .bert),
            ("Phi3ForCausalLM", .phi3), ("qwen2", .qwen2), ("falcon", nil), ("model", nil), ("", nil),
        ]
        for (name, want) in cases { #expect(ModelArchitecture(name: name) == want, "\(name)") }
        #expect(TensorNameMap(architecture: "gpt2") == nil)
        #expect(TensorNameMap(architecture: "LlamaForCausalLM")?.architecture == .llama)
    }

    @Test func unknownHeadCountsAreUnresolved() {
        let map = TensorNameMap(architecture: .llama)
        guard case .unresolved = map.ggufName(forHF: "model.layers.0.self_attn.q_proj.weight")?.transform else {
            Issue.record("q without head count should be unresolved")
            return
        }
        let kvFromHeads = TensorNameMap(architecture: .llama, hyperparameters: ModelHyperparameters(headCount: 4))
        #expect(kvFromHeads.ggufName(forHF: "model.layers.0.self_attn.k_proj.weight")?.transform
                == .llamaPermute(heads: 4))
        let gguf = ModelHyperparameters(ggufArchitecture: "llama") { key in
            ["llama.attention.head_count": 32, "llama.attention.head_count_kv": 8][key]
        }
        #expect(gguf == ModelHyperparameters(headCount: 32, headCountKV: 8))
        #expect(ModelHyperparameters(headCount: 0, headCountKV: -3) == ModelHyperparameters())
    }

    @Test func stackedExpertsSplitIntoGateAndUp() {
        let map = TensorNameMap(architecture: .qwen3moe)
        let names = map.ggufNames(forHF: "model.layers.4.mlp.experts.gate_up_proj")
        #expect(names == [
            .init(ggufName: "blk.4.ffn_gate_exps.weight", transform: .stackedExpertHalf(0)),
            .init(ggufName: "blk.4.ffn_up_exps.weight", transform: .stackedExpertHalf(1)),
        ])
        #expect(map.ggufName(forHF: "model.layers.4.mlp.experts.down_proj")
                == .init(ggufName: "blk.4.ffn_down_exps.weight", transform: .none))
        #expect(map.ggufName(forHF: "model.layers.x.mlp.experts.1.up_proj.weight") == nil)
        #expect(map.ggufName(forHF: "model.layers.1.mlp.experts.-1.up_proj.weight") == nil)
        #expect(map.ggufName(forHF: "model.layers.1.mlp.experts.1.wrong.weight") == nil)
        #expect(map.ggufName(forHF: "model.layers.1.mlp.gate_proj.weight") == nil)  // not in QWEN3MOE's tensors
    }

    // MARK: - Llama permutation

    @Test func permuteRoundTrips() {
        var rng = SplitMix64(state: 11)
        for heads in [1, 2, 4, 8] {
            for perHead in [2, 4, 16, 64] {
                for rowLength in [1, 3, 8] {
                    let rows = heads * perHead
                    let values = (0..<rows * rowLength).map { _ in Float.random(in: -1...1, using: &rng) }
                    let p = LlamaPermutation.permute(values, rowLength: rowLength, heads: heads)
                    #expect(LlamaPermutation.unpermute(p, rowLength: rowLength, heads: heads) == values)
                    for r in 0..<rows {
                        let s = LlamaPermutation.sourceRow(ofPermutedRow: r, rows: rows, heads: heads)
                        #expect(LlamaPermutation.permutedRow(ofSourceRow: s, rows: rows, heads: heads) == r)
                    }
                }
            }
        }
        #expect(!LlamaPermutation.isValid(rows: 12, heads: 4))
        #expect(!LlamaPermutation.isValid(rows: 8, heads: 0))
        #expect(!LlamaPermutation.isValid(rows: 8, heads: Int.max))
        #expect(LlamaPermutation.isValid(rows: 16, heads: 4))
    }

    /// Matches numpy's `reshape(h, 2, d/2, n).swapaxes(1, 2)` on a hand-sized case: 2 heads of 4 rows.
    @Test func permuteMatchesConverterLayout() {
        let rows: [Float] = [0, 1, 2, 3, 4, 5, 6, 7]
        #expect(LlamaPermutation.permute(rows, rowLength: 1, heads: 2) == [0, 2, 1, 3, 4, 6, 5, 7])
    }

    /// The F16 fixture holds every Q and K exactly as the converter permuted them; unpermuting must give back the
    /// reference rounded to F16, value for value.
    @Test func unpermuteUndoesTheConverterOnTheFixture() throws {
        let st = try CompareFixtures.data("llama_ref/model.safetensors")
        let gguf = try CompareFixtures.data("llama_f16.gguf")
        var checked = 0
        for row in try CompareFixtures.rows("llama_f16") {
            guard row.transform["kind"] as? String == "llama_permute" else { continue }
            let heads = row.transform["heads"] as! Int
            let ref = CompareFixtures.decode(st, offset: row.referenceOffset, count: row.count, type: .f32)
            let cand = CompareFixtures.decode(gguf, offset: row.candidateOffset, count: row.count, type: .f16)
            let rowLength = Int(row.referenceShape.last!)
            let back = LlamaPermutation.unpermute(cand, rowLength: rowLength, heads: heads)
            #expect(back == ref.map { Float(Float16($0)) }, "\(row.candidate)")
            #expect(cand != ref.map { Float(Float16($0)) }, "\(row.candidate) was not permuted at all")
            checked += 1
        }
        #expect(checked == 4)
    }

    // MARK: - JSON inputs

    @Test func nameMapFile() throws {
        let map = try CompareJSONInput.parseNameMap(Data(#"{"a.weight": "blk.0.x.weight", "b": "c"}"#.utf8))
        #expect(map == ["a.weight": "blk.0.x.weight", "b": "c"])
        #expect(throws: CompareJSONInput.Failure.self) { try CompareJSONInput.parseNameMap(Data("[1]".utf8)) }
        #expect(throws: CompareJSONInput.Failure.self) { try CompareJSONInput.parseNameMap(Data(#"{"a": 1}"#.utf8)) }
        #expect(throws: CompareJSONInput.Failure.self) { try CompareJSONInput.parseNameMap(Data("{".utf8)) }
    }

    @Test func modelConfig() throws {
        let config = try CompareJSONInput.parseModelConfig(CompareFixtures.data("llama_ref/config.json"))
        #expect(config.architecture == .llama)
        #expect(config.hyperparameters == ModelHyperparameters(headCount: 4, headCountKV: 2))
        let nested = try CompareJSONInput.parseModelConfig(Data("""
            {"architectures": ["Gemma3ForConditionalGeneration"],
             "text_config": {"model_type": "gemma3_text", "num_attention_heads": 8, "num_key_value_heads": 4}}
            """.utf8))
        #expect(nested.architecture == .gemma3)
        #expect(nested.hyperparameters == ModelHyperparameters(headCount: 8, headCountKV: 4))
        let unknown = try CompareJSONInput.parseModelConfig(Data(#"{"model_type": "gpt2", "num_attention_heads": 2.5}"#.utf8))
        #expect(unknown.architecture == nil)
        #expect(unknown.hyperparameters.headCount == nil)
    }
}
