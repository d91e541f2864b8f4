// TensorNameMap: Hugging Face → llama.cpp (GGUF) tensor names for the architectures `compare` knows, with the
// transform convert_hf_to_gguf.py applied to the values. Facts from gguf-py (tensor_mapping.py, constants.py).

/// Translates Hugging Face tensor names to the names llama.cpp's converter gives them, and says what the converter
/// did to the values on the way, so that `compare` can undo it.
///
/// The table is a concise restatement of gguf-py's `TensorNameMap` restricted to `MODEL_TENSORS[arch]` for the
/// architectures of `ModelArchitecture`, plus the converter's own renames and skips:
/// - every architecture: `*.rotary_emb.inv_freq`, `*.attention.bias`, `*.attention.masked_bias` are not converted;
/// - llama (also Mistral, Mixtral): Q and K weights and biases are row-permuted per head (`LlamaModel.permute`);
///   Mixtral experts `block_sparse_moe.experts.E.w1|w2|w3` are stacked into `ffn_gate|down|up_exps`;
/// - qwen2moe / qwen3moe: experts `mlp.experts.E.*_proj` stacked into `ffn_*_exps`; a checkpoint that already
///   stacks them (`mlp.experts.gate_up_proj`, transformers 5) is split into gate and up halves per expert;
/// - gemma, gemma2, gemma3: every `*norm.weight` is stored plus one; gemma and gemma2 drop `lm_head`; gemma3 drops
///   embedding rows past the real vocabulary and strips `language_model.` from multimodal checkpoints;
/// - phi3: fused `qkv_proj` and `gate_up_proj` stay fused (`attn_qkv`, `ffn_up`);
/// - bert: a leading `bert.` is stripped, `.gamma`/`.beta` read as `.weight`/`.bias`, the pooler and heads dropped.
public struct TensorNameMap: Sendable {
    /// What the converter did to a tensor's values; `compare` applies it to the reference (or, equivalently,
    /// pairs candidate rows with the reference rows they came from) before computing figures.
    public enum Transform: Sendable, Hashable {
        /// Stored as is.
        case none
        /// Rows permuted per head by `LlamaModel.permute`: `heads` is `head_count` for Q and `head_count_kv`
        /// for K (the converter's `permute(w, n_head, n_head_kv)` uses `n_head_kv` whenever it differs).
        case llamaPermute(heads: Int)
        /// Stored plus one (Gemma's `(1 + w)` RMSNorm weights).
        case addOne
        /// The reference is expert `index` of a candidate that stacks all experts on its outermost dimension.
        case expertSlice(index: Int)
        /// The candidate holds only these reference rows. With a `period`, the range repeats every `period`
        /// rows (a per-expert half of a stacked `gate_up_proj`); without one it is taken once.
        case rowSlice(Range<Int>, period: Int? = nil)
        /// The candidate holds the reference's first rows, as many as it has (resolved to `rowSlice` once the
        /// candidate's shape is known): Gemma 3 drops embedding rows past the real vocabulary.
        case leadingRows
        /// Half `half` (0: gate, 1: up) of each expert's rows of a stacked `gate_up_proj` (resolved to a
        /// periodic `rowSlice` once the reference's shape is known).
        case stackedExpertHalf(Int)
        /// The converter transformed the values in a way that cannot be undone with what is known
        /// (for example a llama Q weight when the head count is unknown); the reason says what is missing.
        case unresolved(String)
    }

    /// One translation: the GGUF name and the transform to undo.
    public struct MappedName: Sendable, Hashable {
        /// The tensor's name in the GGUF file.
        public var ggufName: String
        /// What the converter did to the values.
        public var transform: Transform

        /// A translation to `ggufName` with `transform`.
        public init(ggufName: String, transform: Transform) {
            self.ggufName = ggufName
            self.transform = transform
        }
    }

    /// The architecture whose table is used.
    public let architecture: ModelArchitecture
    /// Head counts for the llama permutation.
    public let hyperparameters: ModelHyperparameters
    private let globals: [String: String]
    private let blockTable: [String: String]

    /// A map for `architecture`.
    public init(architecture: ModelArchitecture, hyperparameters: ModelHyperparameters = ModelHyperparameters()) {
        self.architecture = architecture
        self.hyperparameters = hyperparameters
        self.globals = TensorNameMap.globals(architecture)
        self.blockTable = TensorNameMap.blockTable(architecture)
    }

    /// A map for an architecture named as `ModelArchitecture(name:)` accepts, or nil when it is not one of them.
    public init?(architecture name: String, hyperparameters: ModelHyperparameters = ModelHyperparameters()) {
        guard let arch = ModelArchitecture(name: name) else { return nil }
        self.init(architecture: arch, hyperparameters: hyperparameters)
    }

