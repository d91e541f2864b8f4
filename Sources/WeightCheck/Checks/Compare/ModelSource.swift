// ModelSource: one side of a comparison opened as one model — a safetensors file, a folder (index, shards or one
// file), a GGUF file or split set — with every tensor's mapping and byte range, and the model's architecture.
import Foundation

/// Why one side of a comparison could not be opened as a model.
public struct ModelSourceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The path that failed (a file of a set, or the path given).
    public let path: String
    /// One lowercase line.
    public let message: String

    /// An error about `path`.
    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    /// `path: message`.
    public var description: String { "\(path): \(message)" }
}

/// One model read from disk, whatever its layout, as one list of tensors.
///
/// Every tensor keeps the mapping it lives in, so a sharded model reads like a single file. The architecture and
/// the head counts come from GGUF metadata (`general.architecture`, `{arch}.attention.head_count…`) or from the
/// `config.json` beside safetensors files.
public struct ModelSource: Sendable {
    /// One tensor and the file that holds it.
    public struct Tensor: Sendable {
        /// The tensor; its byte range is within `file`.
        public let info: TensorInfo
        /// The mapping holding its bytes.
        public let file: MappedFile
        /// Whether multi-byte values are stored big-endian (a big-endian GGUF).
        public let bigEndian: Bool
    }

    /// The path as given.
    public let path: String
    /// What was opened, in words: `safetensors file`, `safetensors index (3 shards)`, `gguf split set (2 shards)`.
    public let layout: String
    /// The format of every file of the model.
    public let format: WeightFormat
    /// Every tensor, shard by shard in header order; names are unique.
    public let tensors: [Tensor]
    /// The architecture, when `compare` knows it.
    public let architecture: ModelArchitecture?
    /// The architecture as the model names it (`llama`, `LlamaForCausalLM`), when it does.
    public let architectureName: String?
    /// Head counts for undoing the llama Q/K permutation.
    public let hyperparameters: ModelHyperparameters
    /// Remarks that did not stop the opening (an unreadable config.json, files ignored in a folder).
    public let notes: [String]

    /// The tensor tables' entries, in `tensors` order.
    public var tensorInfos: [TensorInfo] { tensors.map(\.info) }

    /// Total tensor bytes.
    public var tensorBytes: Int { tensors.reduce(0) { $0 + $1.info.byteCount } }

    /// Opens `path`: a weight file (a GGUF shard stands for its whole split set), a `*.safetensors.index.json`,
    /// or a folder holding an index, safetensors files, or one GGUF model. Formats are told by content.
    ///
    /// - Throws: `ModelSourceError` when the path cannot be read, a file does not parse, a set is incomplete
    ///   (missing shard, tensor in two shards), or a folder holds no model or several.
    public init(path: String) throws(ModelSourceError) {
        // Discovery says what the path means (any shard or index stands for its set; cache paths are read
        // through their snapshots); this picks the one model among what it found.
        let found = Discovery.discover([path])
        if let problem = found.findings.first(where: { ([.missing, .unreadable, .missingBlob] as [FindingCode]).contains($0.code) }) {
            throw ModelSourceError(path: path, problem.message)
        }
        let indexes = found.safetensorsIndexes
        if let index = indexes.first(where: { $0.hasSuffix("/model.safetensors.index.json") }) ?? indexes.first {
            let source = try ModelSource.openIndex(index, given: path)
            self = source.adding(notes: indexes.count > 1 ? ["\(indexes.count) index files: read \(index)"] : [])
            return
        }
        // The weight files of the shallowest folder holding any (`original/` copies below it are not the model).
        let weights = found.weightFiles.map(\.path)
        let depth = weights.map { $0.split(separator: "/").count }.min() ?? 0
        let files = weights.filter { $0.split(separator: "/").count == depth }
        if files.count == 1, DirectoryWalker.kind(of: path) == .file {
            self = try ModelSource.openFile(files[0], given: path)
            return
        }
        self = try ModelSource.openFiles(files, given: path)
    }

    private init(path: String, layout: String, format: WeightFormat, tensors: [Tensor],
                 architecture: (ModelArchitecture?, String?, ModelHyperparameters), notes: [String]) {
        self.path = path
        self.layout = layout
        self.format = format
        self.tensors = tensors
        self.architecture = architecture.0
        self.architectureName = architecture.1
        self.hyperparameters = architecture.2
        self.notes = notes
    }

