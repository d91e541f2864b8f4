// TransformersWeights: the weights each covered transformers model class holds, with the shapes config.json
// implies — transcribed from transformers' modeling code and held against transformers 5.24's own
// save_pretrained output by testdata/loadability/hf (make_transformers_fixtures.py).

/// One weight a transformers model needs: checkpoint name (with the base-model prefix) and shape, outermost first.
struct TransformersWeight: Equatable {
    let name: String
    let shape: [Int]
    /// A weight whose absence transformers tolerates in practice (BERT's pooler): a warning, not an error.
    var optional = false
}

/// Reads config.json values with transformers' defaults.
struct TransformersConfig {
    let object: JSONObject
    func int(_ key: String) -> Int? { object[key]?.intValue }
    func int(_ key: String, _ fallback: Int) -> Int { object[key]?.intValue ?? fallback }
    func bool(_ key: String, _ fallback: Bool) -> Bool { object[key]?.boolValue ?? fallback }
    var modelType: String? { object["model_type"]?.stringValue }
}

enum TransformersWeights {
    /// The model types whose weights are listed here.
    static let covered: Set<String> = ["llama", "mistral", "qwen2", "qwen2_moe", "qwen3", "qwen3_moe", "gemma", "gemma2",
                                       "gemma3_text", "phi3", "deepseek_v3", "bert"]

    /// The base-model prefix transformers strips or adds when loading (`base_model_prefix`).
    static func prefix(_ modelType: String) -> String { modelType == "bert" ? "bert." : "model." }

    /// Every weight of the model class for `config`; nil when a size the shapes need is absent from config.json.
    static func expected(_ c: TransformersConfig) -> [TransformersWeight]? {
        guard let type = c.modelType, covered.contains(type) else { return nil }
        if type == "bert" { return bert(c) }
        guard let e = c.int("hidden_size"), let v = c.int("vocab_size"), let n = c.int("num_hidden_layers"),
              let nh = c.int("num_attention_heads") else { return nil }
        let ff = c.int("intermediate_size", 0)
        let kv = c.int("num_key_value_heads", nh)
        let hd = c.int("head_dim") ?? e / max(nh, 1)
        var w: [TransformersWeight] = [TransformersWeight(name: "model.embed_tokens.weight", shape: [v, e])]
        func add(_ name: String, _ shape: [Int]) { w.append(TransformersWeight(name: name, shape: shape)) }
        let qkvBias = type == "qwen2" || (type == "qwen2_moe" && c.bool("qkv_bias", true))
            || (["llama", "qwen3", "qwen3_moe"].contains(type) && c.bool("attention_bias", false))
        for i in 0..<n {
            let l = "model.layers.\(i)."
            add(l + "input_layernorm.weight", [e])
            switch type {
            case "phi3":
                add(l + "self_attn.qkv_proj.weight", [nh * hd + 2 * kv * hd, e])
                add(l + "self_attn.o_proj.weight", [e, nh * hd])
            case "deepseek_v3":
                let rope = c.int("qk_rope_head_dim", 64), nope = c.int("qk_nope_head_dim", 128)
                let vh = c.int("v_head_dim", 128), kvl = c.int("kv_lora_rank", 512)
                if let ql = c.int("q_lora_rank") {
                    add(l + "self_attn.q_a_proj.weight", [ql, e])
                    add(l + "self_attn.q_a_layernorm.weight", [ql])
                    add(l + "self_attn.q_b_proj.weight", [nh * (nope + rope), ql])
                } else {
                    add(l + "self_attn.q_proj.weight", [nh * (nope + rope), e])
                }
                add(l + "self_attn.kv_a_proj_with_mqa.weight", [kvl + rope, e])
                add(l + "self_attn.kv_a_layernorm.weight", [kvl])
                add(l + "self_attn.kv_b_proj.weight", [nh * (nope + vh), kvl])
                add(l + "self_attn.o_proj.weight", [e, nh * vh])
            default:
                add(l + "self_attn.q_proj.weight", [nh * hd, e])
                add(l + "self_attn.k_proj.weight", [kv * hd, e])
                add(l + "self_attn.v_proj.weight", [kv * hd, e])
                add(l + "self_attn.o_proj.weight", [e, nh * hd])
                if qkvBias {
                    add(l + "self_attn.q_proj.bias", [nh * hd])
                    add(l + "self_attn.k_proj.bias", [kv * hd])
                    add(l + "self_attn.v_proj.bias", [kv * hd])
                }
                if ["qwen3", "qwen3_moe"].contains(type) && c.bool("attention_bias", false) {
                    add(l + "self_attn.o_proj.bias", [e])
                }
                if ["qwen3", "qwen3_moe", "gemma3_text"].contains(type) {
                    add(l + "self_attn.q_norm.weight", [hd])
                    add(l + "self_attn.k_norm.weight", [hd])
                }
            }
            add(l + "post_attention_layernorm.weight", [e])
            if type == "gemma2" || type == "gemma3_text" {
                add(l + "pre_feedforward_layernorm.weight", [e])
                add(l + "post_feedforward_layernorm.weight", [e])
            }
            mlp(c, type: type, layer: i, prefix: l + "mlp.", embd: e, ff: ff, into: &w)
        }
        add("model.norm.weight", [e])
        let tiedByDefault = ["gemma", "gemma2", "gemma3_text"].contains(type)
        // A base model (`architectures: ["LlamaModel"]`) has no head; a *ForCausalLM has one unless it is tied.
        let headless = (c.object["architectures"]?.arrayValue?.first?.stringValue).map { !$0.contains("For") } ?? false
        if !headless && !c.bool("tie_word_embeddings", tiedByDefault) { add("lm_head.weight", [v, e]) }
        return w
    }

