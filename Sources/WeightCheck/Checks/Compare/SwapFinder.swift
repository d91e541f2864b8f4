// SwapFinder: names what a failing tensor holds instead of its own values. Each failing tensor is compared with
// the other reference tensors of the same shape; when one of them explains it within its type's error band, the
// failures are joined into swaps (two tensors), rotations (three or more) or a misplaced copy.
import Foundation

/// One failing candidate tensor and the reference tensor whose values it holds.
public struct SwapMatch: Sendable, Hashable {
    /// The failing candidate tensor.
    public let candidate: String
    /// The reference tensor whose values it holds.
    public let holds: String
    /// The candidate tensor that `holds` was paired with.
    public let holdsCandidate: String
    /// Cosine between the candidate and `holds`.
    public let cosine: Double
}

/// Swapped, rotated or misplaced tensors, as a person reads them.
public struct SwapFinding: Sendable, Hashable {
    /// What happened.
    public enum Kind: String, Sendable, Hashable {
        /// Two tensors hold each other's values.
        case swap
        /// Three or more tensors hold the next one's values, round a cycle.
        case rotation
        /// A tensor holds another's values, which are not missing elsewhere among the failures.
        case misplaced
    }

    /// What happened.
    public let kind: Kind
    /// The matches, in cycle order (each holds the values of the next one's reference).
    public let matches: [SwapMatch]

    /// `layer 2: attn_q ↔ attn_k swapped (attn_q matches model.layers.2.self_attn.k_proj.weight, cosine 0.9999)`.
    public var description: String {
        let labels = SwapFinding.labels(matches.map(\.candidate))
        let first = matches[0]
        let evidence = "\(labels.names[0]) matches \(first.holds), cosine \(SwapFinding.cosine(first.cosine))"
        switch kind {
        case .swap:
            return "\(labels.prefix)\(labels.names[0]) ↔ \(labels.names[1]) swapped (\(evidence))"
        case .rotation:
            let rest = matches.dropFirst().map { SwapFinding.cosine($0.cosine) }.joined(separator: ", ")
            return "\(labels.prefix)\(labels.names.joined(separator: ", ")) rotated, each holding the next one's values "
                + "(\(evidence); then \(rest))"
        case .misplaced:
            return "\(labels.prefix)\(labels.names[0]) holds the values of \(first.holds) (cosine "
                + "\(SwapFinding.cosine(first.cosine)))"
        }
    }

    /// Short names: kinds behind `layer N: ` when every tensor is in one layer, else the names without `.weight`.
    static func labels(_ names: [String]) -> (prefix: String, names: [String]) {
        let parsed = names.map(TensorComparison.layerAndKind)
        if let layer = parsed.first??.layer, parsed.allSatisfy({ $0?.layer == layer }) {
            return ("layer \(layer): ", parsed.map { $0!.kind })
        }
        return ("", names.map { $0.hasSuffix(".weight") ? String($0.dropLast(7)) : $0 })
    }

    private static func cosine(_ x: Double) -> String { String(format: "%.5f", x) }
}

/// Looks for the reference tensor each failing tensor holds.
public enum SwapFinder {
    /// At most this many failing tensors are examined (each costs a read of same-shaped reference tensors).
    public static let maximumExamined = 64
    /// At most this many (failing tensor, reference tensor) pairs are read, nearest layers first.
    public static let maximumTrials = 512
    /// Failing tensors whose cosine is at or above this are off in degree, not swapped, and are not examined.
    public static let examinedBelowCosine = 0.9

    /// The swaps among `tensors` (the judged `pairs`, same order), found with one more pass of `engine`.
    ///
    /// When most tensors fail the candidate is not a variant of this reference, and nothing is searched. Each
    /// failing tensor is tried against the same-shaped reference tensors of its own layer first, then of layers
    /// further away, within `maximumTrials` pairs in all.
    public static func find(pairs: [TensorPair], tensors: [TensorComparison], reference: ModelSource,
                            candidate: ModelSource, engine: CompareEngine,
                            referenceFormat: WeightFormat, candidateFormat: WeightFormat) -> [SwapFinding] {
        let failing = tensors.indices.filter { i in
            guard !tensors[i].ok, let f = tensors[i].figures else { return false }
            return f.cosine < examinedBelowCosine
        }.prefix(maximumExamined)
        let failed = tensors.filter { !$0.ok }.count
        guard !failing.isEmpty, !(failed >= 4 && failed * 2 > tensors.count) else { return [] }
        var options: [(distance: Int, failing: Int, other: Int, pair: TensorPair)] = []
        for f in failing {
            let cand = pairs[f].candidate
            let candShape = TensorMatcher.rowMajor(cand.shape, format: candidateFormat)
            for (j, other) in pairs.enumerated() where j != f && other.pairing != nil {
                let resolved = TensorMatcher.resolve(
                    other.transform, reference: TensorMatcher.rowMajor(other.reference.shape, format: referenceFormat),
                    candidate: candShape)
                guard case .success(let p) = resolved else { continue }
                let distance = abs((tensors[f].layer ?? -1) - (tensors[j].layer ?? -1))
                options.append((distance, f, j, TensorPair(reference: other.reference, candidate: cand,
                                                           source: other.source, transform: other.transform,
                                                           pairing: p, problem: nil)))
            }
        }
        let chosen = options.enumerated().sorted { ($0.element.distance, $0.offset) < ($1.element.distance, $1.offset) }
            .prefix(maximumTrials).map(\.element)
        let trials = chosen.map(\.pair)
        let owner = chosen.map { (failing: $0.failing, other: $0.other) }
        let outcomes = engine.run(trials, reference: reference, candidate: candidate)
        var best: [Int: SwapMatch] = [:]
        var bestOther: [Int: Int] = [:]
        for (k, outcome) in outcomes.enumerated() {
            guard let sums = outcome.sums else { continue }
            let figures = ErrorFigures(sums)
            let (f, j) = owner[k]
            let verdict = QuantErrorBands.verdict(figures, reference: pairs[j].reference.type,
                                                  candidate: pairs[f].candidate.type)
            guard verdict.ok, figures.cosine > (tensors[f].figures?.cosine ?? 0) + 0.1 else { continue }
            if let b = best[f], b.cosine >= figures.cosine { continue }
            best[f] = SwapMatch(candidate: tensors[f].candidate, holds: pairs[j].reference.name,
                                holdsCandidate: pairs[j].candidate.name, cosine: figures.cosine)
            bestOther[f] = j
        }
        return group(best: best, next: bestOther)
    }

    /// Joins matches into cycles (swaps, rotations) and the rest (misplaced), in the order of the first tensor.
    static func group(best: [Int: SwapMatch], next: [Int: Int]) -> [SwapFinding] {
        var done = Set<Int>()
        var out: [SwapFinding] = []
        for start in best.keys.sorted() where !done.contains(start) {
            var path = [start]
            var cursor = next[start]
            while let c = cursor, best[c] != nil, !path.contains(c), !done.contains(c) {
                path.append(c)
                cursor = next[c]
            }
            if let c = cursor, c == start, path.count >= 2 {
                done.formUnion(path)
                out.append(SwapFinding(kind: path.count == 2 ? .swap : .rotation, matches: path.map { best[$0]! }))
            }
        }
        for i in best.keys.sorted() where !done.contains(i) {
            out.append(SwapFinding(kind: .misplaced, matches: [best[i]!]))
        }
        return out
    }
}
