// ModelArchitecture and ModelHyperparameters: which model family a pair of files holds, and the few numbers
// (head counts) that undoing the converter's transforms needs. Read from GGUF metadata or config.json.

/// The model families whose Hugging Face tensor names `compare` translates to llama.cpp's.
///
/// Raw values are llama.cpp's `general.architecture` names. Mistral and Mixtral convert as `llama`.
public enum ModelArchitecture: String, Sendable, Hashable, CaseIterable {
    case llama, qwen2, qwen3, qwen2moe, qwen3moe, gemma, gemma2, gemma3, phi3, bert

    /// Recognises a GGUF `general.architecture` value (`qwen2moe`), a config.json `model_type` (`qwen2_moe`,
    /// `mistral`, `gemma3_text`) or an `architectures` class name (`MistralForCausalLM`,
    /// `Gemma3ForConditionalGeneration`, `BertModel`). Case, `_` and `-` are ignored. Nil for anything else.
    public init?(name: String) {
        var key = String(name.lowercased().filter { $0 != "_" && $0 != "-" })
        for suffix in ["forcausallm", "forconditionalgeneration", "formaskedlm", "forsequenceclassification", "model"]
        where key.hasSuffix(suffix) && key.count > suffix.count {
            key.removeLast(suffix.count)
            break
        }
        switch key {
        case "llama", "mistral", "mixtral": self = .llama
        case "qwen2": self = .qwen2
        case "qwen3": self = .qwen3
        case "qwen2moe": self = .qwen2moe
        case "qwen3moe": self = .qwen3moe
        case "gemma": self = .gemma
        case "gemma2": self = .gemma2
        case "gemma3", "gemma3text": self = .gemma3
        case "phi3": self = .phi3
        case "bert": self = .bert
        default: return nil
        }
    }
}

/// The hyperparameters that undoing the converter's transforms needs.
///
/// Only the llama family needs any: its Q and K weights are row-permuted per head by `convert_hf_to_gguf.py`.
public struct ModelHyperparameters: Sendable, Hashable {
    /// Attention heads (`{arch}.attention.head_count`, config.json `num_attention_heads`).
    public var headCount: Int?
    /// Key/value heads (`{arch}.attention.head_count_kv`, config.json `num_key_value_heads`); nil means
    /// "same as `headCount`", as the converter reads it.
    public var headCountKV: Int?

    /// Hyperparameters given directly. Values that are not positive are dropped (treated as unknown).
    public init(headCount: Int? = nil, headCountKV: Int? = nil) {
        self.headCount = headCount.flatMap { $0 > 0 ? $0 : nil }
        self.headCountKV = headCountKV.flatMap { $0 > 0 ? $0 : nil }
    }

    /// Reads `{architecture}.attention.head_count` and `…head_count_kv` through `integer`, which returns a
    /// GGUF metadata value as an integer (any integer value type) or nil when the key is absent or not an integer.
    ///
    /// - Parameter architecture: the file's `general.architecture` value, spelled as in the file.
    public init(ggufArchitecture architecture: String, integer: (String) -> Int?) {
        self.init(headCount: integer("\(architecture).attention.head_count"),
                  headCountKV: integer("\(architecture).attention.head_count_kv"))
    }

    /// The number of heads the K weights were permuted with: `headCountKV`, or `headCount` when absent.
    public var keyHeads: Int? { headCountKV ?? headCount }
}
