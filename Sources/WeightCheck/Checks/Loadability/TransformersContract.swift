// TransformersContract: would transformers load this folder without silently random-initializing a weight?
// config.json + the safetensors tensors against the model class's weights, plus the tokenizer against vocab_size.
import Foundation

/// The transformers loader contract for a Hugging Face folder (`config.json` and safetensors files).
public enum TransformersContract {
    /// The transformers version the weight tables are held against.
    public static let version = "transformers 5.24.0"

    /// Checks the safetensors `tensors` of `folder` against its `config.json`.
    ///
    /// A weight the model class needs and the files lack is an error (transformers would initialize it at random
    /// and only log it), as is a weight whose shape differs from what config.json implies (transformers refuses);
    /// a tensor the class does not use is a warning. Names are accepted with and without the base-model prefix.
    /// A `model_type` outside the table gets one note. Findings name `config.json` (and the weight).
    /// - Returns: the findings; nil when the folder has no readable `config.json`.
    public static func check(folder: String, tensors: [TensorInfo]) -> [Finding]? {
        let path = Paths.join(folder, "config.json")
        guard let data = FileManager.default.contents(atPath: path), data.count < 4 << 20,
              let parsed = try? JSONParser().parse(Array(data)), let object = parsed.objectValue else { return nil }
        let config = TransformersConfig(object: object)
        guard let type = config.modelType, TransformersWeights.covered.contains(type) else {
            return [Finding(.note, .loadabilityUnchecked, file: path,
                            "loadability not checked for model_type '\(config.modelType ?? "(none)")': the transformers contract covers \(TransformersWeights.covered.sorted().joined(separator: ", "))")]
        }
        guard let expected = TransformersWeights.expected(config) else {
            // A partial config (a test or tooling fixture) describes no loadable model: say so, judge nothing.
            return [Finding(.note, .loadabilityUnchecked, file: path,
                            "loadability not checked: config.json of model_type '\(type)' lacks a size the weights need (hidden_size, vocab_size, num_hidden_layers, num_attention_heads)")]
        }
        var out = weights(expected, tensors: tensors, prefix: TransformersWeights.prefix(type), type: type, file: path)
        out += tokenizer(folder: folder, vocabularySize: config.int("vocab_size"), file: path)
        return out
    }

    static func weights(_ expected: [TransformersWeight], tensors: [TensorInfo], prefix: String, type: String,
                        file: String) -> [Finding] {
        var byName: [String: TensorInfo] = [:]
        for t in tensors where byName[t.name] == nil { byName[t.name] = t }
        var used = Set<String>()
        var missing: [TransformersWeight] = []
        var out: [Finding] = []
        for w in expected {
            // With the prefix (a *ForCausalLM checkpoint) or without it (a base-model checkpoint).
            let bare = w.name.hasPrefix(prefix) ? String(w.name.dropFirst(prefix.count)) : w.name
            let candidates = w.name.hasPrefix(prefix) ? [w.name, bare] : [w.name, prefix + w.name]
            guard let name = candidates.first(where: { byName[$0] != nil }), let t = byName[name] else {
                missing.append(w)
                continue
            }
            used.insert(name)
            let shape = t.shape.map { Int(clamping: $0) }
            if shape != w.shape {
                out.append(Finding(.error, .transformersWeightShape, file: file, tensor: name,
                                   "weight '\(name)' has shape \(shape) but config.json implies \(w.shape): transformers refuses the size mismatch"))
            }
        }
        for w in missing.prefix(8) {
            out.append(Finding(w.optional ? .warning : .error, .transformersWeightMissing, file: file, tensor: w.name,
                               "weight '\(w.name)' missing: transformers would initialize it at random (model_type \(type))"))
        }
        if missing.count > 8 {
            out.append(Finding(.error, .transformersWeightMissing, file: file,
                               "\(missing.count - 8) more weights missing (\(missing.dropFirst(8).prefix(3).map(\.name).joined(separator: ", ")), …)"))
        }
        let unexpected = byName.keys.filter { !used.contains($0) }.sorted()
        for name in unexpected.prefix(8) {
            out.append(Finding(.warning, .transformersWeightUnexpected, file: file, tensor: name,
                               "tensor '\(name)' is not a weight of the \(type) model class: transformers ignores it"))
        }
        if unexpected.count > 8 {
            out.append(Finding(.warning, .transformersWeightUnexpected, file: file,
                               "\(unexpected.count - 8) more tensors the model class does not use"))
        }
        return out
    }

    /// The tokenizer files: present, and no token id past the embedding (`vocab_size`).
    static func tokenizer(folder: String, vocabularySize: Int?, file: String) -> [Finding] {
        let json = Paths.join(folder, "tokenizer.json")
        let fm = FileManager.default
        guard fm.fileExists(atPath: json) else {
            let others = ["tokenizer.model", "vocab.txt", "vocab.json", "spiece.model"]
            if others.contains(where: { fm.fileExists(atPath: Paths.join(folder, $0)) }) { return [] }
            return [Finding(.warning, .tokenizerMissing, file: file,
                            "no tokenizer beside config.json (tokenizer.json, tokenizer.model, vocab.txt, vocab.json): the model loads but cannot encode text")]
        }
        guard let vocabularySize, let data = fm.contents(atPath: json), data.count < 256 << 20,
              let parsed = try? JSONParser().parse(Array(data)), let root = parsed.objectValue else { return [] }
        var largest = -1
        if let vocab = root["model"]?.objectValue?["vocab"] {
            if let o = vocab.objectValue {
                for (_, id) in o { largest = max(largest, id.intValue ?? -1) }
            } else if let a = vocab.arrayValue {
                largest = a.count - 1  // Unigram: [[piece, score], …], ids are positions
            }
        }
        for t in root["added_tokens"]?.arrayValue ?? [] { largest = max(largest, t.objectValue?["id"]?.intValue ?? -1) }
        guard largest >= vocabularySize else { return [] }
        return [Finding(.error, .tokenizerVocabMismatch, file: json,
                        "tokenizer.json has token ids up to \(largest) but config.json vocab_size is \(vocabularySize): those tokens index past the embedding")]
    }
}
