// The JSON that `compare` reads besides weight files: `--map FILE` and a model's config.json.
// Isolated here on Foundation's JSONSerialization, to be swapped for the package's own JSON layer when it lands.
import Foundation

/// Reading `compare`'s JSON inputs. Every function here is the only place that touches a JSON library.
public enum CompareJSONInput {
    /// Why a JSON input was rejected.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// One lowercase line.
        public let message: String
        /// The message.
        public var description: String { message }
    }

    /// Parses a `--map FILE`: one JSON object whose keys are reference tensor names and whose values are candidate
    /// tensor names, `{"model.layers.0.mlp.up_proj.weight": "blk.0.ffn_up.weight"}`.
    ///
    /// - Throws: `Failure` when the bytes are not JSON, not an object, or a value is not a string.
    public static func parseNameMap(_ data: Data) throws(Failure) -> [String: String] {
        let object = try parseObject(data, what: "tensor map")
        var map: [String: String] = [:]
        for (key, value) in object {
            guard let name = value as? String else {
                throw Failure(message: "tensor map: value for \"\(key)\" is not a string")
            }
            map[key] = name
        }
        return map
    }

    /// What `compare` needs from a Hugging Face `config.json`.
    public struct ModelConfig: Sendable, Hashable {
        /// The architecture named by `architectures[0]` or `model_type`, when `compare` knows it.
        public var architecture: ModelArchitecture?
        /// `num_attention_heads` / `num_key_value_heads` (from `text_config` when the top level lacks them).
        public var hyperparameters: ModelHyperparameters
    }

    /// Parses a Hugging Face `config.json`.
    ///
    /// - Throws: `Failure` when the bytes are not a JSON object.
    public static func parseModelConfig(_ data: Data) throws(Failure) -> ModelConfig {
        let top = try parseObject(data, what: "config.json")
        let text = top["text_config"] as? [String: Any] ?? [:]
        func integer(_ key: String) -> Int? {
            // JSONSerialization gives NSNumber, which bridges to Int only when it is a whole number in range.
            for object in [top, text] {
                if let v = object[key] as? Int { return v }
            }
            return nil
        }
        var architecture: ModelArchitecture?
        if let names = top["architectures"] as? [Any] {
            architecture = names.compactMap { ($0 as? String).flatMap(ModelArchitecture.init(name:)) }.first
        }
        if architecture == nil {
            architecture = ((top["model_type"] ?? text["model_type"]) as? String).flatMap(ModelArchitecture.init(name:))
        }
        return ModelConfig(architecture: architecture,
                           hyperparameters: ModelHyperparameters(headCount: integer("num_attention_heads"),
                                                                 headCountKV: integer("num_key_value_heads")))
    }

    private static func parseObject(_ data: Data, what: String) throws(Failure) -> [String: Any] {
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw Failure(message: "\(what): not valid JSON")
        }
        guard let object = value as? [String: Any] else {
            throw Failure(message: "\(what): not a JSON object")
        }
        return object
    }
}
