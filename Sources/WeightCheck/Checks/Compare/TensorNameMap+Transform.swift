// What each TensorNameMap.Transform means row by row: which reference row a candidate row holds, and the llama
// Q/K permutation of convert_hf_to_gguf.py with its inverse.

/// The per-head row permutation `convert_hf_to_gguf.py` applies to llama-family Q and K weights (and biases):
///
///     w.reshape(heads, 2, rows / heads / 2, *rest).swapaxes(1, 2).reshape(w.shape)
///
/// Within each head of `d = rows / heads` rows, HF row `h·d + j·d/2 + i` (j ∈ {0, 1}, i < d/2) becomes GGUF row
/// `h·d + 2i + j`: the two rotary halves are interleaved.
public enum LlamaPermutation {
    /// Whether `rows` can be permuted with `heads` heads (`rows` a positive multiple of `2 · heads`).
    public static func isValid(rows: Int, heads: Int) -> Bool {
        guard heads > 0, rows > 0 else { return false }
        let (twice, overflow) = heads.multipliedReportingOverflow(by: 2)
        return !overflow && rows % twice == 0
    }

    /// The HF row stored at GGUF row `row` (`isValid(rows:heads:)` must hold; `row` in `0..<rows`).
    @inline(__always)
    public static func sourceRow(ofPermutedRow row: Int, rows: Int, heads: Int) -> Int {
        let perHead = rows / heads
        let half = perHead / 2
        let head = row / perHead
        let within = row - head * perHead
        return head * perHead + (within & 1) * half + (within >> 1)
    }

    /// The GGUF row at which HF row `row` is stored (inverse of `sourceRow`).
    @inline(__always)
    public static func permutedRow(ofSourceRow row: Int, rows: Int, heads: Int) -> Int {
        let perHead = rows / heads
        let half = perHead / 2
        let head = row / perHead
        let within = row - head * perHead
        let j = within / half
        let i = within - j * half
        return head * perHead + 2 * i + j
    }

    /// HF → GGUF order: what the converter writes. `values` holds `rows` rows of `rowLength` values.
    public static func permute(_ values: [Float], rowLength: Int, heads: Int) -> [Float] {
        reorder(values, rowLength: rowLength) { sourceRow(ofPermutedRow: $0, rows: $1, heads: heads) }
    }

    /// GGUF → HF order: undoes `permute`.
    public static func unpermute(_ values: [Float], rowLength: Int, heads: Int) -> [Float] {
        reorder(values, rowLength: rowLength) { permutedRow(ofSourceRow: $0, rows: $1, heads: heads) }
    }

    /// `out[row r] = values[row from(r)]`.
    private static func reorder(_ values: [Float], rowLength: Int, from: (Int, Int) -> Int) -> [Float] {
        precondition(rowLength > 0 && values.count % rowLength == 0, "values are not whole rows")
        let rows = values.count / rowLength
        var out = [Float](repeating: 0, count: values.count)
        for r in 0..<rows {
            let s = from(r, rows)
            out[r * rowLength ..< (r + 1) * rowLength] = values[s * rowLength ..< (s + 1) * rowLength]
        }
        return out
    }
}

/// How the rows of a matched pair line up, once both shapes are known: which candidate rows are compared and
/// which reference row each of them holds. Rows are the innermost dimension (GGUF `ne[0]`, safetensors' last).
public struct RowPairing: Sendable, Hashable {
    /// Values per row, the same on both sides.
    public let rowLength: Int
    /// Rows compared.
    public let rowCount: Int
    /// The first candidate row compared; compared row `i` is candidate row `candidateFirstRow + i`
    /// (non-zero only for an expert slice of a stacked candidate).
    public let candidateFirstRow: Int
    /// Rows in the reference.
    public let referenceRows: Int
    /// The transform, resolved (never `.leadingRows`, `.stackedExpertHalf` or `.unresolved`).
    public let transform: TensorNameMap.Transform

    /// Added to every reference value before comparing (1 for `.addOne`, else 0).
    public var referenceOffset: Float {
        if case .addOne = transform { return 1 }
        return 0
    }

    /// Whether compared row `i` is reference row `i` and candidate row `candidateFirstRow + i` for every `i`, so
    /// both sides can be read as contiguous runs.
    public var isContiguous: Bool {
        switch transform {
        case .none, .addOne, .expertSlice: return true
        case .rowSlice(let range, let period): return period == nil || period == range.count
        default: return false
        }
    }

    /// The reference row that compared row `i` holds (`i` in `0..<rowCount`).
    @inline(__always)
    public func referenceRow(forComparedRow i: Int) -> Int {
        switch transform {
        case .llamaPermute(let heads):
            return LlamaPermutation.sourceRow(ofPermutedRow: i, rows: rowCount, heads: heads)
        case .rowSlice(let range, let period):
            guard let period else { return range.lowerBound + i }
            let group = i / range.count
            return group * period + range.lowerBound + (i - group * range.count)
        default:
            return i
        }
    }

    /// The reference arranged as the candidate's compared rows, with `referenceOffset` added: the values the
    /// candidate should hold. A whole-array convenience for tests and small tensors; the scan pairs rows instead.
    ///
    /// - Parameter reference: the whole reference, row-major, `referenceRows × rowLength` values.
    public func expectedCandidate(fromReference reference: [Float]) -> [Float] {
        precondition(reference.count == referenceRows * rowLength, "reference does not have the paired shape")
        var out = [Float]()
        out.reserveCapacity(rowCount * rowLength)
        let offset = referenceOffset
        for i in 0..<rowCount {
            let s = referenceRow(forComparedRow: i) * rowLength
            for v in reference[s ..< s + rowLength] { out.append(v + offset) }
        }
        return out
    }
}
