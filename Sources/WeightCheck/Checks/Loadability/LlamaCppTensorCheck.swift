// LlamaCppTensorCheck: llama.cpp's `create_tensor` / `check_tensor_dims` / `done_getting_tensors` replayed
// over a tensor table: each architecture's table calls it in llama.cpp's order, and it records the refusals.

/// Replays llama.cpp's tensor creation over the tensors of one model (all shards of a split set together).
struct LlamaCppTensorCheck {
    /// Tensor name → (file it lies in, tensor).
    let tensors: [String: (file: String, info: TensorInfo)]
    /// The file findings are attached to when a tensor is absent.
    let file: String
    /// Names llama.cpp has used so far (a duplicated tensor is used once).
    private(set) var used = Set<String>()
    /// Tensors required but absent, in llama.cpp's order.
    private(set) var missing: [String] = []
    /// Refusals other than absence (wrong shapes), in llama.cpp's order.
    private(set) var findings: [Finding] = []

    init(tensors: [String: (file: String, info: TensorInfo)], file: String) {
        self.tensors = tensors
        self.file = file
    }

    /// `create_tensor(name, dims, flags)`: whether the tensor exists. A required tensor that is absent, or any
    /// present tensor whose shape differs from `dims` (trailing 1s ignored), is a refusal.
    @discardableResult
    mutating func create(_ name: String, _ dims: [Int64], required: Bool = true) -> Bool {
        guard let (owner, t) = tensors[name] else {
            if required && !missing.contains(name) { missing.append(name) }
            return false
        }
        if used.contains(name) { return true }  // a duplicated tensor (tied output): checked when first created
        used.insert(name)
        let shape = t.shape.map { Int64(clamping: $0) }
        var ok = shape.count <= 4
        for i in 0..<4 {
            let want: Int64 = i < dims.count ? dims[i] : 1
            let got: Int64 = i < shape.count ? shape[i] : 1
            if want != got { ok = false }
        }
        if !ok {
            findings.append(Finding(.error, "llama-cpp-tensor-shape", file: owner, tensor: name, offset: nil,
                                    "check_tensor_dims: tensor '\(name)' has wrong shape; expected \(Self.format(dims)), got \(Self.format(shape + Array(repeating: 1, count: max(0, 4 - shape.count))))"))
        }
        return true
    }

    /// A per-layer tensor: `blk.N.kind.suffix`.
    @discardableResult
    mutating func layer(_ i: Int64, _ kind: String, _ dims: [Int64], required: Bool = true, bias: Bool = false) -> Bool {
        create("blk.\(i).\(kind).\(bias ? "bias" : "weight")", dims, required: required)
    }

    /// `create_tensor_qkv`: a fused `attn_qkv` (with its bias, or separate Q/K/V biases), else Q, K, V.
    mutating func qkv(_ i: Int64, embd: Int64, q: Int64, k: Int64, v: Int64, required: Bool = true) {
        if layer(i, "attn_qkv", [embd, q + k + v], required: false) {
            if !layer(i, "attn_qkv", [q + k + v], required: false, bias: true) {
                layer(i, "attn_q", [q], required: false, bias: true)
                layer(i, "attn_k", [k], required: false, bias: true)
                layer(i, "attn_v", [v], required: false, bias: true)
            }
        } else {
            layer(i, "attn_q", [embd, q], required: required)
            layer(i, "attn_k", [embd, k], required: required)
            layer(i, "attn_v", [embd, v], required: required)
            layer(i, "attn_q", [q], required: false, bias: true)
            layer(i, "attn_k", [k], required: false, bias: true)
            layer(i, "attn_v", [v], required: false, bias: true)
        }
    }

    /// `create_tensor_gate_up_exps`: a fused `ffn_gate_up_exps`, else gate and up experts.
    mutating func gateUpExperts(_ i: Int64, embd: Int64, ff: Int64, experts: Int64) {
        if !layer(i, "ffn_gate_up_exps", [embd, ff * 2, experts], required: false) {
            layer(i, "ffn_gate_exps", [embd, ff, experts])
            layer(i, "ffn_up_exps", [embd, ff, experts])
        }
    }

    /// The output projection, or the token embedding reused for it (tied: `TENSOR_DUPLICATED`).
    mutating func outputOrTied(embd: Int64, vocab: Int64) {
        if !create("output.weight", [embd, vocab], required: false) {
            create("token_embd.weight", [embd, vocab])
        }
    }

    /// `done_getting_tensors` and the absences, as findings: each absent tensor (the first few by name, the rest
    /// counted), then the leftover tensors llama.cpp would count in "wrong number of tensors".
    func conclusion(listing limit: Int = 6) -> [Finding] {
        var out: [Finding] = []
        for name in missing.prefix(limit) {
            out.append(Finding(.error, "llama-cpp-tensor-missing", file: file, tensor: name,
                               "check_tensor_dims: tensor '\(name)' not found"))
        }
        if missing.count > limit {
            out.append(Finding(.error, "llama-cpp-tensor-missing", file: file,
                               "\(missing.count - limit) more required tensors not found (\(missing.dropFirst(limit).prefix(3).joined(separator: ", ")), …)"))
        }
        out += findings
        let leftover = tensors.keys.filter { !used.contains($0) }.sorted()
        if !leftover.isEmpty {
            let shown = leftover.prefix(limit).map { "'\($0)'" }.joined(separator: ", ")
            out.append(Finding(.error, "llama-cpp-tensor-count", file: file, tensor: leftover.first,
                               "done_getting_tensors: wrong number of tensors; expected \(tensors.count), got \(used.count): llama.cpp does not use \(shown)\(leftover.count > limit ? " and \(leftover.count - limit) more" : "")"))
        }
        return out
    }

    /// llama.cpp's `llama_format_tensor_shape`: each dimension right-aligned in 6 columns.
    static func format(_ dims: [Int64]) -> String {
        dims.map { String(repeating: " ", count: max(0, 6 - String($0).count)) + String($0) }.joined(separator: ", ")
    }
}
