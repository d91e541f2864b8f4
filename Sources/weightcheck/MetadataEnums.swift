// MetadataEnums: GGUF metadata integers that stand for names, decoded as gguf-py's constants name them —
// `general.file_type 15 (MOSTLY_Q4_K_M)`, pooling, RoPE scaling and expert gating types, token types counted per type.
import WeightCheck

enum MetadataEnums {
    /// gguf-py `LlamaFileType`.
    static let fileTypes: [Int64: String] = [
        0: "ALL_F32", 1: "MOSTLY_F16", 2: "MOSTLY_Q4_0", 3: "MOSTLY_Q4_1", 7: "MOSTLY_Q8_0", 8: "MOSTLY_Q5_0",
        9: "MOSTLY_Q5_1", 10: "MOSTLY_Q2_K", 11: "MOSTLY_Q3_K_S", 12: "MOSTLY_Q3_K_M", 13: "MOSTLY_Q3_K_L",
        14: "MOSTLY_Q4_K_S", 15: "MOSTLY_Q4_K_M", 16: "MOSTLY_Q5_K_S", 17: "MOSTLY_Q5_K_M", 18: "MOSTLY_Q6_K",
        19: "MOSTLY_IQ2_XXS", 20: "MOSTLY_IQ2_XS", 21: "MOSTLY_Q2_K_S", 22: "MOSTLY_IQ3_XS", 23: "MOSTLY_IQ3_XXS",
        24: "MOSTLY_IQ1_S", 25: "MOSTLY_IQ4_NL", 26: "MOSTLY_IQ3_S", 27: "MOSTLY_IQ3_M", 28: "MOSTLY_IQ2_S",
        29: "MOSTLY_IQ2_M", 30: "MOSTLY_IQ4_XS", 31: "MOSTLY_IQ1_M", 32: "MOSTLY_BF16", 36: "MOSTLY_TQ1_0",
        37: "MOSTLY_TQ2_0", 38: "MOSTLY_MXFP4_MOE", 39: "MOSTLY_NVFP4", 40: "MOSTLY_Q1_0", 41: "MOSTLY_Q2_0",
        1024: "GUESSED",
    ]
    /// gguf-py `TokenType`.
    static let tokenTypes: [Int64: String] = [1: "NORMAL", 2: "UNKNOWN", 3: "CONTROL", 4: "USER_DEFINED", 5: "UNUSED",
                                              6: "BYTE"]
    /// gguf-py `PoolingType`.
    static let poolingTypes: [Int64: String] = [0: "NONE", 1: "MEAN", 2: "CLS", 3: "LAST", 4: "RANK"]
    /// gguf-py `RopeScalingType`: the one enum GGUF stores as a string (`{arch}.rope.scaling.type`).
    static let ropeScalingTypes: [String: String] = ["none": "NONE", "linear": "LINEAR", "yarn": "YARN", "longrope": "LONGROPE"]
    /// gguf-py `ExpertGatingFuncType`.
    static let gatingFunctions: [Int64: String] = [1: "SOFTMAX", 2: "SIGMOID"]

    /// The names an integer key's values stand for, or nil for keys that hold plain numbers.
    static func names(forKey key: String) -> [Int64: String]? {
        if key == "general.file_type" { return fileTypes }
        if key == "tokenizer.ggml.token_type" { return tokenTypes }
        if key.hasSuffix(".pooling_type") { return poolingTypes }
        if key.hasSuffix(".expert_gating_func") { return gatingFunctions }
        return nil
    }

    /// `15 (MOSTLY_Q4_K_M)` for an enum key's integer, `99 (unknown)` for a value with no name, `"yarn" (YARN)` for
    /// the RoPE scaling type; nil for other keys.
    static func decode(key: String, _ value: GGUFValue) -> String? {
        if key.hasSuffix(".rope.scaling.type"), let text = value.string {
            return "\"\(TerminalText.escape(text))\" (\(ropeScalingTypes[text] ?? "unknown"))"
        }
        guard let names = names(forKey: key), let n = value.integer else { return nil }
        return "\(n) (\(names[n] ?? "unknown"))"
    }

    /// An enum array as counts per name, most first: `NORMAL × 31,741, BYTE × 256, CONTROL × 3`; nil for other keys.
    static func summarize(key: String, _ value: GGUFValue, file: MappedFile) -> String? {
        guard case .array(let a) = value, let names = names(forKey: key) else { return nil }
        var counts: [Int64: Int] = [:]
        for v in a.elements(in: file, limit: nil) { if let n = v.integer { counts[n, default: 0] += 1 } }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { "\(names[$0.key] ?? "\($0.key)") × \(Fmt.count($0.value))" }.joined(separator: ", ")
    }
}
