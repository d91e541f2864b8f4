// CompareReport: what `compare` found — one TensorComparison per matched pair (figures and verdict), the unmatched
// names, and the summaries per storage type and per layer that the text, JSON and HTML renderings print.

/// The comparison of one matched pair.
public struct TensorComparison: Sendable {
    /// The reference tensor's name.
    public let reference: String
    /// The candidate tensor's name.
    public let candidate: String
    /// The reference's storage type.
    public let referenceType: ElementType
    /// The candidate's storage type (the quant type the verdict judges).
    public let type: ElementType
    /// How the pair was found.
    public let source: TensorPair.Source
    /// What was undone to line the values up.
    public let transform: TensorNameMap.Transform
    /// The figures, when the pair could be compared.
    public let figures: ErrorFigures?
    /// Whether the tensor passes.
    public let ok: Bool
    /// Why it fails (empty when `ok`).
    public let reasons: [String]
    /// The block (layer) number, from `blk.N.` / `layers.N.` in either name; nil for tensors outside the blocks.
    public let layer: Int?
    /// The tensor's kind within its block (`attn_q`, `ffn_down`, `self_attn.q_proj.bias`), for the per-layer chart.
    public let kind: String

    /// A comparison; `layer` and `kind` are derived from the names.
    public init(reference: String, candidate: String, referenceType: ElementType, type: ElementType,
                source: TensorPair.Source, transform: TensorNameMap.Transform, figures: ErrorFigures?, ok: Bool,
                reasons: [String]) {
        self.reference = reference
        self.candidate = candidate
        self.referenceType = referenceType
        self.type = type
        self.source = source
        self.transform = transform
        self.figures = figures
        self.ok = ok
        self.reasons = reasons
        let parsed = TensorComparison.layerAndKind(candidate) ?? TensorComparison.layerAndKind(reference)
        layer = parsed?.layer
        kind = parsed?.kind ?? TensorComparison.strippedWeight(candidate)
    }

    /// `blk.12.attn_q.weight` → (12, `attn_q`); `model.layers.3.mlp.up_proj.weight` → (3, `mlp.up_proj`).
    /// Nil when no `blk`, `layers`, `layer`, `h`, `block(s)` component is followed by a number.
    public static func layerAndKind(_ name: String) -> (layer: Int, kind: String)? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        for k in parts.indices.dropLast() where ["blk", "layers", "layer", "h", "block", "blocks"].contains(parts[k]) {
            guard let n = Int(parts[k + 1]), n >= 0 else { continue }
            let rest = parts[(k + 2)...].joined(separator: ".")
            return (n, strippedWeight(rest.isEmpty ? name : rest))
        }
        return nil
    }

    private static func strippedWeight(_ s: String) -> String {
        s.hasSuffix(".weight") && s.count > 7 ? String(s.dropLast(7)) : s
    }

    /// Orders worst first: failed before passed, not compared before compared, then lower cosine, then higher
    /// relative RMSE, then by candidate name.
    public static func worseFirst(_ a: TensorComparison, _ b: TensorComparison) -> Bool {
        if a.ok != b.ok { return !a.ok }
        guard let fa = a.figures, let fb = b.figures else {
            if (a.figures == nil) != (b.figures == nil) { return a.figures == nil }
            return a.candidate < b.candidate
        }
        if fa.cosine != fb.cosine { return fa.cosine < fb.cosine }
        if fa.relativeRMSE != fb.relativeRMSE { return fa.relativeRMSE > fb.relativeRMSE }
        return a.candidate < b.candidate
    }
}

/// Figures summarized over a group of tensors (one storage type, one layer).
public struct CompareSummary: Sendable, Hashable {
    /// The group: a type name (`Q4_0`) or a layer (`12`, or `other` for tensors outside the blocks).
    public let key: String
    /// Tensors in the group.
    public let tensors: Int
    /// Tensors that fail.
    public let failed: Int
    /// Tensors with figures (the means and worsts are over these).
    public let compared: Int
    /// Mean cosine (unweighted, over compared tensors); nil when none was compared.
    public let meanCosine: Double?
    /// Lowest cosine.
    public let worstCosine: Double?
    /// Mean relative RMSE (unweighted); may be +∞.
    public let meanRelativeRMSE: Double?
    /// Highest relative RMSE; may be +∞.
    public let worstRelativeRMSE: Double?

