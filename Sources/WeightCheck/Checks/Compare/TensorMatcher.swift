// TensorMatcher: pairs the tensors of a reference with those of a candidate (user map, then identical names,
// then the architecture's name map) and checks that the shapes agree under the converter's transform.

/// One reference tensor paired with the candidate tensor that should hold its values.
public struct TensorPair: Sendable, Hashable {
    /// How the pair was found.
    public enum Source: String, Sendable, Hashable {
        /// From `--map FILE`.
        case userMap = "map"
        /// Both files use the same name.
        case sameName = "name"
        /// Translated by the architecture's `TensorNameMap`.
        case nameMap = "architecture"
    }

    /// The reference tensor.
    public let reference: TensorInfo
    /// The candidate tensor (for an expert slice: the whole stacked tensor).
    public let candidate: TensorInfo
    /// How the pair was found.
    public let source: Source
    /// The transform as the name map gave it (before shapes resolved it).
    public let transform: TensorNameMap.Transform
    /// How rows line up, when the shapes agree under `transform`; nil when they do not.
    public let pairing: RowPairing?
    /// Why the shapes do not agree (or the transform cannot be undone); nil when `pairing` is set.
    public let problem: String?
}

/// The outcome of matching two tensor tables.
public struct TensorMatch: Sendable {
    /// Matched pairs, in reference order (a reference tensor that becomes several candidates gives consecutive pairs).
    public var pairs: [TensorPair]
    /// Reference tensors with no candidate: listed, not failed.
    public var unmatchedReference: [String]
    /// Candidate tensors no reference tensor maps to: listed, not failed.
    public var unmatchedCandidate: [String]
}

/// Pairs tensors and checks their shapes.
public enum TensorMatcher {
    /// Matches `reference` against `candidate`.
    ///
    /// Order of precedence for each reference tensor: an entry of `userMap` (source → candidate name, no
    /// transform); the same name in the candidate; the names `nameMap` translates it to. A candidate tensor may be
    /// matched more than once (each expert of a stacked tensor).
    ///
    /// - Parameters:
    ///   - referenceFormat, candidateFormat: the formats whose shape order the tables use.
    ///   - nameMap: the architecture's map, or nil when the architecture is unknown (only names and `userMap` match).
    /// - Complexity: O(n) dictionary look-ups.
    public static func match(reference: [TensorInfo], referenceFormat: WeightFormat,
                             candidate: [TensorInfo], candidateFormat: WeightFormat,
                             nameMap: TensorNameMap?, userMap: [String: String] = [:]) -> TensorMatch {
        var byName: [String: TensorInfo] = [:]
        for t in candidate where byName[t.name] == nil { byName[t.name] = t }
        var used = Set<String>()
        var result = TensorMatch(pairs: [], unmatchedReference: [], unmatchedCandidate: [])

        func add(_ ref: TensorInfo, _ cand: TensorInfo, _ source: TensorPair.Source, _ t: TensorNameMap.Transform) {
            used.insert(cand.name)
            let resolved = resolve(t, reference: rowMajor(ref.shape, format: referenceFormat),
                                   candidate: rowMajor(cand.shape, format: candidateFormat))
            switch resolved {
            case .success(let p):
                result.pairs.append(TensorPair(reference: ref, candidate: cand, source: source, transform: t,
                                               pairing: p, problem: nil))
            case .failure(let f):
                result.pairs.append(TensorPair(reference: ref, candidate: cand, source: source, transform: t,
                                               pairing: nil, problem: f.message))
            }
        }

        for ref in reference {
            if let target = userMap[ref.name] {
                if let cand = byName[target] { add(ref, cand, .userMap, .none) } else {
                    result.unmatchedReference.append(ref.name)
                }
                continue
            }
            if let cand = byName[ref.name] {
                add(ref, cand, .sameName, .none)
                continue
            }
            let mapped = (nameMap?.ggufNames(forHF: ref.name) ?? []).compactMap { m in
                byName[m.ggufName].map { (m, $0) }
            }
            if mapped.isEmpty {
                result.unmatchedReference.append(ref.name)
            } else {
                for (m, cand) in mapped { add(ref, cand, .nameMap, m.transform) }
            }
        }
        result.unmatchedCandidate = candidate.map(\.name).filter { !used.contains($0) }
        return result
    }

