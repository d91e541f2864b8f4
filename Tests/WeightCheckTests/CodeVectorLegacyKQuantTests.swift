// The AVX2 code-statistics kernels of the legacy quants and K-quants (CodeVector.kernel) against the dequantize-then-count
// twin at every alignment and chunking, and on blocks that stop the kernel (new extremes, NaN/Inf scales); their
// AVX-512 variants against the AVX2 ones, bit for bit.
import Testing
import CWeightKernels
@testable import WeightCheck

@Suite(.enabled(if: CodeVector.available, "the AVX2 code kernels need an x86-64 CPU with AVX2 and F16C"))
struct CodeVectorLegacyKQuantTests {
    static let types: [ElementType] = [.q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q8_1, .q2_K, .q3_K, .q4_K, .q5_K, .q6_K]

    @Test func everyTypeHasAKernel() {
        for type in Self.types { #expect(CodeVector.kernel(type) != nil, "\(type.name)") }
        #expect(CodeVector.kernel(.iq4_nl) == nil)
    }

    /// The same blocks from addresses 0…7 bytes past an aligned one, in chunks of 1, 2, 3, … blocks.
    @Test(arguments: types)
    func unalignedAndChunkedEqualTwin(_ type: ElementType) throws {
        let size = type.bytesPerBlock, blocks = 301
        var blocksBytes = [UInt8](repeating: 0, count: size * blocks)
        blocksBytes.withUnsafeMutableBytes { SyntheticBlocks.fill(type, $0, seed: 23) }
        var twin = TensorStatistics()
        try blocksBytes.withUnsafeBytes { try twin.add(type, blocks: $0, codes: false) }
        for offset in 0..<8 {
            let padded = [UInt8](repeating: 0xA5, count: offset) + blocksBytes
            var whole = TensorStatistics(), chunked = TensorStatistics()
            try padded.withUnsafeBytes { raw in
                let view = UnsafeRawBufferPointer(rebasing: raw[offset...])
                try whole.add(type, blocks: view, codes: true, vector: true)
                var at = 0, k = 1
                while at < blocks {
                    let n = min(blocks - at, k)
                    try chunked.add(type, blocks: UnsafeRawBufferPointer(rebasing: view[(at * size)..<((at + n) * size)]),
                                    codes: true, vector: true)
                    at += n; k += 1
                }
            }
            CodeStatisticsTests.expectEqual(whole, twin, "\(type.name) offset \(offset)")
            CodeStatisticsTests.expectEqual(chunked, twin, "\(type.name) offset \(offset) chunked")
        }
    }

    /// Random bytes: NaN/Inf in every scale field (Q2_K's dmin, Q4_1's m, Q8_1's s) as often as not; the bad-scale
    /// count of the vector path (counted in the blocks its kernel hands back) equals countBadScales over the bytes.
    @Test(arguments: types)
    func randomBytesEqualTwin(_ type: ElementType) throws {
        var rng = SplitMix(seed: 59)
        let bytes = (0..<type.bytesPerBlock * 1999).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let (codes, twin) = try CodeStatisticsTests.both(type, bytes)
        CodeStatisticsTests.expectEqual(codes, twin, "\(type.name) random")
        let expected = bytes.withUnsafeBytes { countBadScales(type, blocks: $0) }
        #expect(expected > 0 && codes.badScales == expected, "\(type.name): \(codes.badScales) vs \(expected)")
    }

    /// Blocks that stop the kernel (a scale grows, a NaN/Inf scale) between runs of ordinary ones, and more
    /// blocks than one kernel call takes.
    @Test(arguments: types)
    func stopsAndLongRunsEqualTwin(_ type: ElementType) throws {
        let size = type.bytesPerBlock, blocks = 70_000 / type.elementsPerBlock * 3
        var bytes = [UInt8](repeating: 0, count: size * blocks)
        bytes.withUnsafeMutableBytes { SyntheticBlocks.fill(type, $0, seed: 31) }
        let dAt = CodeStatisticsTests.halfOffsets(type)[0]
        for (k, b) in stride(from: 5, to: blocks, by: blocks / 17).enumerated() {
            let bits: UInt16 = [0x5000, 0x7C00, 0xFE00, 0x6000, 0xD800, 0x0000][k % 6]  // 32, Inf, NaN, 512, −131, 0
            bytes[b * size + dAt] = UInt8(bits & 0xFF)
            bytes[b * size + dAt + 1] = UInt8(bits >> 8)
        }
        let (codes, twin) = try CodeStatisticsTests.both(type, bytes)
        CodeStatisticsTests.expectEqual(codes, twin, type.name)
        #expect(codes.badScales == twin.badScales)
    }

    /// Zero units (+0 and −0) scattered through runs of ordinary blocks, so that eight-block groups hold some
    /// (the kernels count all their values as zeros, and the centre codes of the others).
    @Test(arguments: [ElementType.q4_0, .q5_0, .q8_0, .q4_1])
    func zeroUnitsInsideEightsEqualTwin(_ type: ElementType) throws {
        let size = type.bytesPerBlock, blocks = 4099
        var bytes = [UInt8](repeating: 0, count: size * blocks)
        bytes.withUnsafeMutableBytes { SyntheticBlocks.fill(type, $0, seed: 37) }
        let dAt = CodeStatisticsTests.halfOffsets(type)[0]
        var rng = SplitMix(seed: 41)
        for b in 0..<blocks where rng.next() % 5 == 0 {
            bytes[b * size + dAt] = 0
            bytes[b * size + dAt + 1] = rng.next() % 2 == 0 ? 0 : 0x80
        }
        let (codes, twin) = try CodeStatisticsTests.both(type, bytes)
        CodeStatisticsTests.expectEqual(codes, twin, "\(type.name) zero units")
        #expect(codes.zeroCount == twin.zeroCount)
    }

    /// The K-quants add four blocks at a time: the same operations in the same order as the Swift code kernel's
    /// block by block, so the same bits, not only figures within the tolerance of expectEqual. (Not Q6_K: its
    /// AVX2 and Swift kernels differed in the last bits before blocks were batched, as the earlier C kernel's
    /// output still matches the batched one's bit for bit; both stay within expectEqual's tolerance.)
    @Test(.enabled(if: CodeVector.available, "no AVX2 on this CPU: nothing to compare"),
          arguments: [ElementType.q2_K, .q3_K, .q4_K, .q5_K])
    func batchedBlocksEqualSwiftBitForBit(_ type: ElementType) throws {
        let size = type.bytesPerBlock, blocks = 4099
        var bytes = [UInt8](repeating: 0, count: size * blocks)
        bytes.withUnsafeMutableBytes { SyntheticBlocks.fill(type, $0, seed: 43) }
        var vector = TensorStatistics(), swift = TensorStatistics()
        try bytes.withUnsafeBytes { try vector.add(type, blocks: $0, codes: true, vector: true) }
        try bytes.withUnsafeBytes { try swift.add(type, blocks: $0, codes: true, vector: false) }
        CodeStatisticsTests.expectEqual(vector, swift, type.name)
        #expect(vector.mean == swift.mean && vector.std == swift.std,
                "\(type.name): mean \(String(describing: vector.mean)) vs \(String(describing: swift.mean)), std \(String(describing: vector.std)) vs \(String(describing: swift.std))")
    }