    /// Summarizes `group` under `key`.
    public init(key: String, _ group: [TensorComparison]) {
        self.key = key
        tensors = group.count
        failed = group.filter { !$0.ok }.count
        let figures = group.compactMap(\.figures)
        compared = figures.count
        let n = Double(figures.count)
        meanCosine = figures.isEmpty ? nil : figures.reduce(0) { $0 + $1.cosine } / n
        worstCosine = figures.map(\.cosine).min()
        meanRelativeRMSE = figures.isEmpty ? nil : figures.reduce(0) { $0 + $1.relativeRMSE } / n
        worstRelativeRMSE = figures.map(\.relativeRMSE).max()
    }
}

/// Everything `compare` found.
public struct CompareReport: Sendable {
    /// The reference as given, and how it was read.
    public let reference: ModelDescription
    /// The candidate as given, and how it was read.
    public let candidate: ModelDescription
    /// The architecture whose name map was used, if any.
    public let architecture: ModelArchitecture?
    /// One entry per matched pair, in reference order.
    public let tensors: [TensorComparison]
    /// Reference tensors with no candidate (listed, not failed).
    public let unmatchedReference: [String]
    /// Candidate tensors no reference tensor maps to (listed, not failed).
    public let unmatchedCandidate: [String]
    /// Bytes read by the pass (both sides).
    public let bytesCompared: Int
    /// Seconds the pass took.
    public let seconds: Double
    /// Remarks on the comparison (a `--map` name that does not exist, an unknown architecture).
    public let notes: [String]
    /// Failing tensors that hold another tensor's values: swaps, rotations, misplaced copies.
    public let swaps: [SwapFinding]

    /// What one side was.
    public struct ModelDescription: Sendable, Hashable {
        /// The path as given.
        public let path: String
        /// How it was read (`gguf file`, `safetensors index (2 shards)`).
        public let layout: String
        /// Its format.
        public let format: WeightFormat
        /// Tensors it holds.
        public let tensorCount: Int
        /// Its architecture name, when it names one.
        public let architectureName: String?
        /// Notes from opening it.
        public let notes: [String]

        /// Describes `source`.
        public init(_ source: ModelSource) {
            path = source.path
            layout = source.layout
            format = source.format
            tensorCount = source.tensors.count
            architectureName = source.architectureName
            notes = source.notes
        }
    }

    /// A report.
    public init(reference: ModelDescription, candidate: ModelDescription, architecture: ModelArchitecture?,
                tensors: [TensorComparison], unmatchedReference: [String], unmatchedCandidate: [String],
                bytesCompared: Int, seconds: Double, notes: [String] = [], swaps: [SwapFinding] = []) {
        self.reference = reference
        self.candidate = candidate
        self.architecture = architecture
        self.tensors = tensors
        self.unmatchedReference = unmatchedReference
        self.unmatchedCandidate = unmatchedCandidate
        self.bytesCompared = bytesCompared
        self.seconds = seconds
        self.notes = notes
        self.swaps = swaps
    }

    /// The swap finding a candidate tensor belongs to, if any.
    public func swap(involving candidate: String) -> SwapFinding? {
        swaps.first { $0.matches.contains { $0.candidate == candidate } }
    }

    /// Whether the candidate passes: at least one tensor matched, and every matched tensor passes.
    public var ok: Bool { !tensors.isEmpty && tensors.allSatisfy(\.ok) }

    /// The failing tensors, worst first.
    public var failures: [TensorComparison] { worstFirst.filter { !$0.ok } }

    /// The tensors, worst first (see `TensorComparison.worseFirst`).
    public var worstFirst: [TensorComparison] { tensors.sorted(by: TensorComparison.worseFirst) }

    /// One summary per candidate storage type, in the order of `ElementType.allKnown`.
    public var summaryByType: [CompareSummary] {
        let groups = Dictionary(grouping: tensors, by: \.type)
        let order = ElementType.allKnown + groups.keys.filter { !ElementType.allKnown.contains($0) }
        return order.compactMap { t in groups[t].map { CompareSummary(key: t.name, $0) } }
    }

    /// One summary per layer in ascending order, then `other` for tensors outside the blocks (when any).
    public var summaryByLayer: [CompareSummary] {
        let groups = Dictionary(grouping: tensors, by: \.layer)
        var out = groups.keys.compactMap { $0 }.sorted().map { CompareSummary(key: String($0), groups[$0]!) }
        if let other = groups[nil] { out.append(CompareSummary(key: "other", other)) }
        return out
    }
}
