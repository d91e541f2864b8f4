// TensorScanner: the value kernels of one item — whole blocks of one tensor summarized by
// `TensorStatistics.add(_:blocks:)` or counted into a `TensorHistogram`, read through `HostOrder` (so a
// big-endian file's values are swapped piece by piece into a per-worker buffer first).

/// A per-worker scratch area and the routines that summarize one run of blocks.
struct TensorScanner {
    /// Bytes byte-swapped per piece for big-endian files (a multiple of the statistics batch's bytes for every
    /// swapped width, so the batches, and so the bits, are the same as for the little-endian twin).
    static let swapBytes = 64 << 10

    private let swapped: UnsafeMutableRawBufferPointer

    init() {
        swapped = .allocate(byteCount: TensorScanner.swapBytes, alignment: 16)
    }

    func deallocate() {
        swapped.deallocate()
    }

    /// Summarizes `bytes` (whole blocks of `type`, which the plan checked can be dequantized).
    func summarize(_ type: ElementType, _ bytes: UnsafeRawBufferPointer, bigEndian: Bool) -> TensorStatistics {
        var stats = TensorStatistics()
        // The plan made this item of whole blocks of a type that can be dequantized: this cannot throw.
        HostOrder.withHostOrder(bytes, swapWidth: HostOrder.swapWidth(type, bigEndian: bigEndian), scratch: swapped) { piece in
            try? stats.add(type, blocks: piece)
        }
        return stats
    }

    /// Counts the values of `bytes` (whole blocks of `type`) into `histogram`.
    func count(_ type: ElementType, _ bytes: UnsafeRawBufferPointer, bigEndian: Bool, into histogram: inout TensorHistogram) {
        HostOrder.withHostOrder(bytes, swapWidth: HostOrder.swapWidth(type, bigEndian: bigEndian), scratch: swapped) { piece in
            try? histogram.add(type, blocks: piece)
        }
    }
}
