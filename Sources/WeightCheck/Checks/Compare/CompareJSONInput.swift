// The JSON that `compare` reads besides weight files: `--map FILE` and a model's config.json, both read with the
// package's own strict parser (Formats/JSON), so every JSON input of the tool goes through one path.
import Foundation

/// Reading `compare`'s JSON inputs.
public enum CompareJSONInput {
    /// Why a JSON input was rejected.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// One lowercase line.
        public let message: String
        /// The message.
        public var description: String { message }
    }

    /// The largest JSON input read (a config.json or a name map is a few kB; this only bounds memory).
    public static let maxInputSize = 100_000_000

    /// Parses a `--map FILE`: one JSON object whose keys are reference tensor names and whose values are candidate
    /// tensor names, `{"model.layers.0.mlp.up_proj.weight": "blk.0.ffn_up.weight"}`.
    ///
    /// - Throws: `Failure` when the bytes are not JSON, not an object, or a value is not a string.
    public static func parseNameMap(_ data: Data) throws(Failure) -> [String: String] {
        let object = try parseObject(data, what: "tensor map")
        var map: [String: String] = [:]
        for (key, value) in object {
            guard let name = value.stringValue else {
                throw Failure(message: "tensor map: value for \"\(key)\" is a JSON \(value.kindName), not a string")
            }
            map[key] = name
        }
        return map
    }

    /// What `compare` needs from a Hugging Face `config.json`.
    public struct ModelConfig: Sendable, Hashable {
        /// The architecture named by `architectures[0]` or `model_type`, when `compare` knows it.
        public var architecture: ModelArchitecture?
        /// The raw architecture name (`architectures[0]`, else `model_type`), for messages.
        public var architectureName: String?
        /// `num_attention_heads` / `num_key_value_heads` (from `text_config` when the top level lacks them).
        public var hyperparameters: ModelHyperparameters
    }

    /// Parses a Hugging Face `config.json`.
    ///
    /// - Throws: `Failure` when the bytes are not a JSON object.
    public static func parseModelConfig(_ data: Data) throws(Failure) -> ModelConfig {
        let top = try parseObject(data, what: "config.json")
        let text = top["text_config"]?.objectValue ?? JSONObject()
        func integer(_ key: String) -> Int? {
            for object in [top, text] {
                if let v = object[key]?.intValue { return v }
            }
            return nil
        }
        let names = (top["architectures"]?.arrayValue ?? []).compactMap(\.stringValue)
        let modelType = (top["model_type"] ?? text["model_type"])?.stringValue
        var architecture = names.lazy.compactMap(ModelArchitecture.init(name:)).first
        if architecture == nil { architecture = modelType.flatMap(ModelArchitecture.init(name:)) }
        return ModelConfig(architecture: architecture, architectureName: names.first ?? modelType,
                           hyperparameters: ModelHyperparameters(headCount: integer("num_attention_heads"),
                                                                 headCountKV: integer("num_key_value_heads")))
    }

    private static func parseObject(_ data: Data, what: String) throws(Failure) -> JSONObject {
        guard data.count <= maxInputSize else {
            throw Failure(message: "\(what): \(data.count) bytes, above the limit of \(maxInputSize)")
        }
        let value: JSONValue
        do throws(JSONError) {
            value = try JSONParser().parse([UInt8](data))
        } catch {
            throw Failure(message: "\(what): \(error)")
        }
        guard let object = value.objectValue else {
            throw Failure(message: "\(what): a JSON \(value.kindName), not an object")
        }
        return object
    }
}
