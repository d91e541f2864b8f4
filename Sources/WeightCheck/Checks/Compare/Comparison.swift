// Comparison: `compare` from paths to a report — open both sides, choose the name map, match, run the pass, and
// judge each tensor against the error band of its types.
import Foundation

/// Compares a candidate model with its reference, tensor by tensor.
public enum Comparison {
    /// How to compare.
    public struct Options: Sendable {
        /// Reference name → candidate name pairs that take precedence over every other rule (`--map FILE`).
        public var userMap: [String: String]
        /// Worker threads (nil: every core).
        public var threads: Int?

        /// Options.
        public init(userMap: [String: String] = [:], threads: Int? = nil) {
            self.userMap = userMap
            self.threads = threads
        }
    }

    /// Opens both paths (see `ModelSource.init(path:)`) and compares them.
    ///
    /// - Parameter progress: called from worker threads with (bytes done, bytes total).
    /// - Throws: `ModelSourceError` when either side cannot be opened as a model.
    public static func run(reference: String, candidate: String, options: Options = Options(),
                           progress: (@Sendable (Int, Int) -> Void)? = nil) throws(ModelSourceError) -> CompareReport {
        let r = try ModelSource(path: reference)
        let c = try ModelSource(path: candidate)
        return run(reference: r, candidate: c, options: options, progress: progress)
    }

    /// Compares two opened models: match names, one parallel pass, a verdict per tensor.
    public static func run(reference: ModelSource, candidate: ModelSource, options: Options = Options(),
                           progress: (@Sendable (Int, Int) -> Void)? = nil) -> CompareReport {
        let map = nameMap(reference: reference, candidate: candidate)
        let match = TensorMatcher.match(reference: reference.tensorInfos, referenceFormat: reference.format,
                                        candidate: candidate.tensorInfos, candidateFormat: candidate.format,
                                        nameMap: map, userMap: options.userMap)
        let start = Sys.now()
        let engine = CompareEngine(threads: options.threads)
        let outcomes = engine.run(match.pairs, reference: reference, candidate: candidate, progress: progress)
        // A file cut short while it was read gave zeros, not its values: its pairs are not compared.
        let cut = missingBytes(reference, candidate)
        let tensors = zip(match.pairs, outcomes).map { pair, outcome in
            let reason = cut.reference[pair.reference.name] ?? cut.candidate[pair.candidate.name]
            return judge(pair, reason.map { PairOutcome(sums: nil, problem: $0, bytesRead: outcome.bytesRead) } ?? outcome)
        }
        let swaps = SwapFinder.find(pairs: match.pairs, tensors: tensors, reference: reference, candidate: candidate,
                                    engine: engine, referenceFormat: reference.format, candidateFormat: candidate.format)
        let seconds = Sys.now() - start
        var notes: [String] = []
        let referenceNames = Set(reference.tensors.map(\.info.name))
        let candidateNames = Set(candidate.tensors.map(\.info.name))
        for (key, value) in options.userMap.sorted(by: { $0.key < $1.key }) {
            if !referenceNames.contains(key) { notes.append("map: no reference tensor '\(key)'") }
            if !candidateNames.contains(value) { notes.append("map: no candidate tensor '\(value)'") }
        }
        if map == nil && reference.format != candidate.format {
            notes.append("architecture unknown: only identical names and --map pairs were matched")
        }
        if match.pairs.isEmpty && reference.format == .gguf && candidate.format == .safetensors {
            notes.append("names are translated from the reference's Hugging Face names to the candidate's GGUF names: "
                         + "give the safetensors model first")
        }
        return CompareReport(reference: .init(reference), candidate: .init(candidate), architecture: map?.architecture,
                             tensors: tensors, unmatchedReference: match.unmatchedReference,
                             unmatchedCandidate: match.unmatchedCandidate,
                             bytesCompared: outcomes.reduce(0) { $0 + $1.bytesRead }, seconds: seconds, notes: notes,
                             swaps: swaps)
    }

    /// The name map for a pair of models: the architecture from the candidate (a GGUF's `general.architecture`),
    /// else from the reference (its config.json); head counts from whichever side is GGUF and has them, else the
    /// other. Nil when neither side names an architecture `compare` knows.
    public static func nameMap(reference: ModelSource, candidate: ModelSource) -> TensorNameMap? {
        guard let architecture = candidate.architecture ?? reference.architecture else { return nil }
        let sides = [candidate, reference].filter { $0.format == .gguf } + [candidate, reference].filter { $0.format != .gguf }
        let hp = sides.first { $0.hyperparameters.headCount != nil }?.hyperparameters ?? ModelHyperparameters()
        return TensorNameMap(architecture: architecture, hyperparameters: hp)
    }

    /// The tensors, by name on each side, whose file went missing under the pass (`MappedFile.firstMissingByte`),
    /// with the reason to report; each file is asked once.
    static func missingBytes(_ reference: ModelSource, _ candidate: ModelSource)
        -> (reference: [String: String], candidate: [String: String]) {
        var asked: [ObjectIdentifier: String?] = [:]
        func reasons(_ side: ModelSource) -> [String: String] {
            var out: [String: String] = [:]
            for t in side.tensors {
                let id = ObjectIdentifier(t.file)
                if asked[id] == nil {
                    asked[id] = .some(t.file.firstMissingByte.map {
                        "\(t.file.path): the file shrank while it was read (truncated by another program?): "
                            + "bytes from offset \($0) on were missing"
                    })
                }
                if let reason = asked[id] ?? nil { out[t.info.name] = reason }
            }
            return out
        }
        return (reasons(reference), reasons(candidate))
    }

    /// The verdict on one pair.
    static func judge(_ pair: TensorPair, _ outcome: PairOutcome) -> TensorComparison {
        let figures = outcome.sums.map(ErrorFigures.init)
        var ok = false
        var reasons = [outcome.problem ?? "not compared"]
        if let figures {
            let v = QuantErrorBands.verdict(figures, reference: pair.reference.type, candidate: pair.candidate.type)
            ok = v.ok
            reasons = v.reasons
        }
        return TensorComparison(reference: pair.reference.name, candidate: pair.candidate.name,
                                referenceType: pair.reference.type, type: pair.candidate.type, source: pair.source,
                                transform: pair.transform, figures: figures, ok: ok, reasons: reasons)
    }
}
