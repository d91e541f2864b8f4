// LlamaCppHyperparameters: the numbers llama.cpp reads before it creates a tensor (`load_hparams` in
// src/llama-model.cpp and each architecture's `load_arch_hparams`), with the same defaults and refusals.

/// The hyperparameters of a GGUF model as llama.cpp derives them. Sizes are element counts.
public struct LlamaCppHyperparameters: Sendable, Equatable {
    /// `general.architecture`.
    public var architecture: String
    /// `{arch}.context_length`: the training context.
    public var contextLength: Int64 = 0
    /// `{arch}.embedding_length`: the model width.
    public var embeddingLength: Int64 = 0
    /// `{arch}.block_count`.
    public var blockCount: Int64 = 0
    /// `{arch}.feed_forward_length` (layer 0 when per layer).
    public var feedForwardLength: Int64 = 0
    /// `{arch}.attention.head_count` (layer 0 when per layer); 0 when absent.
    public var headCount: Int64 = 0
    /// `{arch}.attention.head_count_kv`, or `headCount`.
    public var headCountKV: Int64 = 0
    /// `{arch}.attention.key_length`, or width / heads.
    public var keyLength: Int64 = 0
    /// `{arch}.attention.value_length`, or width / heads.
    public var valueLength: Int64 = 0
    /// `{arch}.rope.dimension_count`, or `keyLength`.
    public var ropeDimensions: Int64 = 0
    /// `{arch}.rope.freq_base`, or 10000.
    public var ropeFrequencyBase: Double = 10000
    /// `{arch}.rope.scaling.type`, or `linear`.
    public var ropeScaling: String = "linear"
    /// `{arch}.attention.sliding_window`, when set.
    public var slidingWindow: Int64?
    /// `{arch}.expert_count` and `{arch}.expert_used_count`.
    public var expertCount: Int64 = 0
    public var expertUsedCount: Int64 = 0
    /// `{arch}.expert_feed_forward_length` and `{arch}.expert_shared_feed_forward_length` (0 when absent).
    public var expertFeedForwardLength: Int64 = 0
    public var expertSharedFeedForwardLength: Int64 = 0
    /// DeepSeek-style: shared experts, leading dense blocks, LoRA ranks of Q and KV, MLA head sizes.
    public var expertSharedCount: Int64 = 0
    public var leadingDenseBlockCount: Int64 = 0
    public var queryLoraRank: Int64 = 0
    public var keyValueLoraRank: Int64 = 0
    public var keyLengthMLA: Int64 = 0
    public var valueLengthMLA: Int64 = 0
    /// The number of tokens in `tokenizer.ggml.tokens` (llama.cpp's `n_vocab`).
    public var vocabularySize: Int64 = 0
    /// `tokenizer.ggml.token_type_count` (BERT token types).
    public var tokenTypeCount: Int64 = 0
    /// The number of classifier labels (`{arch}.classifier.output_labels`).
    public var classifierOutputs: Int64 = 0

    /// llama.cpp's `n_embd_k_gqa` and `n_embd_v_gqa`: K and V width over all KV heads.
    public var keyWidthGQA: Int64 { keyLength * headCountKV }
    public var valueWidthGQA: Int64 { valueLength * headCountKV }

    public init(architecture: String) { self.architecture = architecture }
}

extension LlamaCppHyperparameters {
    /// The most layers and experts llama.cpp accepts (`LLAMA_MAX_LAYERS`, `LLAMA_MAX_EXPERTS`).
    static let maximumLayers: Int64 = 512
    static let maximumExperts: Int64 = 1024

    /// Reads the generic hyperparameters (`llama_model_base::load_hparams`), recording refusals in `keys`.
    /// Returns nil when llama.cpp would stop before creating tensors.
    static func read(_ keys: inout LlamaCppKeyReader) -> LlamaCppHyperparameters? {
        var h = LlamaCppHyperparameters(architecture: keys.architecture)
        let before = keys.findings.count
        h.contextLength = keys.u32("context_length", required: true) ?? 0
        h.embeddingLength = keys.u32("embedding_length", required: true) ?? 0
        h.blockCount = keys.u32("block_count", required: true) ?? 0
        if keys.findings.count > before { return nil }
        if h.blockCount <= 0 || h.blockCount > maximumLayers {
            keys.refuse("block_count", "\(keys.key("block_count")) is \(h.blockCount): llama.cpp asserts 0 < n_layer <= \(maximumLayers)")
            return nil
        }
        h.expertCount = keys.u32("expert_count") ?? 0
        h.expertUsedCount = keys.u32OrArray("expert_used_count", layers: h.blockCount) ?? 0
        if h.expertCount > maximumExperts || h.expertUsedCount > h.expertCount || (h.expertCount > 0 && h.expertUsedCount == 0) {
            keys.refuse("expert_used_count", "\(keys.key("expert_count")) is \(h.expertCount) and \(keys.key("expert_used_count")) is \(h.expertUsedCount): llama.cpp asserts 0 < n_expert_used <= n_expert (or both 0)")
            return nil
        }
        h.feedForwardLength = keys.u32OrArray("feed_forward_length", layers: h.blockCount) ?? 0
        h.headCount = keys.u32OrArray("attention.head_count", layers: h.blockCount) ?? 0
        h.headCountKV = keys.u32OrArray("attention.head_count_kv", layers: h.blockCount) ?? h.headCount
        h.ropeFrequencyBase = keys.f32("rope.freq_base") ?? 10000
        h.ropeScaling = keys.string("rope.scaling.type") ?? "linear"
        if !["none", "linear", "yarn", "longrope"].contains(h.ropeScaling) {
            keys.refuse("rope.scaling.type", "\(keys.key("rope.scaling.type")) is '\(h.ropeScaling)': llama.cpp knows none, linear, yarn, longrope")
        }
        if h.headCount > 0 {
            h.keyLength = keys.u32("attention.key_length") ?? h.embeddingLength / h.headCount
            h.valueLength = keys.u32("attention.value_length") ?? h.embeddingLength / h.headCount
            h.ropeDimensions = keys.u32("rope.dimension_count") ?? h.keyLength
            if keys.architecture == "llama" && h.ropeDimensions != h.keyLength {
                keys.refuse("rope.dimension_count", "invalid n_rot: \(h.ropeDimensions), expected \(h.keyLength)")
            }
        } else {
            keys.refuse("attention.head_count", keys.has("attention.head_count")
                ? "\(keys.key("attention.head_count")) is 0: llama.cpp then expects attention tensors of width 0"
                : "key not found in model: \(keys.key("attention.head_count")) (llama.cpp then takes 0 heads and expects attention tensors of width 0)")
        }
        h.slidingWindow = keys.u32("attention.sliding_window")
        h.classifierOutputs = Int64(keys.arrayCount("classifier.output_labels") ?? 0)
        h.vocabularySize = Int64(keys.arrayCount("tokenizer.ggml.tokens") ?? 0)
        h.tokenTypeCount = keys.u32("tokenizer.ggml.token_type_count") ?? 0
        return h
    }
}
