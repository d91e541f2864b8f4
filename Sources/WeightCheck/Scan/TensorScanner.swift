// TensorScanner: the statistics kernel of one item — dequantize whole blocks into a small per-thread
// buffer, piece by piece, and accumulate statistics and bad block scales. Never a whole-tensor array.

/// A per-worker scratch area and the routine that summarizes one run of blocks.
struct TensorScanner {
    /// Floats dequantized per piece: small enough to stay in L2, large enough to amortize the call.
    static let pieceElements = 8192

    private let floats: UnsafeMutableBufferPointer<Float>
    private let swapped: UnsafeMutableRawBufferPointer

    init() {
        floats = .allocate(capacity: TensorScanner.pieceElements)
        swapped = .allocate(byteCount: TensorScanner.pieceElements * 8, alignment: 16)
    }

    func deallocate() {
        floats.deallocate()
        swapped.deallocate()
    }

    /// Summarizes `bytes` (whole blocks of `type`).
    func summarize(_ type: ElementType, _ bytes: UnsafeRawBufferPointer, bigEndian: Bool) -> TensorStatistics {
        var stats = TensorStatistics()
        let blockBytes = type.bytesPerBlock
        let blocksPerPiece = max(1, TensorScanner.pieceElements / type.elementsPerBlock)
        let pieceBytes = blocksPerPiece * blockBytes
        let elementBytes = type.elementsPerBlock == 1 ? blockBytes : 0
        var offset = 0
        while offset < bytes.count {
            let n = min(pieceBytes, bytes.count - offset)
            var piece = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + n)])
            if bigEndian && elementBytes > 1 {
                byteSwap(piece, elementBytes: elementBytes)
                piece = UnsafeRawBufferPointer(rebasing: swapped[0..<n])
            }
            if type.isBlockQuantized {
                stats.badScales += countBadScales(type, blocks: piece)
            }
            // The plan only makes items of whole blocks of types that can be dequantized, and the buffer holds a
            // piece's elements, so this cannot throw.
            if let written = try? dequantize(type, blocks: piece, into: floats) {
                stats.add(UnsafeBufferPointer(rebasing: floats[0..<written]))
            }
            offset += n
        }
        return stats
    }

    /// Copies `piece` into `swapped` with each `elementBytes`-byte element reversed.
    private func byteSwap(_ piece: UnsafeRawBufferPointer, elementBytes: Int) {
        var i = 0
        while i + elementBytes <= piece.count {
            for k in 0..<elementBytes { swapped[i + k] = piece[i + elementBytes - 1 - k] }
            i += elementBytes
        }
    }
}
