// LlamaCppKeyReader: reads GGUF metadata the way llama.cpp's `llama_model_loader::get_key` does — the exact
// value type required, an absent required key refused with llama.cpp's own words — and collects the refusals.

/// Reads `{arch}.…` and `tokenizer.…` keys of one GGUF file as llama.cpp's loader reads them.
struct LlamaCppKeyReader {
    let gguf: GGUFFile
    let architecture: String
    let file: String
    /// Refusals met so far, in the order llama.cpp would meet them.
    var findings: [Finding] = []

    /// The full key name: `{arch}.suffix` for architecture keys, the suffix itself for `general.` / `tokenizer.`.
    func key(_ suffix: String) -> String {
        suffix.hasPrefix("general.") || suffix.hasPrefix("tokenizer.") || suffix.hasPrefix("split.")
            ? suffix : "\(architecture).\(suffix)"
    }

    /// A `uint32_t` key (GGUF type u32 exactly, as llama.cpp requires). Nil when absent or refused.
    mutating func u32(_ suffix: String, required: Bool = false) -> Int64? {
        guard let v = value(suffix, required: required) else { return nil }
        if case .uint32(let x) = v { return Int64(x) }
        wrongType(suffix, v, expected: "u32")
        return nil
    }

    /// A `float` key (GGUF type f32 exactly).
    mutating func f32(_ suffix: String, required: Bool = false) -> Double? {
        guard let v = value(suffix, required: required) else { return nil }
        if case .float32(let x) = v { return Double(x) }
        wrongType(suffix, v, expected: "f32")
        return nil
    }

    /// A `bool` key.
    mutating func bool(_ suffix: String, required: Bool = false) -> Bool? {
        guard let v = value(suffix, required: required) else { return nil }
        if case .bool(let x) = v { return x }
        wrongType(suffix, v, expected: "bool")
        return nil
    }

    /// A string key.
    mutating func string(_ suffix: String, required: Bool = false) -> String? {
        guard let v = value(suffix, required: required) else { return nil }
        if case .string(let x) = v { return x }
        wrongType(suffix, v, expected: "str")
        return nil
    }

    /// `get_key_or_arr`: a u32 scalar, or a per-layer integer array (its first element is what llama.cpp's
    /// `n_head()` / `n_ff()` return for layer 0).
    mutating func u32OrArray(_ suffix: String, layers: Int64, required: Bool = false) -> Int64? {
        guard let v = value(suffix, required: required) else { return nil }
        guard case .array(let a) = v else { return u32(suffix) }
        if Int64(a.count) != layers {
            refuse(suffix, "key \(key(suffix)) has wrong array length; expected \(layers), got \(a.count)")
            return nil
        }
        return a.elements(in: gguf.file, limit: 1).first?.integer
    }

    /// The number of elements of an array key, when it is an array.
    func arrayCount(_ suffix: String) -> Int? {
        if case .array(let a)? = gguf[key(suffix)] { return a.count }
        return nil
    }

    /// Whether the key is present at all.
    func has(_ suffix: String) -> Bool { gguf[key(suffix)] != nil }

    /// Records a refusal about key `suffix`, with the metadata offset when the key is present.
    mutating func refuse(_ suffix: String, _ message: String, severity: Finding.Severity = .error) {
        findings.append(Finding(severity, "llama-cpp-key", file: file, offset: gguf.metadataOffsets[key(suffix)], message))
    }

    private mutating func value(_ suffix: String, required: Bool) -> GGUFValue? {
        if let v = gguf[key(suffix)] { return v }
        if required { refuse(suffix, "key not found in model: \(key(suffix))") }
        return nil
    }

    private mutating func wrongType(_ suffix: String, _ v: GGUFValue, expected: String) {
        refuse(suffix, "key \(key(suffix)) has wrong type \(Self.typeName(v.type)) but expected type \(expected)")
    }

    /// gguf.cpp's `gguf_type_name`.
    static func typeName(_ t: GGUFValueType) -> String {
        switch t {
        case .uint8: return "u8"
        case .int8: return "i8"
        case .uint16: return "u16"
        case .int16: return "i16"
        case .uint32: return "u32"
        case .int32: return "i32"
        case .float32: return "f32"
        case .bool: return "bool"
        case .string: return "str"
        case .array: return "arr"
        case .uint64: return "u64"
        case .int64: return "i64"
        case .float64: return "f64"
        }
    }
}
