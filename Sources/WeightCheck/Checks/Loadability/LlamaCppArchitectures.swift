// LlamaCppArchitectures: the tensors each covered architecture creates, transcribed by hand from
// `load_arch_tensors` in src/models/<arch>.cpp of the llama.cpp that LlamaCppContract.version names — same
// order, same shapes, same optional tensors — and held against llama.cpp's own loader by testdata/loadability.

extension LlamaCppContract {
    /// The architectures whose tensor table is transcribed here.
    static let coveredArchitectures: Set<String> = [
        "llama", "mistral3", "qwen2", "qwen2moe", "qwen3", "qwen3moe", "gemma", "gemma2", "gemma3", "phi3",
        "deepseek2", "gpt-oss", "bert", "nomic-bert",
    ]

    /// Architecture-specific keys (`load_arch_hparams`): the required ones refused when absent.
    static func readArchitectureKeys(_ h: inout LlamaCppHyperparameters, _ keys: inout LlamaCppKeyReader) {
        switch h.architecture {
        case "bert", "nomic-bert":
            _ = keys.f32("attention.layer_norm_epsilon", required: true)
        default:
            _ = keys.f32("attention.layer_norm_rms_epsilon", required: true)
        }
        switch h.architecture {
        case "qwen2moe":
            h.expertFeedForwardLength = keys.u32OrArray("expert_feed_forward_length", layers: h.blockCount) ?? 0
            h.expertSharedFeedForwardLength = keys.u32("expert_shared_feed_forward_length") ?? 0
        case "qwen3moe":
            h.expertFeedForwardLength = keys.u32OrArray("expert_feed_forward_length", layers: h.blockCount) ?? 0
        case "gpt-oss":
            h.expertFeedForwardLength = keys.u32OrArray("expert_feed_forward_length", layers: h.blockCount, required: true) ?? 0
            h.slidingWindow = keys.u32("attention.sliding_window", required: true)
        case "deepseek2":
            let lite = [26, 27].contains(h.blockCount) || (h.blockCount == 48 && h.vocabularySize == 128256)
            h.leadingDenseBlockCount = keys.u32("leading_dense_block_count") ?? 0
            if !lite { h.queryLoraRank = keys.u32("attention.q_lora_rank", required: true) ?? 0 }
            h.keyValueLoraRank = keys.u32("attention.kv_lora_rank", required: true) ?? 0
            h.keyLengthMLA = keys.u32("attention.key_length_mla") ?? 0
            h.valueLengthMLA = keys.u32("attention.value_length_mla") ?? 0
            h.expertFeedForwardLength = keys.u32OrArray("expert_feed_forward_length", layers: h.blockCount, required: true) ?? 0
            h.expertSharedCount = keys.u32("expert_shared_count", required: true) ?? 0
        default:
            break
        }
    }

