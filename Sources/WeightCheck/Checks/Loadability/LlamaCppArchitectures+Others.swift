// LlamaCppArchitectures+Others: the tensor tables of gpt-oss (src/models/openai-moe.cpp), deepseek2 (MLA and
// MoE, src/models/deepseek2.cpp) and the BERT encoders (src/models/bert.cpp, nomic-bert.cpp), transcribed by hand.

extension LlamaCppContract {
    static func createGPTOSS(_ h: LlamaCppHyperparameters, _ t: inout LlamaCppTensorCheck) -> [Finding] {
        let e = h.embeddingLength, v = h.vocabularySize, x = h.expertCount, ffx = h.expertFeedForwardLength
        let rot = h.ropeDimensions
        t.create("token_embd.weight", [e, v])
        t.create("output_norm.weight", [e])
        t.create("output.weight", [e, v])
        for i in 0..<h.blockCount {
            t.layer(i, "attn_norm", [e])
            t.layer(i, "post_attention_norm", [e])
            t.qkv(i, embd: e, q: h.headCount * rot, k: h.headCountKV * rot, v: h.headCountKV * rot)
            t.layer(i, "attn_output", [h.headCount * rot, e])
            t.layer(i, "attn_sinks", [h.headCount])
            t.layer(i, "ffn_gate_inp", [e, x])
            t.layer(i, "ffn_gate_exps", [e, ffx, x])
            t.layer(i, "ffn_down_exps", [ffx, e, x])
            t.layer(i, "ffn_up_exps", [e, ffx, x])
            t.layer(i, "attn_output", [e], bias: true)
            t.layer(i, "ffn_gate_inp", [x], bias: true)
            t.layer(i, "ffn_gate_exps", [ffx, x], bias: true)
            t.layer(i, "ffn_down_exps", [e, x], bias: true)
            t.layer(i, "ffn_up_exps", [ffx, x], bias: true)
        }
        return []
    }

    static func createDeepSeek2(_ h: LlamaCppHyperparameters, _ t: inout LlamaCppTensorCheck, file: String) -> [Finding] {
        let e = h.embeddingLength, v = h.vocabularySize, nh = h.headCount, x = h.expertCount
        let mla = h.keyLengthMLA != 0 && h.valueLengthMLA != 0
        let headK = mla ? h.keyLengthMLA : h.keyLength
        let headV = mla ? h.valueLengthMLA : h.valueLength
        let rope = h.ropeDimensions
        let nope = headK - rope
        if nope < 1 {
            return [Finding(.error, "llama-cpp-key", file: file,
                            "key length \(headK) leaves no non-RoPE part beside \(rope) RoPE dimensions: llama.cpp asserts n_embd_head_qk_nope >= 1")]
        }
        let qLora = h.queryLoraRank, kvLora = h.keyValueLoraRank, ffx = h.expertFeedForwardLength
        t.create("token_embd.weight", [e, v])
        t.create("output_norm.weight", [e])
        t.outputOrTied(embd: e, vocab: v)
        for i in 0..<h.blockCount {
            t.layer(i, "attn_norm", [e])
            if qLora > 0 { t.layer(i, "attn_q_a_norm", [qLora]) }
            t.layer(i, "attn_kv_a_norm", [kvLora])
            if qLora > 0 {
                t.layer(i, "attn_q_a", [e, qLora])
                t.layer(i, "attn_q_b", [qLora, nh * headK])
            } else {
                t.layer(i, "attn_q", [e, nh * headK])
            }
            t.layer(i, "attn_kv_a_mqa", [e, kvLora + rope])
            if mla {
                t.layer(i, "attn_k_b", [nope, kvLora, nh])
                t.layer(i, "attn_v_b", [kvLora, headV, nh])
            } else {
                t.layer(i, "attn_kv_b", [kvLora, nh * (nope + headV)])
            }
            t.layer(i, "attn_output", [nh * headV, e])
            t.layer(i, "ffn_norm", [e])
            if i < h.leadingDenseBlockCount {
                t.layer(i, "ffn_gate", [e, h.feedForwardLength])
                t.layer(i, "ffn_down", [h.feedForwardLength, e])
                t.layer(i, "ffn_up", [e, h.feedForwardLength])
            } else {
                t.layer(i, "ffn_gate_inp", [e, x])
                t.layer(i, "exp_probs_b", [x], required: false, bias: true)
                if x == 0 || h.expertUsedCount == 0 {
                    return [Finding(.error, "llama-cpp-key", file: file, "\(x == 0 ? "n_expert" : "n_expert_used") must be > 0")]
                }
                t.layer(i, "ffn_down_exps", [ffx, e, x])
                t.gateUpExperts(i, embd: e, ff: ffx, experts: x)
                t.layer(i, "ffn_gate_shexp", [e, ffx * h.expertSharedCount])
                t.layer(i, "ffn_down_shexp", [ffx * h.expertSharedCount, e])
                t.layer(i, "ffn_up_shexp", [e, ffx * h.expertSharedCount])
            }
        }
        return []
    }

    static func createBERT(_ h: LlamaCppHyperparameters, _ t: inout LlamaCppTensorCheck, file: String) -> [Finding] {
        let e = h.embeddingLength, v = h.vocabularySize, ff = h.feedForwardLength
        let nomic = h.architecture == "nomic-bert"
        if h.tokenTypeCount == 0 {
            return [Finding(.error, "llama-cpp-key", file: file,
                            "\(h.architecture) model needs to define token type count (tokenizer.ggml.token_type_count)")]
        }
        t.create("token_embd.weight", [e, v])
        t.create("token_types.weight", [e, h.tokenTypeCount], required: false)
        if !nomic {
            t.create("position_embd.weight", [e, h.contextLength])
            t.create("cls.weight", [e, e], required: false)
            t.create("cls.bias", [e], required: false)
            t.create("cls.output.weight", [e, h.classifierOutputs], required: false)
            t.create("cls.output.bias", [h.classifierOutputs], required: false)
        }
        t.create("token_embd_norm.weight", [e])
        t.create("token_embd_norm.bias", [e])
        for i in 0..<h.blockCount {
            t.qkv(i, embd: e, q: e, k: h.valueWidthGQA, v: h.valueWidthGQA)
            t.layer(i, "attn_output", [e, e])
            t.layer(i, "attn_output", [e], required: false, bias: true)
            t.layer(i, "attn_output_norm", [e])
            t.layer(i, "attn_output_norm", [e], bias: true)
            t.layer(i, "ffn_up", [e, ff])
            t.layer(i, "ffn_up", [ff], required: false, bias: true)
            t.layer(i, "ffn_down", [ff, e])
            t.layer(i, "ffn_down", [e], required: false, bias: true)
            if nomic { t.layer(i, "ffn_gate", [e, ff]) }
            t.layer(i, "layer_output_norm", [e])
            t.layer(i, "layer_output_norm", [e], bias: true)
        }
        return []
    }
}