    // MARK: - Layouts

    private static func openFile(_ file: String, given: String) throws(ModelSourceError) -> ModelSource {
        if let (prefix, _, count) = GGUFSplitSet.parseName(file), count > 1 {
            return try openSplitSet(prefix: prefix, count: count, given: given)
        }
        let weights: WeightFile
        do { weights = try WeightFile(path: file) } catch { throw ModelSourceError(path: file, message(error)) }
        let tensors = weights.table.tensors.map { Tensor(info: $0, file: weights.file, bigEndian: weights.bigEndian) }
        try checkUnique(tensors, path: file)
        switch weights {
        case .gguf(let g):
            return ModelSource(path: given, layout: "gguf file", format: .gguf, tensors: tensors,
                               architecture: ggufArchitecture(g), notes: [])
        case .safetensors:
            var notes: [String] = []
            let arch = config(besides: file, notes: &notes)
            return ModelSource(path: given, layout: "safetensors file", format: .safetensors, tensors: tensors,
                               architecture: arch, notes: notes)
        case .pytorch(let p):
            var notes: [String] = []
            let arch = config(besides: file, notes: &notes)
            let strided = p.tensors.count - tensors.count
            if strided > 0 { notes.append("\(strided) tensor(s) without a contiguous byte range left out") }
            return ModelSource(path: given, layout: "pytorch \(p.kind.rawValue)", format: .pytorch, tensors: tensors,
                               architecture: arch, notes: notes)
        }
    }

    private static func openSplitSet(prefix: String, count: Int, given: String) throws(ModelSourceError) -> ModelSource {
        var parsed: [String: GGUFFile] = [:]
        var paths: [Int: String] = [:]
        for k in 1...count {
            let p = GGUFSplitSet.shardName(prefix: prefix, number: k, count: count)
            guard FileManager.default.fileExists(atPath: p) else { continue }
            paths[k] = p
            do throws(WeightFileError) {
                parsed[p] = try GGUFFile(path: p)
            } catch {
                throw ModelSourceError(path: p, message(error))
            }
        }
        let set = GGUFSplitSet(prefix: prefix, count: count, shards: paths)
        let report = ShardSets.report(set, parsed: parsed)
        try requireComplete(report, path: given)
        var tensors: [Tensor] = []
        for t in report.tensors {
            guard let file = report.shards[t.shard].file else { continue }  // complete: every shard has a file
            tensors.append(Tensor(info: t.info, file: file, bigEndian: parsed[report.shards[t.shard].path]?.bigEndian ?? false))
        }
        try checkUnique(tensors, path: given)
        let first = paths[1].flatMap { parsed[$0] }
        return ModelSource(path: given, layout: "gguf split set (\(count) shards)", format: .gguf, tensors: tensors,
                           architecture: first.map(ggufArchitecture) ?? (nil, nil, ModelHyperparameters()), notes: [])
    }

    private static func openIndex(_ index: String, given: String) throws(ModelSourceError) -> ModelSource {
        let report: ShardSetReport
        do throws(ShardIndexError) {
            report = try SafetensorsShardIndex(path: index).check()
        } catch {
            throw ModelSourceError(path: error.file, error.message)
        }
        try requireComplete(report, path: index)
        var tensors: [Tensor] = []
        for t in report.tensors {
            guard let file = report.shards[t.shard].file else { continue }
            tensors.append(Tensor(info: t.info, file: file, bigEndian: false))
        }
        try checkUnique(tensors, path: index)
        var notes: [String] = []
        let arch = config(besides: index, notes: &notes)
        return ModelSource(path: given, layout: "safetensors index (\(report.shards.count) shards)", format: .safetensors,
                           tensors: tensors, architecture: arch, notes: notes)
    }

