// Loadability: the one entry point for "usable" — would the model's loader accept it? GGUF models are held to
// llama.cpp's loader contract (LlamaCppContract); the checks read headers and tensor tables only.

/// Whether a model would load, judged offline from its header and tensor table.
public enum Loadability {
    /// Checks a GGUF model — one file, or every shard of a complete split set, first shard first — against
    /// llama.cpp's loader contract (`LlamaCppContract.version`).
    ///
    /// - Parameter ggufSet: each shard with the name findings should give it.
    /// - Returns: the findings, llama.cpp's first refusal first; empty when llama.cpp would load the model.
    public static func check(ggufSet: [(file: String, gguf: GGUFFile)]) -> [Finding] {
        LlamaCppContract.check(ggufSet).findings
    }

    /// Whether `gguf` is one shard of a split set (`split.count` > 1): such a shard is judged with its set.
    public static func isSplitShard(_ gguf: GGUFFile) -> Bool {
        (gguf["split.count"]?.integer ?? 1) > 1
    }
}