    /// The feed-forward weights of decoder layer `i`: dense, or routed experts (and shared experts).
    static func mlp(_ c: TransformersConfig, type: String, layer i: Int, prefix m: String, embd e: Int, ff: Int,
                    into w: inout [TransformersWeight]) {
        func add(_ name: String, _ shape: [Int]) { w.append(TransformersWeight(name: name, shape: shape)) }
        func dense(_ p: String, _ f: Int) {
            add(p + "gate_proj.weight", [f, e])
            add(p + "up_proj.weight", [f, e])
            add(p + "down_proj.weight", [e, f])
        }
        switch type {
        case "phi3":
            add(m + "gate_up_proj.weight", [2 * ff, e])
            add(m + "down_proj.weight", [e, ff])
        case "qwen2_moe", "qwen3_moe":
            let experts = c.int("num_experts") ?? c.int("num_local_experts", 0), step = c.int("decoder_sparse_step", 1)
            let denseOnly = (c.object["mlp_only_layers"]?.arrayValue ?? []).compactMap(\.intValue)
            guard experts > 0, !denseOnly.contains(i), step > 0, (i + 1) % step == 0 else { return dense(m, ff) }
            let fx = c.int("moe_intermediate_size", ff)
            add(m + "gate.weight", [experts, e])
            for x in 0..<experts { dense(m + "experts.\(x).", fx) }
            if type == "qwen2_moe" {
                dense(m + "shared_expert.", c.int("shared_expert_intermediate_size", ff))
                add(m + "shared_expert_gate.weight", [1, e])
            }
        case "deepseek_v3":
            let experts = c.int("n_routed_experts", 0)
            guard experts > 0, i >= c.int("first_k_dense_replace", 0) else { return dense(m, ff) }
            let fx = c.int("moe_intermediate_size", ff)
            add(m + "gate.weight", [experts, e])
            add(m + "gate.e_score_correction_bias", [experts])
            for x in 0..<experts { dense(m + "experts.\(x).", fx) }
            dense(m + "shared_experts.", fx * c.int("n_shared_experts", 1))
        case "llama" where c.bool("mlp_bias", false):
            dense(m, ff)
            add(m + "gate_proj.bias", [ff])
            add(m + "up_proj.bias", [ff])
            add(m + "down_proj.bias", [e])
        default:
            dense(m, ff)
        }
    }

    /// `BertModel` (with pooler), names without the `bert.` prefix.
    static func bert(_ c: TransformersConfig) -> [TransformersWeight]? {
        guard let e = c.int("hidden_size"), let v = c.int("vocab_size"), let n = c.int("num_hidden_layers"),
              let ff = c.int("intermediate_size") else { return nil }
        var w: [TransformersWeight] = []
        func add(_ name: String, _ shape: [Int], optional: Bool = false) {
            w.append(TransformersWeight(name: name, shape: shape, optional: optional))
        }
        add("embeddings.word_embeddings.weight", [v, e])
        add("embeddings.position_embeddings.weight", [c.int("max_position_embeddings", 512), e])
        add("embeddings.token_type_embeddings.weight", [c.int("type_vocab_size", 2), e])
        add("embeddings.LayerNorm.weight", [e])
        add("embeddings.LayerNorm.bias", [e])
        for i in 0..<n {
            let l = "encoder.layer.\(i)."
            for part in ["query", "key", "value"] {
                add(l + "attention.self.\(part).weight", [e, e])
                add(l + "attention.self.\(part).bias", [e])
            }
            add(l + "attention.output.dense.weight", [e, e])
            add(l + "attention.output.dense.bias", [e])
            add(l + "attention.output.LayerNorm.weight", [e])
            add(l + "attention.output.LayerNorm.bias", [e])
            add(l + "intermediate.dense.weight", [ff, e])
            add(l + "intermediate.dense.bias", [ff])
            add(l + "output.dense.weight", [e, ff])
            add(l + "output.dense.bias", [e])
            add(l + "output.LayerNorm.weight", [e])
            add(l + "output.LayerNorm.bias", [e])
        }
        add("pooler.dense.weight", [e, e], optional: true)
        add("pooler.dense.bias", [e], optional: true)
        return w
    }
}