    /// One model from the weight files of a folder: safetensors files read as one model, or one GGUF model.
    private static func openFiles(_ files: [String], given folder: String) throws(ModelSourceError) -> ModelSource {
        var safetensors: [String] = [], ggufs: [String] = []
        for f in files where DirectoryWalker.looksLikeWeightFile(f) {
            if ModelSource.isGGUF(f) { ggufs.append(f) } else { safetensors.append(f) }
        }
        var notes: [String] = []
        // Mistral repositories ship `consolidated.safetensors` (Mistral's own names) beside the Hugging Face files.
        let consolidated = safetensors.filter { Paths.name($0).hasPrefix("consolidated") }
        if !consolidated.isEmpty && consolidated.count < safetensors.count {
            safetensors.removeAll { consolidated.contains($0) }
            notes.append("ignored \(consolidated.count) consolidated*.safetensors file(s) (Mistral's own layout)")
        }
        if !safetensors.isEmpty {
            if !ggufs.isEmpty { notes.append("\(ggufs.count) GGUF file(s) beside the safetensors files ignored") }
            if safetensors.count == 1 { return try openFile(safetensors[0], given: folder).adding(notes: notes) }
            var tensors: [Tensor] = []
            for path in safetensors {
                do throws(SafetensorsError) {
                    let s = try SafetensorsFile(path: path)
                    tensors += s.tensors.map { Tensor(info: $0, file: s.file, bigEndian: false) }
                } catch {
                    throw ModelSourceError(path: path, error.description.dropPrefix(path + ": "))
                }
            }
            try checkUnique(tensors, path: folder)
            let arch = config(besides: safetensors[0], notes: &notes)
            notes.append("no index file: read all \(safetensors.count) safetensors files as one model")
            return ModelSource(path: folder, layout: "safetensors folder (\(safetensors.count) files)",
                               format: .safetensors, tensors: tensors, architecture: arch, notes: notes)
        }
        let sets = GGUFSplitSet.group(ggufs)
        let singles = ggufs.filter { GGUFSplitSet.parseName($0) == nil }
        if sets.count + singles.count == 1 {
            return try openFile(singles.first ?? sets[0].shards.values.sorted()[0], given: folder)
        }
        if ggufs.isEmpty { throw ModelSourceError(path: folder, "no GGUF or safetensors files in this folder") }
        throw ModelSourceError(path: folder, "holds \(sets.count + singles.count) GGUF models: name one file")
    }

    // MARK: - Helpers

    private func adding(notes more: [String]) -> ModelSource {
        ModelSource(path: path, layout: layout, format: format, tensors: tensors,
                    architecture: (architecture, architectureName, hyperparameters), notes: notes + more)
    }

    private static func isGGUF(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 4) else { return false }
        return head.withUnsafeBytes { GGUFFile.looksLikeGGUF($0) }
    }

    private static func message(_ error: WeightFileError) -> String {
        error.finding.message
    }

    private static func requireComplete(_ report: ShardSetReport, path: String) throws(ModelSourceError) {
        let errors = report.findings.filter { $0.severity == .error }
        guard let first = errors.first else { return }
        let more = errors.count > 1 ? " (and \(errors.count - 1) more problem\(errors.count == 2 ? "" : "s"))" : ""
        throw ModelSourceError(path: path, "incomplete shard set: \(first.description)\(more)")
    }

    private static func checkUnique(_ tensors: [Tensor], path: String) throws(ModelSourceError) {
        var seen: [String: String] = [:]
        for t in tensors {
            if let other = seen.updateValue(t.file.path, forKey: t.info.name) {
                throw ModelSourceError(path: path, "tensor '\(t.info.name)' is in both \(other) and \(t.file.path)")
            }
        }
    }

    private static func ggufArchitecture(_ g: GGUFFile) -> (ModelArchitecture?, String?, ModelHyperparameters) {
        guard let name = g["general.architecture"]?.string else { return (nil, nil, ModelHyperparameters()) }
        let hp = ModelHyperparameters(ggufArchitecture: name) { key in g[key]?.integer.flatMap { Int(exactly: $0) } }
        return (ModelArchitecture(name: name), name, hp)
    }

    /// The architecture from `config.json` in the folder of `file`, when there is one.
    private static func config(besides file: String, notes: inout [String]) -> (ModelArchitecture?, String?, ModelHyperparameters) {
        let path = Paths.join(Paths.parent(file), "config.json")
        guard DirectoryWalker.kind(of: path) == .file else { return (nil, nil, ModelHyperparameters()) }
        guard let data = FileManager.default.contents(atPath: path) else {
            notes.append("\(path): cannot read (ignored)")
            return (nil, nil, ModelHyperparameters())
        }
        do {
            let c = try CompareJSONInput.parseModelConfig(data)
            return (c.architecture, c.architectureName, c.hyperparameters)
        } catch {
            notes.append("\(path): \(error) (ignored)")
            return (nil, nil, ModelHyperparameters())
        }
    }
}