    /// Replays `load_arch_tensors` of `h.architecture` into `t`. Refusals thrown before any tensor (an MoE
    /// without experts, a BERT without token types) come back as findings.
    static func createTensors(_ h: LlamaCppHyperparameters, _ t: inout LlamaCppTensorCheck, file: String) -> [Finding] {
        let e = h.embeddingLength, v = h.vocabularySize, ff = h.feedForwardLength
        let nh = h.headCount, hk = h.keyLength
        let n = h.blockCount
        switch h.architecture {
        case "llama", "mistral3", "qwen2", "qwen3", "qwen2moe", "qwen3moe", "gemma", "gemma2", "gemma3":
            let arch = h.architecture
            if arch.hasSuffix("moe") && (h.expertCount == 0 || h.expertUsedCount == 0) {
                let what = h.expertCount == 0 ? "n_expert" : "n_expert_used"
                return [Finding(.error, "llama-cpp-key", file: file, "\(what) must be > 0 for \(arch.uppercased())")]
            }
            t.create("token_embd.weight", [e, v])
            t.create("output_norm.weight", [e])
            if arch == "qwen2moe" {
                t.create("output.weight", [e, v])
            } else if arch == "gemma" || arch == "gemma2" {
                t.create("token_embd.weight", [e, v])
            } else {
                t.outputOrTied(embd: e, vocab: v)
                if arch == "qwen2" { t.create("output.bias", [v], required: false) }
            }
            if arch == "qwen3" { t.create("cls.output.weight", [e, h.classifierOutputs], required: false) }
            let qWidth = ["qwen2", "qwen2moe"].contains(arch) ? e : hk * nh
            for i in 0..<n {
                t.layer(i, "attn_norm", [e])
                let kWidth = ["qwen2", "qwen2moe", "qwen3", "qwen3moe"].contains(arch) ? h.valueWidthGQA : h.keyWidthGQA
                t.qkv(i, embd: e, q: qWidth, k: kWidth, v: h.valueWidthGQA)
                t.layer(i, "attn_output", [qWidth, e])
                if arch == "llama" || arch == "mistral3" {
                    t.layer(i, "attn_output", [e], required: false, bias: true)
                }
                if arch == "gemma2" || arch == "gemma3" { t.layer(i, "post_attention_norm", [e]) }
                if ["qwen3", "qwen3moe", "gemma3"].contains(arch) {
                    t.layer(i, "attn_k_norm", [hk])
                    t.layer(i, "attn_q_norm", [hk])
                }
                t.layer(i, "ffn_norm", [e])
                if arch == "llama" || arch == "mistral3" {
                    let factors = h.ropeScaling == "longrope" ? ["rope_factors_long", "rope_factors_short"] : ["rope_freqs"]
                    if i == 0 { for f in factors { t.create("\(f).weight", [h.ropeDimensions / 2], required: false) } }
                }
                switch arch {
                case "qwen2moe", "qwen3moe":
                    t.layer(i, "ffn_gate_inp", [e, h.expertCount])
                    let ffx = h.expertFeedForwardLength > 0 ? h.expertFeedForwardLength : ff / h.expertUsedCount
                    t.layer(i, "ffn_gate_exps", [e, ffx, h.expertCount])
                    t.layer(i, "ffn_down_exps", [ffx, e, h.expertCount])
                    t.layer(i, "ffn_up_exps", [e, ffx, h.expertCount])
                    if arch == "qwen2moe" {
                        let ffs = h.expertSharedFeedForwardLength > 0 ? h.expertSharedFeedForwardLength : ff
                        t.layer(i, "ffn_gate_inp_shexp", [e])
                        t.layer(i, "ffn_gate_shexp", [e, ffs])
                        t.layer(i, "ffn_down_shexp", [ffs, e])
                        t.layer(i, "ffn_up_shexp", [e, ffs])
                    }
                case "llama" where h.expertCount > 0, "mistral3" where h.expertCount > 0:
                    t.layer(i, "ffn_gate_inp", [e, h.expertCount])
                    t.layer(i, "ffn_gate_exps", [e, ff, h.expertCount], required: false)
                    t.layer(i, "ffn_down_exps", [ff, e, h.expertCount])
                    t.layer(i, "ffn_up_exps", [e, ff, h.expertCount])
                case "gemma", "gemma2", "gemma3":
                    t.layer(i, "ffn_gate", [e, ff])
                    t.layer(i, "ffn_up", [e, ff])
                    t.layer(i, "ffn_down", [ff, e])
                    if arch != "gemma" { t.layer(i, "post_ffw_norm", [e]) }
                default:
                    t.layer(i, "ffn_gate", [e, ff])
                    t.layer(i, "ffn_down", [ff, e])
                    t.layer(i, "ffn_up", [e, ff])
                    if arch == "llama" || arch == "mistral3" {
                        t.layer(i, "ffn_gate", [ff], required: false, bias: true)
                        t.layer(i, "ffn_down", [e], required: false, bias: true)
                        t.layer(i, "ffn_up", [ff], required: false, bias: true)
                    }
                }
            }
            if arch == "gemma3" {
                // dense_2 / dense_3 (embedding heads) are optional; their sizes come from keys this check does
                // not read, so only their presence is accepted.
                for name in ["dense_2.weight", "dense_3.weight"] where t.tensors[name] != nil {
                    t.create(name, t.tensors[name]!.info.shape.map { Int64(clamping: $0) }, required: false)
                }
            }
        case "phi3":
            t.create("token_embd.weight", [e, v])
            t.create("output_norm.weight", [e])
            t.outputOrTied(embd: e, vocab: v)
            for i in 0..<n {
                t.layer(i, "attn_norm", [e])
                t.qkv(i, embd: e, q: e, k: h.valueWidthGQA, v: h.valueWidthGQA, required: false)
                t.layer(i, "attn_output", [e, e])
                t.layer(i, "ffn_norm", [e])
                t.layer(i, "ffn_down", [ff, e])
                t.layer(i, "ffn_up", [e, 2 * ff])
                if i == 0 {
                    t.create("rope_factors_long.weight", [h.ropeDimensions / 2], required: false)
                    t.create("rope_factors_short.weight", [h.ropeDimensions / 2], required: false)
                }
            }
        case "gpt-oss":
            return createGPTOSS(h, &t)
        case "deepseek2":
            return createDeepSeek2(h, &t, file: file)
        case "bert", "nomic-bert":
            return createBERT(h, &t, file: file)
        default:
            break
        }
        return []
    }
}