    /// Q4_K/Q5_K blocks whose values d·sc·q − dmin·m reach exactly 0 at one code of a few groups and miss it in
    /// the rest: dmin = d, and per group dmin·m / (d·sc) a half (scale 2, an odd min), or, one group in 32, the
    /// whole number 1 or qmax (a zero at the lowest or the top code) or qmax + 1 (none). The AVX-512 kernel finds
    /// these with a reciprocal estimate where the AVX2 one divides; a four whose only zero is at the top code goes
    /// value by value on both. Bit for bit against the Swift kernel, the two variants against each other.
    @Test(.enabled(if: CodeVector.available, "no AVX2 on this CPU: nothing to compare"), arguments: [ElementType.q4_K, .q5_K])
    func zeroValuesAtACodeEqualTwin(_ type: ElementType) throws {
        let size = type.bytesPerBlock, blocks = 4099, qmax = type == .q5_K ? 31 : 15
        var bytes = [UInt8](repeating: 0, count: size * blocks)
        bytes.withUnsafeMutableBytes { SyntheticBlocks.fill(type, $0, seed: 61) }
        var rng = SplitMix(seed: 67)
        for b in 0..<blocks {
            let p = b * size
            bytes[p + 2] = bytes[p]  // dmin = d
            bytes[p + 3] = bytes[p + 1]
            var sc = [Int](repeating: 2, count: 8), m = [Int](repeating: 1, count: 8)
            for g in 0..<8 {
                switch rng.next() % 128 {
                case 0: (sc[g], m[g]) = (1, qmax)
                case 1: (sc[g], m[g]) = (2, 2 * qmax)
                case 2: (sc[g], m[g]) = (1, 1)
                case 3: (sc[g], m[g]) = (1, qmax + 1)
                default: m[g] = Int(rng.next() % 32) * 2 + 1
                }
            }
            for j in 0..<4 {  // the 12 bytes of 6-bit codes, as ggml packs them (get_scale_min_k4)
                bytes[p + 4 + j] = UInt8(sc[j] | (sc[j + 4] >> 4) << 6)
                bytes[p + 8 + j] = UInt8(m[j] | (m[j + 4] >> 4) << 6)
                bytes[p + 12 + j] = UInt8(sc[j + 4] & 15 | (m[j + 4] & 15) << 4)
            }
        }
        var vector = TensorStatistics(), swift = TensorStatistics()
        try bytes.withUnsafeBytes { try vector.add(type, blocks: $0, codes: true, vector: true) }
        try bytes.withUnsafeBytes { try swift.add(type, blocks: $0, codes: true, vector: false) }
        CodeStatisticsTests.expectEqual(vector, swift, type.name)
        #expect(vector.zeroCount == swift.zeroCount && vector.zeroCount > 0)
        #expect(vector.mean == swift.mean && vector.std == swift.std, "\(type.name)")
        if CodeVector.wideAvailable, let (narrow, wide) = CodeVector.variants(type) {
            bytes.withUnsafeBytes { raw in
                var a = wc_code_sums(low: -1e30, high: 1e30, shift: 0, sum: 0, squares: 0, values: 0, zeros: 0), b = a
                let doneA = narrow(raw.baseAddress!, blocks, &a), doneB = wide(raw.baseAddress!, blocks, &b)
                #expect(doneA == blocks && doneB == blocks)
                #expect([a.sum.bitPattern, a.squares.bitPattern, a.shift.bitPattern, a.values, a.zeros]
                        == [b.sum.bitPattern, b.squares.bitPattern, b.shift.bitPattern, b.values, b.zeros], "\(type.name)")
            }
        }
    }

    /// The AVX-512 variants against the AVX2 ones, call by call on the same bytes from the same sums: the same
    /// count back and the same bits in every field. Synthetic blocks, random bytes (NaN/Inf scales, stops), zero
    /// units, units over eight binades, extremes that start narrow (so blocks widen them), and calls of every
    /// length from 1 to 40 blocks.
    @Test(.enabled(if: CodeVector.wideAvailable, "no AVX-512 on this CPU: nothing to compare"),
          arguments: types.filter { CodeVector.variants($0) != nil })
    func wideVariantEqualsAVX2BitForBit(_ type: ElementType) throws {
        let (narrow, wide) = try #require(CodeVector.variants(type))
        let size = type.bytesPerBlock, blocks = 5003
        var synthetic = [UInt8](repeating: 0, count: size * blocks)
        synthetic.withUnsafeMutableBytes { SyntheticBlocks.fill(type, $0, seed: 47) }
        var zeroUnits = synthetic
        let dAt = CodeStatisticsTests.halfOffsets(type)[0]
        var rng = SplitMix(seed: 53)
        for b in 0..<blocks where rng.next() % 7 == 0 {
            zeroUnits[b * size + dAt] = 0
            zeroUnits[b * size + dAt + 1] = rng.next() % 2 == 0 ? 0 : 0x80
        }
        // Units over eight binades of either sign: sums that round, so an order of adds shows.
        var binades = synthetic
        for b in 0..<blocks {
            let h = UInt16(0x1C00) + UInt16(truncatingIfNeeded: rng.next() % 0x2000) | (rng.next() % 2 == 0 ? 0 : 0x8000)
            binades[b * size + dAt] = UInt8(h & 0xFF)
            binades[b * size + dAt + 1] = UInt8(h >> 8)
        }
        let random = (0..<size * blocks).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        func bits(_ s: wc_code_sums) -> [UInt64] {
            [s.low.bitPattern, s.high.bitPattern, s.shift.bitPattern, s.sum.bitPattern, s.squares.bitPattern, s.values, s.zeros]
        }
        for (name, bytes) in [("synthetic", synthetic), ("zero units", zeroUnits), ("binades", binades), ("random", random)] {
            for (low, high) in [(-1e30, 1e30), (-0.01, 0.01), (Double.infinity, -Double.infinity)] {
                bytes.withUnsafeBytes { raw in
                    var a = wc_code_sums(low: low, high: high, shift: 0, sum: 0, squares: 0, values: 0, zeros: 0), b = a
                    var at = 0, k = 1, calls = 0
                    while at < blocks {
                        let n = min(blocks - at, k), from = raw.baseAddress! + at * size
                        let doneA = narrow(from, n, &a), doneB = wide(from, n, &b)
                        #expect(doneA == doneB && bits(a) == bits(b), "\(type.name) \(name) from \(low) at block \(at)")
                        if doneA != doneB || bits(a) != bits(b) { return }
                        // A block handed back: past it, with the extremes widened as the Swift side would.
                        at += doneA < n ? doneA + 1 : n
                        if doneA < n { a.low = -1e30; a.high = 1e30; b = a }
                        k = k % 40 + 1; calls += 1
                    }
                    #expect(calls > 0)
                }
            }
        }
    }
}
