// ComparePlan: how the matched pairs of a comparison are cut into work items — runs of whole rows, or of whole
// blocks when rows line up one to one — and where each side's bytes lie, checked once before the parallel pass.

/// One side of a planned pair: a tensor's bytes and how to turn a run of its elements into floats.
struct CompareSide: Sendable {
    /// The mapping.
    let file: MappedFile
    /// The tensor's bytes in `file`.
    let byteRange: Range<Int>
    /// The storage type.
    let type: ElementType
    /// Bytes per value to reverse before dequantizing (a big-endian GGUF's F16/F32/…); 0 when none.
    let swapWidth: Int

    init(_ t: ModelSource.Tensor) {
        file = t.file
        byteRange = t.info.byteRange
        type = t.info.type
        swapWidth = HostOrder.swapWidth(t.info.type, bigEndian: t.bigEndian)
    }

    /// The byte range of elements `start ..< start + count`, both multiples of the block length (planned so).
    func bytes(elements start: Int, count: Int) -> Range<Int> {
        let perBlock = type.elementsPerBlock, blockBytes = type.bytesPerBlock
        // Cannot overflow: start + count ≤ the tensor's element count, whose bytes lie in the file (parsers checked).
        let lower = byteRange.lowerBound + start / perBlock * blockBytes
        return lower ..< lower + count / perBlock * blockBytes
    }
}

/// A matched pair ready for the pass.
struct PlannedPair: Sendable {
    /// Index into the comparison's pairs.
    let index: Int
    let reference: CompareSide
    let candidate: CompareSide
    let pairing: RowPairing
    /// Whether both sides are read as contiguous element runs (`pairing.isContiguous`); else row by row.
    let flat: Bool
    /// Elements per unit that is whole blocks on both sides (the larger block length: all are powers of two).
    let unit: Int
    /// The first compared element of the reference (flat pairs only; row pairs look rows up in `pairing`).
    let referenceBase: Int
    /// The first compared element of the candidate.
    let candidateBase: Int
}

/// One work item: compared elements (flat pairs) or compared rows (row pairs) `lower ..< upper` of one pair.
struct CompareItem: Sendable {
    /// Index into the plan's pairs.
    let pair: Int
    let lower: Int
    let upper: Int
    /// Bytes the item reads, both sides (for progress).
    let bytes: Int
}

/// Pairs checked and cut into items.
struct ComparePlan: Sendable {
    let pairs: [PlannedPair]
    let items: [CompareItem]
    /// Why a pair cannot be compared, by pair index (into the comparison's pairs).
    let problems: [Int: String]

    /// Plans `pairs`; `sides(i)` gives pair i's reference and candidate tensors.
    ///
    /// - Parameters:
    /// - Parameter itemElements: elements per item (rounded to whole rows or units; fixed, so results do not depend
    ///   on the thread count).
    init(_ pairs: [TensorPair], sides: (Int) -> (ModelSource.Tensor, ModelSource.Tensor)?, itemElements: Int) {
        var planned: [PlannedPair] = []
        var items: [CompareItem] = []
        var problems: [Int: String] = [:]
        for (i, pair) in pairs.enumerated() {
            guard let p = pair.pairing else {
                problems[i] = pair.problem ?? "shapes do not agree"
                continue
            }
            guard let (ref, cand) = sides(i) else {
                problems[i] = "tensor not found in its file"
                continue
            }
            switch ComparePlan.plan(index: i, p, ref, cand) {
            case .failure(let why):
                problems[i] = why.message
            case .success(let ready):
                items += ComparePlan.items(ready, number: planned.count, itemElements: itemElements)
                planned.append(ready)
            }
        }
        self.pairs = planned
        self.items = items
        self.problems = problems
    }

    private static func plan(index: Int, _ p: RowPairing, _ ref: ModelSource.Tensor,
                             _ cand: ModelSource.Tensor) -> Result<PlannedPair, TensorMatcher.Mismatch> {
        func fail(_ s: String) -> Result<PlannedPair, TensorMatcher.Mismatch> { .failure(.init(message: s)) }
        for (side, t) in [("reference", ref.info), ("candidate", cand.info)] {
            guard t.type.canDequantize else { return fail("\(side) values of type \(t.type.name) cannot be read") }
            guard let needed = t.type.byteCount(elements: t.elementCount), needed == UInt64(t.byteCount) else {
                return fail("\(side) holds \(t.byteCount) bytes, not what \(t.type.name) \(t.shape) needs")
            }
        }
        let r = CompareSide(ref), c = CompareSide(cand)
        let unit = max(r.type.elementsPerBlock, c.type.elementsPerBlock)
        let rowLength = p.rowLength
        if p.isContiguous {
            let rBase = p.rowCount == 0 ? 0 : p.referenceRow(forComparedRow: 0) * rowLength
            let cBase = p.candidateFirstRow * rowLength
            let total = p.rowCount * rowLength
            for (base, type) in [(rBase, r.type), (cBase, c.type)] {
                guard base % type.elementsPerBlock == 0, total % type.elementsPerBlock == 0 else {
                    return fail("compared values are not whole \(type.name) blocks")
                }
            }
            return .success(PlannedPair(index: index, reference: r, candidate: c, pairing: p, flat: true, unit: unit,
                                        referenceBase: rBase, candidateBase: cBase))
        }
        guard rowLength % unit == 0 else {
            return fail("rows of \(rowLength) values are not whole \(r.type.name) and \(c.type.name) blocks")
        }
        return .success(PlannedPair(index: index, reference: r, candidate: c, pairing: p, flat: false, unit: unit,
                                    referenceBase: 0, candidateBase: p.candidateFirstRow * rowLength))
    }

    private static func items(_ p: PlannedPair, number: Int, itemElements: Int) -> [CompareItem] {
        var out: [CompareItem] = []
        let rowLength = p.pairing.rowLength
        func bytes(_ elements: Int) -> Int {
            elements / p.reference.type.elementsPerBlock * p.reference.type.bytesPerBlock
                + elements / p.candidate.type.elementsPerBlock * p.candidate.type.bytesPerBlock
        }
        if p.flat {
            let total = p.pairing.rowCount * rowLength
            let step = max(p.unit, itemElements / p.unit * p.unit)
            var lower = 0
            while lower < total {
                let upper = min(total, lower + step)
                out.append(CompareItem(pair: number, lower: lower, upper: upper, bytes: bytes(upper - lower)))
                lower = upper
            }
        } else {
            let step = max(1, itemElements / max(1, rowLength))
            var lower = 0
            while lower < p.pairing.rowCount {
                let upper = min(p.pairing.rowCount, lower + step)
                out.append(CompareItem(pair: number, lower: lower, upper: upper, bytes: bytes((upper - lower) * rowLength)))
                lower = upper
            }
        }
        if out.isEmpty { out.append(CompareItem(pair: number, lower: 0, upper: 0, bytes: 0)) }  // an empty tensor
        return out
    }
}
