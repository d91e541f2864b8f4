// LoadMemory: what loading a GGUF model costs in memory, as llama.cpp allocates it — the weights as stored plus
// an F16 KV cache (K and V, every layer, at a given context; sliding-window layers at most their window).

/// Memory needed to load a model at one context length.
public struct LoadMemory: Sendable, Equatable {
    /// The context length (tokens) the KV cache is sized for.
    public let context: Int64
    /// Bytes of the weights (the tensor data as stored).
    public let weights: Int64
    /// Bytes of an F16 KV cache at `context`.
    public let kvCache: Int64
    /// Weights plus KV cache.
    public var total: Int64 { weights + kvCache }

    /// The memory to load a model with hyperparameters `h` and `weights` bytes of tensors at `context` tokens.
    ///
    /// Per layer llama.cpp keeps `n_embd_k_gqa + n_embd_v_gqa` F16 values per token (`key_length × head_count_kv`
    /// and `value_length × head_count_kv`); layers with a sliding window (gemma2/gemma3: all but every 2nd/6th,
    /// gpt-oss: every other layer) keep at most `sliding_window` tokens. Overflow saturates.
    public init(_ h: LlamaCppHyperparameters, weights: Int64, context: Int64) {
        self.context = context
        self.weights = weights
        let perToken = (h.keyWidthGQA &+ h.valueWidthGQA).multipliedReportingOverflow(by: 2)
        var total: Int64 = 0
        for layer in 0..<max(0, min(h.blockCount, LlamaCppHyperparameters.maximumLayers)) {
            var tokens = context
            if let window = h.slidingWindow, window > 0, Self.isSlidingWindowLayer(h.architecture, layer) {
                tokens = min(context, window)
            }
            let (bytes, o) = perToken.partialValue.multipliedReportingOverflow(by: tokens)
            total = (o || perToken.overflow) ? .max : total.addingReportingOverflow(bytes).partialValue
            if total < 0 { total = .max }
        }
        kvCache = total
    }

    /// llama.cpp's default sliding-window pattern: gemma2 and gpt-oss alternate (every 2nd layer full), gemma3 keeps
    /// every 6th layer full.
    static func isSlidingWindowLayer(_ architecture: String, _ layer: Int64) -> Bool {
        switch architecture {
        case "gemma2", "gpt-oss": return (layer + 1) % 2 != 0
        case "gemma3": return (layer + 1) % 6 != 0
        default: return false
        }
    }
}

extension LlamaCppContract {
    /// The hyperparameters of a GGUF model as llama.cpp reads them, leniently (for display): nil when the file
    /// names no architecture or lacks the width, depth or context.
    public static func hyperparameters(_ g: GGUFFile) -> LlamaCppHyperparameters? {
        guard let arch = g["general.architecture"]?.string else { return nil }
        var keys = LlamaCppKeyReader(gguf: g, architecture: arch, file: g.file.path)
        guard var h = LlamaCppHyperparameters.read(&keys) else { return nil }
        readArchitectureKeys(&h, &keys)
        return h
    }
}
