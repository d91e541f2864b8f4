// LlamaCppVocabularyCheck: what `llama_vocab::load` (src/llama-vocab.cpp) refuses — no tokenizer model, an
// unknown one, no tokens, no merges for a BPE vocabulary, scores or token types shorter than the tokens —
// and what it only warns about (special token ids out of range). Returns the token count llama.cpp uses.

enum LlamaCppVocabularyCheck {
    /// Tokenizer models llama.cpp knows, and those that need `tokenizer.ggml.merges`.
    static let tokenizerModels: Set<String> = ["no_vocab", "none", "llama", "bert", "gpt2", "hybriddna", "whitespace",
                                               "t5", "rwkv", "test", "plamo2", "gemma4"]
    static let modelsWithMerges: Set<String> = ["gpt2", "hybriddna", "whitespace", "gemma4"]
    /// The special token keys llama.cpp reads (`special_token_types` in llama-vocab.cpp).
    static let specialTokenKeys = ["bos", "eos", "eot", "eom", "unknown", "seperator", "padding", "mask",
                                   "fim_pre", "fim_suf", "fim_mid", "fim_pad", "fim_rep", "fim_sep",
                                   "prefix", "suffix", "middle"].map { "tokenizer.ggml.\($0)_token_id" }

    /// Checks the vocabulary; returns llama.cpp's `n_vocab` (nil when it would refuse the vocabulary).
    static func check(_ keys: inout LlamaCppKeyReader) -> Int64? {
        guard let model = keys.string("tokenizer.ggml.model", required: true) else { return nil }
        if model == "no_vocab" || model == "none" { return keys.u32("vocab_size") ?? 0 }
        guard tokenizerModels.contains(model) else {
            keys.refuse("tokenizer.ggml.model", "unknown tokenizer: '\(model)'")
            return nil
        }
        if modelsWithMerges.contains(model) {
            guard let merges = keys.gguf["tokenizer.ggml.merges"] else {
                keys.refuse("tokenizer.ggml.merges", "cannot find tokenizer merges in model file")
                return nil
            }
            guard case .array(let a) = merges, a.elementType == .string else {
                keys.refuse("tokenizer.ggml.merges", "invalid gguf type for tokenizer.ggml.merges")
                return nil
            }
        }
        guard let tokenValue = keys.gguf["tokenizer.ggml.tokens"] else {
            keys.refuse("tokenizer.ggml.tokens", "cannot find tokenizer vocab in model file")
            return nil
        }
        guard case .array(let tokens) = tokenValue, tokens.elementType == .string else {
            keys.refuse("tokenizer.ggml.tokens", "invalid gguf type for tokenizer.ggml.tokens")
            return nil
        }
        let n = tokens.count
        if let scores = keys.gguf["tokenizer.ggml.scores"] {
            guard case .array(let a) = scores, a.elementType == .int32 || a.elementType == .float32 else {
                keys.refuse("tokenizer.ggml.scores", "invalid gguf type for tokenizer.ggml.scores")
                return nil
            }
            if a.count < n {
                keys.refuse("tokenizer.ggml.scores", "Index out of array bounds for scores (\(a.count) < \(n))")
                return nil
            }
        }
        if let types = keys.gguf["tokenizer.ggml.token_type"] {
            guard case .array(let a) = types, a.elementType == .int32 else {
                keys.refuse("tokenizer.ggml.token_type", "invalid gguf type for tokenizer.ggml.token_type")
                return nil
            }
            if a.count < n {
                keys.refuse("tokenizer.ggml.token_type", "Index out of array bounds for toktypes (\(a.count) < \(n))")
                return nil
            }
        }
        if let missing = missingNamedTokens(keys.gguf, tokens) {
            keys.refuse("tokenizer.ggml.tokens", "unordered_map::at: general.name says Phi-3, and llama.cpp then sets attributes of token '\(missing)', which the vocabulary lacks")
            return nil
        }
        for key in specialTokenKeys {
            guard let v = keys.gguf[key] else { continue }
            if case .uint32(let id) = v, Int(id) >= n {
                keys.refuse(key, "bad special token: '\(key)' = \(id) (vocabulary has \(n) tokens): llama.cpp ignores it",
                            severity: .warning)
            } else if v.type != .uint32 {
                keys.refuse(key, "key \(key) has wrong type \(LlamaCppKeyReader.typeName(v.type)) but expected type u32")
            }
        }
        return Int64(n)
    }

    /// The token llama.cpp looks up by text and does not find (`_set_token_attr` → `token_to_id.at`), for
    /// models whose `general.name` contains "phi-3" or "phi3" — the only such lookup without a guard.
    static func missingNamedTokens(_ gguf: GGUFFile, _ tokens: GGUFArray) -> String? {
        let name = (gguf["general.name"]?.string ?? "").lowercased()
        guard name.contains("phi-3") || name.contains("phi3") else { return nil }
        var wanted: Set<String> = ["</s>", "<unk>", "<s>", "<|endoftext|>"]
        for v in tokens.elements(in: gguf.file) {
            if let s = v.string { wanted.remove(s) }
            if wanted.isEmpty { return nil }
        }
        return ["</s>", "<unk>", "<s>", "<|endoftext|>"].first { wanted.contains($0) }
    }
}