    /// A shape in row-major order (outermost first): safetensors' as is, GGUF's `ne` reversed. Nil when a
    /// dimension or the element count does not fit `Int`.
    public static func rowMajor(_ shape: [UInt64], format: WeightFormat) -> [Int]? {
        var dims = [Int]()
        var count = 1
        for d in shape {
            guard let v = Int(exactly: d) else { return nil }
            let (p, overflow) = count.multipliedReportingOverflow(by: v)
            guard !overflow else { return nil }
            count = p
            dims.append(v)
        }
        return format == .gguf ? dims.reversed() : dims
    }

    /// Why a pair cannot be compared.
    public struct Mismatch: Error, Sendable, Hashable {
        /// One lowercase line.
        public let message: String
    }

    /// Resolves `transform` against both row-major shapes into a `RowPairing`, or says why the shapes disagree.
    public static func resolve(_ transform: TensorNameMap.Transform, reference: [Int]?,
                               candidate: [Int]?) -> Result<RowPairing, Mismatch> {
        guard let r = reference, let c = candidate else {
            return .failure(Mismatch(message: "shape too large to compare"))
        }
        func fail(_ why: String) -> Result<RowPairing, Mismatch> {
            .failure(Mismatch(message: "\(why): reference \(describe(r)), candidate \(describe(c)) (row-major)"))
        }
        let rowLength = r.last ?? 1
        let refRows = rows(r)
        let candRows = rows(c)
        func pairing(_ t: TensorNameMap.Transform, rows: Int, first: Int = 0) -> Result<RowPairing, Mismatch> {
            .success(RowPairing(rowLength: rowLength, rowCount: rows, candidateFirstRow: first,
                                referenceRows: refRows, transform: t))
        }
        switch transform {
        case .none, .addOne:
            return sameDims(r, c) ? pairing(transform, rows: refRows) : fail("shape mismatch")
        case .llamaPermute(let heads):
            guard sameDims(r, c) else { return fail("shape mismatch") }
            guard LlamaPermutation.isValid(rows: refRows, heads: heads) else {
                return fail("\(refRows) rows cannot be permuted with \(heads) heads")
            }
            return pairing(transform, rows: refRows)
        case .expertSlice(let index):
            guard let experts = c.first, c.count >= 2, sameDims(Array(c.dropFirst()), r) else {
                return fail("shape mismatch for an expert slice")
            }
            guard index >= 0, index < experts else { return fail("expert \(index) out of range") }
            return pairing(transform, rows: refRows, first: index * refRows)
        case .rowSlice(let range, let period):
            let p = period ?? refRows
            guard rowLength == (c.last ?? 1), p > 0, refRows % p == 0, range.lowerBound >= 0,
                  range.upperBound <= p, !range.isEmpty, candRows == refRows / p * range.count else {
                return fail("shape mismatch for a row slice")
            }
            return pairing(transform, rows: candRows)
        case .leadingRows:
            guard rowLength == (c.last ?? 1), r.count == c.count, candRows > 0, candRows <= refRows else {
                return fail("shape mismatch")
            }
            return resolve(.rowSlice(0..<candRows), reference: r, candidate: c)
        case .stackedExpertHalf(let half):
            guard r.count == 3, r[1] % 2 == 0, r[1] > 0, half == 0 || half == 1 else {
                return fail("not a stacked gate_up tensor")
            }
            let n = r[1] / 2
            return resolve(.rowSlice(half * n ..< (half + 1) * n, period: r[1]), reference: r, candidate: c)
        case .unresolved(let why):
            return .failure(Mismatch(message: why))
        }
    }

    private static func rows(_ dims: [Int]) -> Int {
        dims.dropLast().reduce(1, *)  // the element count fits Int (checked by rowMajor), so this cannot overflow
    }

    /// Equal dimensions, ignoring leading ones (a `[1, n]` tensor and an `[n]` one hold the same values).
    private static func sameDims(_ a: [Int], _ b: [Int]) -> Bool {
        a.drop(while: { $0 == 1 }).elementsEqual(b.drop(while: { $0 == 1 }))
    }

    private static func describe(_ dims: [Int]) -> String {
        "[" + dims.map(String.init).joined(separator: ", ") + "]"
    }
}
