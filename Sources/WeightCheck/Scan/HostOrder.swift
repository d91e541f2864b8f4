// HostOrder: the one place a tensor's stored bytes become host-order values — which values a big-endian file
// stores swapped, and the piecewise swap into a caller's scratch buffer that statistics, histograms, compare and
// manifest digests all read through.

/// Byte order of tensor values, and the conversion every consumer of tensor bytes uses.
public enum HostOrder {
    /// Bytes per value to reverse when `type` is read from a file written big-endian; 0 when the bytes are
    /// already in host order.
    ///
    /// gguf-py (the reference writer) swaps the numpy-native types (F16, F32, F64, I16, I32, I64) when it writes
    /// a big-endian file, but stores BF16 and block types as raw bytes, unswapped: follow the reference writer.
    public static func swapWidth(_ type: ElementType, bigEndian: Bool) -> Int {
        guard bigEndian, type.elementsPerBlock == 1, type != .bf16, type.bytesPerBlock > 1 else { return 0 }
        return type.bytesPerBlock
    }

    /// Calls `body` with `bytes` in host order, in one call when no swap is needed, else in pieces of at most
    /// `scratch.count` bytes (rounded down to whole values) swapped into `scratch`.
    ///
    /// - Parameters:
    ///   - bytes: whole values (a multiple of `swapWidth` bytes; a partial last value is passed on unswapped).
    ///   - swapWidth: `swapWidth(_:bigEndian:)` of the tensor's type.
    ///   - scratch: at least `swapWidth` bytes, owned by the caller (one per worker thread).
    public static func withHostOrder<E: Error>(_ bytes: UnsafeRawBufferPointer, swapWidth: Int,
                                               scratch: UnsafeMutableRawBufferPointer,
                                               _ body: (UnsafeRawBufferPointer) throws(E) -> Void) throws(E) {
        guard swapWidth > 1 else { try body(bytes); return }
        let w = swapWidth
        let piece = max(w, scratch.count / w * w)
        precondition(scratch.count >= w, "scratch smaller than one value")  // our logic error, never input's
        var offset = 0
        while offset < bytes.count {
            let n = min(piece, bytes.count - offset)
            var i = 0
            while i + w <= n {
                // i + w ≤ n ≤ scratch.count and offset + n ≤ bytes.count: both indices in bounds.
                for k in 0..<w { scratch[i + k] = bytes[offset + i + w - 1 - k] }
                i += w
            }
            for k in i..<n { scratch[k] = bytes[offset + k] }
            try body(UnsafeRawBufferPointer(rebasing: scratch[0..<n]))
            offset += n
        }
    }
}