    /// The GGUF tensor that `hfName` becomes, or nil when the converter drops the tensor or the table does not
    /// know it. Where one HF tensor becomes several (a stacked `gate_up_proj`), this is the first; see `ggufNames`.
    public func ggufName(forHF hfName: String) -> MappedName? {
        ggufNames(forHF: hfName).first
    }

    /// Every GGUF tensor that `hfName` becomes (empty when none).
    public func ggufNames(forHF hfName: String) -> [MappedName] {
        guard let (base, suffix) = splitSuffix(normalized(hfName)) else { return [] }
        if let expert = expertName(base) {
            return expert.map { MappedName(ggufName: $0.name + suffix, transform: $0.transform) }
        }
        let gguf: String
        if let global = globals[base] {
            gguf = global
        } else if let (block, rest) = splitBlock(base), let name = blockTable[rest] {
            gguf = "blk.\(block).\(name)"
        } else {
            return []
        }
        return [MappedName(ggufName: gguf + suffix, transform: transform(forNormalized: base + suffix))]
    }

    // MARK: - Name handling

    private static let skippedSuffixes = [".rotary_emb.inv_freq", ".attention.masked_bias", ".attention.bias"]

    /// The name the converter hands to gguf-py's map, or "" when the converter drops the tensor.
    private func normalized(_ name: String) -> String {
        if TensorNameMap.skippedSuffixes.contains(where: { name.hasSuffix($0) }) { return "" }
        var n = name
        switch architecture {
        case .bert:
            if n.hasPrefix("bert.") { n.removeFirst(5) }
            if n.hasSuffix(".gamma") { n = String(n.dropLast(6)) + ".weight" }
            if n.hasSuffix(".beta") { n = String(n.dropLast(5)) + ".bias" }
            if n.hasPrefix("pooler.") || n.hasPrefix("cls.") || n == "embeddings.position_ids" { return "" }
        case .gemma3, .qwen2moe, .qwen3moe:
            n = n.replacing("language_model.", with: "")
        case .gemma, .gemma2:
            if n == "lm_head.weight" { return "" }
        default:
            break
        }
        return n
    }

    /// Splits `x.weight` / `x.bias` into base and suffix; nil for anything else.
    private func splitSuffix(_ name: String) -> (String, String)? {
        for suffix in [".weight", ".bias"] where name.hasSuffix(suffix) && name.count > suffix.count {
            return (String(name.dropLast(suffix.count)), suffix)
        }
        // Stacked experts may come without `.weight` (transformers 5 parameters).
        if name.hasSuffix("mlp.experts.gate_up_proj") || name.hasSuffix("mlp.experts.down_proj") {
            return (name, ".weight")
        }
        return nil
    }

    /// `model.layers.12.self_attn.q_proj` → (12, "self_attn.q_proj"); bert's `encoder.layer.12.…` likewise.
    private func splitBlock(_ base: String) -> (Int, String)? {
        let prefix = architecture == .bert ? "encoder.layer." : "model.layers."
        guard base.hasPrefix(prefix) else { return nil }
        let tail = base.dropFirst(prefix.count)
        guard let dot = tail.firstIndex(of: "."), let block = Int(tail[..<dot]), block >= 0 else { return nil }
        return (block, String(tail[tail.index(after: dot)...]))
    }

    /// The transform for a (normalized, suffixed) name that is not an expert.
    private func transform(forNormalized name: String) -> Transform {
        switch architecture {
        case .llama:
            if name.hasSuffix("self_attn.q_proj.weight") || name.hasSuffix("self_attn.q_proj.bias") {
                guard let heads = hyperparameters.headCount else {
                    return .unresolved("head count unknown: cannot undo the q permutation")
                }
                return .llamaPermute(heads: heads)
            }
            if name.hasSuffix("self_attn.k_proj.weight") || name.hasSuffix("self_attn.k_proj.bias") {
                guard let heads = hyperparameters.keyHeads else {
                    return .unresolved("key/value head count unknown: cannot undo the k permutation")
                }
                return .llamaPermute(heads: heads)
            }
        case .gemma, .gemma2, .gemma3:
            if name.hasSuffix("norm.weight") { return .addOne }
            if architecture == .gemma3 && name == "model.embed_tokens.weight" { return .leadingRows }
        default:
            break
        }
        return .none
    }

