// InspectModel: the hyperparameter block of `inspect` for a GGUF model (layers, width, heads, context, experts,
// vocabulary, RoPE) and the memory to load it at its training context and at 4K, in text and JSON.
import WeightCheck

enum InspectModel {
    /// The context lengths memory is shown for: the training context and 4096.
    static func contexts(_ h: LlamaCppHyperparameters) -> [Int64] {
        h.contextLength == 4096 || h.contextLength <= 0 ? [4096] : [h.contextLength, 4096]
    }

    static func text(_ h: LlamaCppHyperparameters, weightBytes: Int64, into console: Console) {
        console.print()
        console.print("MODEL (as llama.cpp reads it)")
        var t = TextTable(["hyperparameter", "value"])
        t.add(["architecture", h.architecture])
        t.add(["layers", "\(h.blockCount)"])
        t.add(["width", "\(h.embeddingLength)"])
        t.add(["heads / KV heads", "\(h.headCount) / \(h.headCountKV)"])
        t.add(["head size (K / V)", "\(h.keyLength) / \(h.valueLength)"])
        t.add(["feed-forward", "\(h.feedForwardLength)"])
        t.add(["context (training)", Fmt.count(Int(clamping: h.contextLength))])
        if h.expertCount > 0 { t.add(["experts (used)", "\(h.expertCount) (\(h.expertUsedCount))"]) }
        t.add(["vocabulary", Fmt.count(Int(clamping: h.vocabularySize))])
        let ropeType = LlamaCppContract.ropeType(architecture: h.architecture).map { "\($0), " } ?? ""
        t.add(["RoPE", "\(ropeType)base \(h.ropeFrequencyBase), \(h.ropeDimensions) dims, \(h.ropeScaling) scaling"])
        if let w = h.slidingWindow { t.add(["sliding window", "\(w)"]) }
        for ctx in contexts(h) {
            let m = LoadMemory(h, weights: weightBytes, context: ctx)
            t.add(["memory at \(Fmt.count(Int(clamping: ctx)))",
                   "\(Fmt.bytes(Int(clamping: m.total))) (weights \(Fmt.bytes(Int(clamping: m.weights))) + F16 KV cache \(Fmt.bytes(Int(clamping: m.kvCache))))"])
        }
        t.render(indent: "  ").forEach(console.print)
    }

    static func json(_ h: LlamaCppHyperparameters, weightBytes: Int64) -> JSONValue {
        var o: JSONObject = [
            "architecture": .string(h.architecture), "layers": .integer(h.blockCount), "width": .integer(h.embeddingLength),
            "heads": .integer(h.headCount), "kv_heads": .integer(h.headCountKV), "head_size_k": .integer(h.keyLength),
            "head_size_v": .integer(h.valueLength), "feed_forward": .integer(h.feedForwardLength),
            "context_length": .integer(h.contextLength), "experts": .integer(h.expertCount),
            "experts_used": .integer(h.expertUsedCount), "vocabulary": .integer(h.vocabularySize),
            "rope": .object(["type": LlamaCppContract.ropeType(architecture: h.architecture).map { .string($0) } ?? .null,
                             "freq_base": .number(h.ropeFrequencyBase), "dimensions": .integer(h.ropeDimensions),
                             "scaling": .string(h.ropeScaling)]),
        ]
        o["sliding_window"] = h.slidingWindow.map { .integer($0) } ?? .null
        o["memory"] = .array(contexts(h).map { ctx in
            let m = LoadMemory(h, weights: weightBytes, context: ctx)
            return .object(["context": .integer(ctx), "weights": .integer(m.weights), "kv_cache_f16": .integer(m.kvCache),
                            "total": .integer(m.total)])
        })
        return .object(o)
    }
}
