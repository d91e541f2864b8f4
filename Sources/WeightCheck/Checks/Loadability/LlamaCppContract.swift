// LlamaCppContract: would llama.cpp load this GGUF model? Replays, from the header and tensor table alone,
// what `llama_model_load` checks before it runs anything: architecture, hyperparameters, vocabulary, tensors.

/// The llama.cpp loader contract for GGUF models, following one named llama.cpp version.
public enum LlamaCppContract {
    /// The llama.cpp version the tables follow (the one vendored by the llama-cpp-python source package).
    public static let version = "llama.cpp 0c1e570 (vendored by llama-cpp-python 0.3.36)"

    /// How a GGUF model fared against the contract.
    public struct Result: Sendable {
        /// The findings, in the order llama.cpp would meet them (its first refusal first).
        public var findings: [Finding] = []
        /// Whether the file was judged as a llama.cpp model (false: not a model, or an architecture not covered).
        public var judged = false
        /// The hyperparameters, when they could be read.
        public var hyperparameters: LlamaCppHyperparameters?
    }

    /// Checks one model: a single GGUF file, or every shard of a complete split set (first shard first, which
    /// holds the metadata), each with the name findings give it. Findings not about one tensor name the first.
    ///
    /// A file is judged as a model when it says it is one: it has `tokenizer.ggml.model`, or both a token list and
    /// `{arch}.attention.head_count`. Other GGUFs (weights-only files, test fixtures, adapters) get at most one
    /// note. An architecture llama.cpp does not know is an error; one it knows but this table does not cover
    /// is a warning ("loadability not checked for ARCH").
    /// - Complexity: reads metadata and the tensor tables only.
    public static func check(_ shards: [(file: String, gguf: GGUFFile)]) -> Result {
        var result = Result()
        guard let (file, first) = shards.first else { return result }
        let arch = first["general.architecture"]?.string
        if first["general.type"]?.string == "adapter" || arch == "clip" { return result }
        let claimsModel = first["tokenizer.ggml.model"] != nil
            || (first["tokenizer.ggml.tokens"] != nil && arch.flatMap { first["\($0).attention.head_count"] } != nil)
        guard claimsModel else {
            if let arch, knownArchitectures.contains(arch) {
                result.findings.append(Finding(.note, "llama-cpp-not-a-model", file: file,
                    "no vocabulary (tokenizer.ggml.model): llama.cpp would refuse this \(arch) file as a model (\"key not found in model: tokenizer.ggml.model\"); read as a weights-only GGUF, loadability not checked"))
            }
            return result
        }
        guard let arch else {
            result.findings.append(Finding(.error, "llama-cpp-key", file: file, "key not found in model: general.architecture"))
            return result
        }
        guard knownArchitectures.contains(arch) else {
            result.findings.append(Finding(.error, "llama-cpp-architecture", file: file,
                                           offset: first.metadataOffsets["general.architecture"],
                                           "unknown model architecture: '\(arch)' (\(version))"))
            return result
        }
        guard coveredArchitectures.contains(arch) else {
            result.findings.append(Finding(.warning, "loadability-unchecked", file: file,
                                           "loadability not checked for \(arch): the llama.cpp contract covers \(coveredArchitectures.sorted().joined(separator: ", "))"))
            return result
        }
        result.judged = true
        var keys = LlamaCppKeyReader(gguf: first, architecture: arch, file: file)
        guard var h = LlamaCppHyperparameters.read(&keys) else {
            result.findings = keys.findings
            return result
        }
        readArchitectureKeys(&h, &keys)
        guard let vocabulary = LlamaCppVocabularyCheck.check(&keys) else {
            result.findings = keys.findings
            result.hyperparameters = h
            return result
        }
        h.vocabularySize = vocabulary
        result.hyperparameters = h
        var byName: [String: (file: String, info: TensorInfo)] = [:]
        for (name, g) in shards {
            for t in g.tensors where byName[t.name] == nil { byName[t.name] = (name, t) }
        }
        var tensors = LlamaCppTensorCheck(tensors: byName, file: file)
        let stops = createTensors(h, &tensors, file: file)
        result.findings = keys.findings + stops + (stops.isEmpty ? tensors.conclusion() : [])
        return result
    }
}