    /// Expert tensors: `model.layers.N.mlp.experts.E.gate_proj` and the like.
    private func expertName(_ base: String) -> [(name: String, transform: Transform)]? {
        guard let (block, rest) = splitBlock(base) else { return nil }
        let stems: [(prefix: String, parts: [String: String])]
        switch architecture {
        case .qwen2moe, .qwen3moe:
            if rest == "mlp.experts.gate_up_proj" {
                return [("blk.\(block).ffn_gate_exps", .stackedExpertHalf(0)),
                        ("blk.\(block).ffn_up_exps", .stackedExpertHalf(1))]
            }
            if rest == "mlp.experts.down_proj" { return [("blk.\(block).ffn_down_exps", .none)] }
            stems = [("mlp.experts.", ["gate_proj": "ffn_gate_exps", "up_proj": "ffn_up_exps",
                                       "down_proj": "ffn_down_exps"])]
        case .llama:
            stems = [("block_sparse_moe.experts.", ["w1": "ffn_gate_exps", "w2": "ffn_down_exps", "w3": "ffn_up_exps"])]
        default:
            return nil
        }
        for (prefix, parts) in stems where rest.hasPrefix(prefix) {
            let tail = rest.dropFirst(prefix.count)
            guard let dot = tail.firstIndex(of: "."), let expert = Int(tail[..<dot]), expert >= 0,
                  let part = parts[String(tail[tail.index(after: dot)...])] else { return nil }
            return [("blk.\(block).\(part)", .expertSlice(index: expert))]
        }
        return nil
    }

    // MARK: - Tables (gguf-py TensorNameMap ∩ MODEL_TENSORS[arch])

    private static func globals(_ architecture: ModelArchitecture) -> [String: String] {
        switch architecture {
        case .bert:
            return ["embeddings.word_embeddings": "token_embd", "embeddings.position_embeddings": "position_embd",
                    "embeddings.token_type_embeddings": "token_types", "embeddings.LayerNorm": "token_embd_norm"]
        case .gemma, .gemma2:  // no OUTPUT tensor in MODEL_TENSORS (tied embeddings)
            return ["model.embed_tokens": "token_embd", "model.norm": "output_norm"]
        default:
            return ["model.embed_tokens": "token_embd", "model.norm": "output_norm", "lm_head": "output"]
        }
    }

    private static let attention = [
        "input_layernorm": "attn_norm", "self_attn.q_proj": "attn_q", "self_attn.k_proj": "attn_k",
        "self_attn.v_proj": "attn_v", "self_attn.o_proj": "attn_output",
    ]
    private static let qkNorm = ["self_attn.q_norm": "attn_q_norm", "self_attn.k_norm": "attn_k_norm"]
    private static let denseFFN = [
        "post_attention_layernorm": "ffn_norm", "mlp.gate_proj": "ffn_gate", "mlp.up_proj": "ffn_up",
        "mlp.down_proj": "ffn_down",
    ]
    private static let gemma2Norms = [
        "post_attention_layernorm": "post_attention_norm", "pre_feedforward_layernorm": "ffn_norm",
        "post_feedforward_layernorm": "post_ffw_norm",
    ]
    private static let router = ["post_attention_layernorm": "ffn_norm", "mlp.gate": "ffn_gate_inp"]
    private static let sharedExpert = [
        "mlp.shared_expert.gate_proj": "ffn_gate_shexp", "mlp.shared_expert.up_proj": "ffn_up_shexp",
        "mlp.shared_expert.down_proj": "ffn_down_shexp", "mlp.shared_expert_gate": "ffn_gate_inp_shexp",
    ]
    private static let bertBlock = [
        "attention.self.query": "attn_q", "attention.self.key": "attn_k", "attention.self.value": "attn_v",
        "attention.output.dense": "attn_output", "attention.output.LayerNorm": "attn_output_norm",
        "intermediate.dense": "ffn_up", "output.dense": "ffn_down", "output.LayerNorm": "layer_output_norm",
    ]

    /// Block tensors (the part after `model.layers.N.`) → GGUF names (the part after `blk.N.`).
    private static func blockTable(_ architecture: ModelArchitecture) -> [String: String] {
        let t = TensorNameMap.self
        switch architecture {
        case .llama: return t.merged(t.attention, t.denseFFN, ["block_sparse_moe.gate": "ffn_gate_inp"])
        case .qwen2, .gemma: return t.merged(t.attention, t.denseFFN)
        case .qwen3: return t.merged(t.attention, t.qkNorm, t.denseFFN)
        case .qwen2moe: return t.merged(t.attention, t.router, t.sharedExpert)
        case .qwen3moe: return t.merged(t.attention, t.qkNorm, t.router)
        case .gemma2: return t.merged(t.attention, t.denseFFN, t.gemma2Norms)
        case .gemma3: return t.merged(t.attention, t.qkNorm, t.denseFFN, t.gemma2Norms)
        case .phi3:
            return t.merged(t.attention, ["self_attn.qkv_proj": "attn_qkv", "post_attention_layernorm": "ffn_norm",
                                          "mlp.gate_up_proj": "ffn_up", "mlp.up_proj": "ffn_up",
                                          "mlp.down_proj": "ffn_down"])
        case .bert: return t.bertBlock
        }
    }

    /// Later tables override earlier ones (gemma2's norms replace the llama-style `post_attention_layernorm`).
    private static func merged(_ tables: [String: String]...) -> [String: String] {
        tables.reduce(into: [:]) { acc, t in acc.merge(t) { _, new in new } }
    }
}
