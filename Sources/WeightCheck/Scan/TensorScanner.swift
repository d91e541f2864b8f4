// TensorScanner: the statistics kernel of one item — whole blocks of one tensor summarized by
// `TensorStatistics.add(_:blocks:)` (dequantized batch by batch into a small stack buffer, never a
// whole-tensor array); big-endian files are byte-swapped piece by piece into a per-worker buffer first.

/// A per-worker scratch area and the routine that summarizes one run of blocks.
struct TensorScanner {
    /// Bytes byte-swapped per piece for big-endian files.
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
        // gguf-py swaps the numpy-native types (F16, F32, F64, I16, I32, I64) when it writes a big-endian file,
        // but stores BF16 and block types as raw bytes, unswapped: follow the reference writer.
        let elementBytes = type.elementsPerBlock == 1 && type != .bf16 ? type.bytesPerBlock : 0
        guard bigEndian && elementBytes > 1 else {
            // The plan made this item of whole blocks of a type that can be dequantized: this cannot throw.
            try? stats.add(type, blocks: bytes)
            return stats
        }
        var offset = 0
        while offset < bytes.count {
            let n = min(TensorScanner.swapBytes, bytes.count - offset)
            var i = 0
            while i + elementBytes <= n {
                for k in 0..<elementBytes { swapped[i + k] = bytes[offset + i + elementBytes - 1 - k] }
                i += elementBytes
            }
            try? stats.add(type, blocks: UnsafeRawBufferPointer(rebasing: swapped[0..<n]))
            offset += n
        }
        return stats
    }
}
