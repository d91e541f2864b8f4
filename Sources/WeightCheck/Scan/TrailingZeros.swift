// TrailingZeros: the length of the run of zero bytes that ends a file — pre-allocating downloaders leave
// zero-filled tails when they stop early. Reads backwards from the end and stops at the first non-zero byte.

enum TrailingZeros {
    /// Bytes read backwards per step of `count(in:)` over a mapping, released once found all zero.
    static let stepBytes = 8 << 20

    /// Zero bytes at the end of `file`, read backwards step by step with each all-zero step's pages released,
    /// so a file of zeros (a download that never started writing) is not held in memory whole.
    static func count(in file: MappedFile) -> Int {
        var end = file.size
        while end > 0 {
            let start = max(0, end - stepBytes)
            let zeros = file.withBytes(in: start..<end) { count(in: $0) }
            if zeros < end - start { return file.size - end + zeros }
            file.release(start..<end)
            end = start
        }
        return file.size
    }

    /// Zero bytes at the end of `bytes`.
    static func count(in bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return 0 }
        var end = bytes.count
        // Eight bytes at a time while aligned words remain; loadUnaligned needs no alignment.
        while end >= 8 && base.loadUnaligned(fromByteOffset: end - 8, as: UInt64.self) == 0 { end -= 8 }
        while end > 0 && bytes[end - 1] == 0 { end -= 1 }
        return bytes.count - end
    }
}
