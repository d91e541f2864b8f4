// ConsistencyChecks: what the metadata says against what the tensors are — GGUF `block_count` and
// `general.file_type` against the tensor table, `config.json` against safetensors tensors. Warnings only:
// a disagreement deserves a look, never a failed verdict on its own.
import Foundation

enum ConsistencyChecks {
    /// Checks one unsplit GGUF file's metadata against its tensors.
    static func gguf(_ g: GGUFFile, file: String) -> [Finding] {
        var out: [Finding] = []
        if let count = g["split.count"]?.integer, count > 1 { return out }  // metadata describes the whole set
        let arch = g["general.architecture"]?.string ?? ""
        if let blocks = g["\(arch).block_count"]?.integer {
            let layers = layerIndices(g.tensors.map(\.name), prefixes: ["blk."])
            if !layers.isEmpty && Int64(layers.count) != blocks {
                out.append(Finding(.warning, .metadataMismatch, file: file, offset: g.metadataOffsets["\(arch).block_count"],
                                   "\(arch).block_count is \(blocks) but the tensors have \(layers.count) blocks (blk.N)"))
            }
        }
        if let ftype = g["general.file_type"]?.integer, let expected = primaryType(ofFileType: ftype) {
            let types = Set(g.tensors.map(\.type))
            if !types.contains(expected) && !g.tensors.isEmpty {
                let present = types.map(\.name).sorted().joined(separator: ", ")
                out.append(Finding(.warning, .metadataMismatch, file: file, offset: g.metadataOffsets["general.file_type"],
                                   "general.file_type \(ftype) means mostly \(expected.name), but no tensor has that type (types: \(present))"))
            }
        }
        return out
    }

    /// Checks `config.json` in `folder` against the tensors of the safetensors files there.
    static func safetensorsConfig(folder: String, tensors: [TensorInfo]) -> [Finding] {
        let path = Paths.join(folder, "config.json")
        guard !tensors.isEmpty, let data = FileManager.default.contents(atPath: path), data.count < 4 << 20,
              let config = try? JSONParser().parse(Array(data)), case .object(let c) = config else { return [] }
        var out: [Finding] = []
        let text = c["text_config"]?.objectValue ?? c
        if let layers = text["num_hidden_layers"]?.intValue {
            let found = layerIndices(tensors.map(\.name), prefixes: ["model.layers.", "layers.", "transformer.h.", "h.",
                                                                    "model.language_model.layers.", "language_model.model.layers."])
            // DeepSeek's multi-token-prediction layers follow the main ones and are counted separately.
            let extra = text["num_nextn_predict_layers"]?.intValue ?? 0
            if !found.isEmpty && found.count != layers && found.count != layers + extra {
                out.append(Finding(.warning, .configMismatch, file: path,
                                   "num_hidden_layers is \(layers) but the tensors have \(found.count) layers"))
            }
        }
        if let embed = tensors.first(where: { $0.name.hasSuffix("embed_tokens.weight") || $0.name.hasSuffix("wte.weight")
                                               || $0.name.hasSuffix("word_embeddings.weight") }), embed.shape.count == 2 {
            if let vocab = text["vocab_size"]?.intValue ?? c["vocab_size"]?.intValue, UInt64(vocab) != embed.shape[0] {
                out.append(Finding(.warning, .configMismatch, file: path, tensor: embed.name,
                                   "vocab_size is \(vocab) but '\(embed.name)' has \(embed.shape[0]) rows"))
            }
            if let hidden = text["hidden_size"]?.intValue, UInt64(hidden) != embed.shape[1] {
                out.append(Finding(.warning, .configMismatch, file: path, tensor: embed.name,
                                   "hidden_size is \(hidden) but '\(embed.name)' has \(embed.shape[1]) columns"))
            }
        }
        return out
    }

    /// The distinct layer numbers N in names `<prefix>N.…`.
    static func layerIndices(_ names: [String], prefixes: [String]) -> Set<Int> {
        var out = Set<Int>()
        for name in names {
            for p in prefixes where name.hasPrefix(p) {
                let rest = name.dropFirst(p.count)
                if let dot = rest.firstIndex(of: "."), let n = Int(rest[..<dot]) { out.insert(n); break }
            }
        }
        return out
    }

    /// The type most tensors have in a file of llama.cpp's `llama_ftype` `ftype`.
    static func primaryType(ofFileType ftype: Int64) -> ElementType? {
        switch ftype {
        case 0: return .f32
        case 1: return .f16
        case 2: return .q4_0
        case 3: return .q4_1
        case 7: return .q8_0
        case 8: return .q5_0
        case 9: return .q5_1
        case 10, 21: return .q2_K
        case 11, 12, 13: return .q3_K
        case 14, 15: return .q4_K
        case 16, 17: return .q5_K
        case 18: return .q6_K
        case 19: return .iq2_xxs
        case 20: return .iq2_xs
        case 23: return .iq3_xxs
        case 24: return .iq1_s
        case 25: return .iq4_nl
        case 26, 27: return .iq3_s
        case 28, 29: return .iq2_s
        case 30: return .iq4_xs
        case 31: return .iq1_m
        case 32: return .bf16
        case 36: return .tq1_0
        case 37: return .tq2_0
        case 38: return .mxfp4
        default: return nil
        }
    }
}
