// CompareWorker: one thread's buffers and the routine that compares one work item — both sides dequantized piece by
// piece (whole blocks) into two small buffers, reference rows gathered in the order the pairing says, then accumulated.

/// A worker's two float buffers and the comparison of one item. Not shared: each worker thread makes its own.
final class CompareWorker {
    /// Floats per buffer (a multiple of 256, so every piece cut at this size is whole blocks of any type).
    let capacity: Int
    private let reference: UnsafeMutableBufferPointer<Float>
    private let candidate: UnsafeMutableBufferPointer<Float>
    /// Scratch for big-endian values swapped to host order.
    private let swapped: UnsafeMutableRawBufferPointer

    init(bufferElements: Int) {
        capacity = bufferElements
        reference = .allocate(capacity: bufferElements)
        candidate = .allocate(capacity: bufferElements)
        swapped = .allocate(byteCount: 64 << 10, alignment: 16)
    }

    deinit {
        reference.deallocate()
        candidate.deallocate()
        swapped.deallocate()
    }

    /// Compares item `item` of pair `p`.
    func run(_ item: CompareItem, _ p: PlannedPair) -> Result<ErrorAccumulator, DequantizeError> {
        var acc = ErrorAccumulator()
        do throws(DequantizeError) {
            if p.flat { try flat(item, p, &acc) } else { try rows(item, p, &acc) }
        } catch {
            return .failure(error)
        }
        return .success(acc)
    }

    /// Releases the pages only this item read (pages shared with neighbours stay until the pair is done).
    func release(_ item: CompareItem, _ p: PlannedPair) {
        let scale = p.flat ? 1 : p.pairing.rowLength
        let count = (item.upper - item.lower) * scale
        p.candidate.file.release(p.candidate.bytes(elements: p.candidateBase + item.lower * scale, count: count))
        if p.flat { p.reference.file.release(p.reference.bytes(elements: p.referenceBase + item.lower, count: count)) }
    }

    /// Elements `lower ..< upper` of both sides, which line up one to one.
    private func flat(_ item: CompareItem, _ p: PlannedPair, _ acc: inout ErrorAccumulator) throws(DequantizeError) {
        var e = item.lower
        while e < item.upper {
            let n = min(capacity, item.upper - e)
            try read(p.candidate, start: p.candidateBase + e, count: n, into: candidate, at: 0)
            try read(p.reference, start: p.referenceBase + e, count: n, into: reference, at: 0)
            accumulate(n, p, &acc)
            e += n
        }
    }

    /// Compared rows `lower ..< upper`: candidate rows contiguous, reference rows looked up one by one.
    private func rows(_ item: CompareItem, _ p: PlannedPair, _ acc: inout ErrorAccumulator) throws(DequantizeError) {
        let length = p.pairing.rowLength
        guard length > 0 else { return }
        if length > capacity {  // a row longer than the buffer: column pieces (capacity is whole blocks)
            for i in item.lower ..< item.upper {
                let r = p.pairing.referenceRow(forComparedRow: i)
                var column = 0
                while column < length {
                    let n = min(capacity, length - column)
                    try read(p.candidate, start: p.candidateBase + i * length + column, count: n, into: candidate, at: 0)
                    try read(p.reference, start: r * length + column, count: n, into: reference, at: 0)
                    accumulate(n, p, &acc)
                    column += n
                }
            }
            return
        }
        let perBatch = capacity / length
        var i = item.lower
        while i < item.upper {
            let k = min(perBatch, item.upper - i)
            try read(p.candidate, start: p.candidateBase + i * length, count: k * length, into: candidate, at: 0)
            var j = 0
            while j < k {  // runs of consecutive reference rows are read at once
                let first = p.pairing.referenceRow(forComparedRow: i + j)
                var run = 1
                while j + run < k && p.pairing.referenceRow(forComparedRow: i + j + run) == first + run { run += 1 }
                try read(p.reference, start: first * length, count: run * length, into: reference, at: j * length)
                j += run
            }
            accumulate(k * length, p, &acc)
            i += k
        }
    }

    /// Adds the first `n` values of both buffers.
    private func accumulate(_ n: Int, _ p: PlannedPair, _ acc: inout ErrorAccumulator) {
        precondition(n >= 0 && n <= capacity, "piece larger than the buffer")  // our logic error, never input's
        acc.add(reference: UnsafeBufferPointer(rebasing: reference[0 ..< n]),
                candidate: UnsafeBufferPointer(rebasing: candidate[0 ..< n]), referenceOffset: p.pairing.referenceOffset)
    }

    /// Dequantizes elements `start ..< start + count` of `side` (whole blocks, as planned) into `buffer[at...]`.
    private func read(_ side: CompareSide, start: Int, count: Int, into buffer: UnsafeMutableBufferPointer<Float>,
                      at offset: Int) throws(DequantizeError) {
        // Callers place pieces inside the buffer (the plan cut them so); a violation is our logic error, not input's.
        precondition(offset >= 0 && count >= 0 && offset + count <= capacity, "piece outside the buffer")
        let out = UnsafeMutableBufferPointer(rebasing: buffer[offset ..< offset + count])
        let bytes = side.file.bytes(in: side.bytes(elements: start, count: count))
        guard side.swapWidth > 1 else {
            try dequantize(side.type, blocks: bytes, into: out)
            return
        }
        // Big-endian values (elements of one byte-width each: F16, F32, …) in host order, piece by piece.
        var written = 0
        try HostOrder.withHostOrder(bytes, swapWidth: side.swapWidth, scratch: swapped) { (piece) throws(DequantizeError) in
            let n = piece.count / side.swapWidth
            try dequantize(side.type, blocks: piece, into: UnsafeMutableBufferPointer(rebasing: out[written ..< written + n]))
            written += n
        }
    }
}
