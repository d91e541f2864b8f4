// BenchmarkModel: a GGUF file built in memory for `bench`'s whole-pass figures — a small llama-like header and
// tensors of the common quantizations (Q4_K, Q6_K, Q8_0, Q5_0, F16, F32) filled with `SyntheticBlocks`.

/// A synthetic GGUF model of about a requested size.
public enum BenchmarkModel {
    /// The tensor types cycled through, in proportions like a Q4_K_M file's.
    static let typeCycle: [ElementType] = [.q4_K, .q6_K, .q4_K, .q8_0, .q5_0, .q4_K, .f16, .f32]
    /// Elements per row (`ne[0]`): a multiple of every block size used.
    static let rowElements = 4096

    /// The bytes of a GGUF v3 file (little-endian, alignment 32) of about `approximateBytes` (at least one
    /// tensor), with tensors named `blk.N.weight`.
    ///
    /// - Complexity: O(approximateBytes); the whole file is built in one array.
    public static func gguf(approximateBytes: Int, seed: UInt64 = 1) -> [UInt8] {
        let tensorCount = 16
        let target = max(1 << 20, approximateBytes) / tensorCount
        var tensors: [(name: String, type: ElementType, rows: Int, bytes: Int)] = []
        for i in 0..<tensorCount {
            let type = typeCycle[i % typeCycle.count]
            let rowBytes = rowElements / type.elementsPerBlock * type.bytesPerBlock
            let rows = max(1, target / rowBytes)
            tensors.append(("blk.\(i).weight", type, rows, rows * rowBytes))
        }
        var header = Writer()
        header.raw(Array("GGUF".utf8))
        header.u32(3)
        header.u64(UInt64(tensors.count))
        header.u64(2)
        header.string("general.architecture"); header.u32(8); header.string("llama")
        header.string("general.name"); header.u32(8); header.string("weightcheck bench")
        var offset = 0
        for t in tensors {
            header.string(t.name)
            header.u32(2)
            header.u64(UInt64(rowElements))
            header.u64(UInt64(t.rows))
            header.u32(t.type.traits.ggmlID ?? 0)
            header.u64(UInt64(offset))
            offset += (t.bytes + 31) / 32 * 32
        }
        header.pad(to: 32)
        let dataStart = header.bytes.count
        var file = header.bytes + [UInt8](repeating: 0, count: offset)
        file.withUnsafeMutableBytes { all in
            var at = dataStart
            for (i, t) in tensors.enumerated() {
                // at + t.bytes <= dataStart + offset = all.count: the tensors were laid out above.
                SyntheticBlocks.fill(t.type, UnsafeMutableRawBufferPointer(rebasing: all[at..<at + t.bytes]), seed: seed &+ UInt64(i))
                at += (t.bytes + 31) / 32 * 32
            }
        }
        return file
    }

    /// Little-endian GGUF field writer.
    private struct Writer {
        var bytes: [UInt8] = []
        mutating func raw(_ b: [UInt8]) { bytes += b }
        mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
        mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
        mutating func string(_ s: String) { u64(UInt64(s.utf8.count)); bytes += Array(s.utf8) }
        mutating func pad(to alignment: Int) { while bytes.count % alignment != 0 { bytes.append(0) } }
    }
}
