// The statistics-from-codes kernels against their slow twin (dequantize every value, then count): on the
// fixtures, on generated blocks, on random bytes (NaN/Inf/subnormal/negative-zero scales come up), on
// chosen scale bit patterns, and on K-quant blocks built to round, to hold exact zeros and to set extremes.
import Testing
@testable import WeightCheck

@Suite struct CodeStatisticsTests {
    static let types = ElementType.allKnown.filter { TensorStatistics.hasCodeKernel($0) }

    /// Both paths over `bytes`: the code kernels and the dequantize-then-count twin. Where the type has an AVX2
    /// code kernel and it runs here, its Swift twin is held to the dequantize twin as well.
    static func both(_ type: ElementType, _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws
        -> (codes: TensorStatistics, twin: TensorStatistics) {
        var codes = TensorStatistics(), twin = TensorStatistics()
        try bytes.withUnsafeBytes { try codes.add(type, blocks: $0, codes: true) }
        try bytes.withUnsafeBytes { try twin.add(type, blocks: $0, codes: false) }
        if CodeVector.available && CodeVector.kernel(type) != nil {
            var swift = TensorStatistics()
            try bytes.withUnsafeBytes { try swift.add(type, blocks: $0, codes: true, vector: false) }
            expectEqual(swift, twin, "\(type.name) Swift code kernel", sourceLocation: sourceLocation)
        }
        return (codes, twin)
    }

    /// Counts and extremes equal; mean and std equal up to Double rounding.
    static func expectEqual(_ a: TensorStatistics, _ b: TensorStatistics, _ what: String,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.count == b.count, "count \(what)", sourceLocation: sourceLocation)
        #expect(a.nanCount == b.nanCount, "nan \(what)", sourceLocation: sourceLocation)
        #expect(a.infCount == b.infCount, "inf \(what)", sourceLocation: sourceLocation)
        #expect(a.zeroCount == b.zeroCount, "zeros \(a.zeroCount) vs \(b.zeroCount) \(what)", sourceLocation: sourceLocation)
        #expect(a.finiteCount == b.finiteCount, "finite \(what)", sourceLocation: sourceLocation)
        #expect(a.badScales == b.badScales, "bad scales \(what)", sourceLocation: sourceLocation)
        #expect(a.minimum == b.minimum, "min \(String(describing: a.minimum)) vs \(String(describing: b.minimum)) \(what)", sourceLocation: sourceLocation)
        #expect(a.maximum == b.maximum, "max \(String(describing: a.maximum)) vs \(String(describing: b.maximum)) \(what)", sourceLocation: sourceLocation)
        guard let ma = a.mean, let mb = b.mean, let sa = a.std, let sb = b.std else {
            #expect(a.mean == nil && b.mean == nil, "mean \(what)", sourceLocation: sourceLocation)
            return
        }
        let scale = max(abs(mb), sb, Double.leastNormalMagnitude)
        #expect(abs(ma - mb) <= 1e-11 * scale, "mean \(ma) vs \(mb) \(what)", sourceLocation: sourceLocation)
        #expect(abs(sa - sb) <= 1e-10 * max(sb, Double.leastNormalMagnitude), "std \(sa) vs \(sb) \(what)", sourceLocation: sourceLocation)
    }

    @Test(arguments: QuantFixture.names.filter { TensorStatistics.hasCodeKernel(QuantFixture.type(named: $0)) })
    func fixturesEqualTwin(_ name: String) throws {
        let fixture = QuantFixture.load(name)
        let (codes, twin) = try Self.both(fixture.type, fixture.raw)
        Self.expectEqual(codes, twin, name)
    }

    @Test(arguments: types)
    func generatedBlocksEqualTwin(_ type: ElementType) throws {
        for seed in [UInt64(1), 2, 3] {
            var bytes = [UInt8](repeating: 0, count: type.bytesPerBlock * 3000)
            bytes.withUnsafeMutableBytes { SyntheticBlocks.fill(type, $0, seed: seed) }
            let (codes, twin) = try Self.both(type, bytes)
            Self.expectEqual(codes, twin, "\(type.name) seed \(seed)")
        }
    }

    @Test(arguments: types)
    func randomBytesEqualTwin(_ type: ElementType) throws {
        var rng = SplitMix(seed: 17)
        for round in 0..<4 {
            let bytes = (0..<type.bytesPerBlock * 2000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let (codes, twin) = try Self.both(type, bytes)
            Self.expectEqual(codes, twin, "\(type.name) round \(round)")
        }
    }

    /// f16 scale fields of each type (the IQ1_M split scale is set through its nibbles below).
    static func halfOffsets(_ type: ElementType) -> [Int] {
        switch type {
        case .q4_0, .q8_0, .q8_1, .q1_0, .iq1_s, .q5_0, .iq2_xxs, .iq2_xs, .iq2_s, .iq3_xxs, .iq3_s, .iq4_nl, .iq4_xs: return [0]
        case .q4_K, .q5_K, .q4_1, .q5_1: return [0, 2]
        case .q3_K: return [108]
        case .q2_K: return [80, 82]
        case .q6_K: return [208]
        case .tq1_0: return [52]
        case .tq2_0: return [64]
        default: return []
        }
    }

    static let edgeHalves: [UInt16] = [0x0000, 0x8000, 0x0001, 0x8001, 0x03FF, 0x0400, 0x3C00, 0xBC00, 0x7BFF, 0xFBFF,
                                       0x7C00, 0xFC00, 0x7E00, 0xFE01, 0x1800, 0x2E66]

    /// E8M0 (MXFP4) and UE4M3 (NVFP4) scale bytes at the ends of their ranges.
    @Test(arguments: [ElementType.mxfp4, .nvfp4])
    func edgeByteScalesEqualTwin(_ type: ElementType) throws {
        let size = type.bytesPerBlock, scales = type == .mxfp4 ? 1 : 4
        let edges: [UInt8] = [0, 1, 2, 0x7E, 0x7F, 0x80, 127, 200, 249, 250, 251, 252, 253, 254, 255]
        var bytes = [UInt8](repeating: 0, count: size * 300)
        bytes.withUnsafeMutableBytes { SyntheticBlocks.fill(type, $0, seed: 8) }
        for b in 0..<300 {
            for s in 0..<scales { bytes[b * size + s] = edges[(b + 3 * s) % edges.count] }
            if b % 7 == 0 { for j in scales..<size { bytes[b * size + j] = [0x00, 0x88, 0x77, 0xFF][b / 7 % 4] } }
        }
        let (codes, twin) = try Self.both(type, bytes)
        Self.expectEqual(codes, twin, type.name)
    }

    @Test(arguments: types.filter { !halfOffsets($0).isEmpty || $0 == .iq1_m })
    func edgeScalesEqualTwin(_ type: ElementType) throws {
        var rng = SplitMix(seed: 99)
        let size = type.bytesPerBlock
        var bytes = [UInt8](repeating: 0, count: size * 600)
        bytes.withUnsafeMutableBytes { SyntheticBlocks.fill(type, $0, seed: 5) }
        for b in 0..<600 {
            for (k, offset) in Self.halfOffsets(type).enumerated() {
                let bits = Self.edgeHalves[(b &+ 7 &* k &+ Int(rng.next() % 3)) % Self.edgeHalves.count]
                bytes[b * size + offset] = UInt8(bits & 0xFF)
                bytes[b * size + offset + 1] = UInt8(bits >> 8)
            }
            if type == .iq1_m {
                let bits = Self.edgeHalves[b % Self.edgeHalves.count]
                for k in 0..<4 {
                    let at = b * size + 48 + 2 * k + 1  // high byte of the u16: its top nibble holds 4 bits of d
                    bytes[at] = bytes[at] & 0x0F | UInt8((bits >> (4 * UInt16(k))) & 0xF) << 4
                }
            }
            if b % 5 == 0 {  // some blocks whose codes are all zero, all one value, or all extreme
                let fill: UInt8 = [0x00, 0xFF, 0x88, 0x80, 0x77][b / 5 % 5]
                let kept = Set(Self.halfOffsets(type).flatMap { [$0, $0 + 1] } + (type == .iq1_m ? Array(48..<56) : []))
                for j in 0..<size where !kept.contains(j) { bytes[b * size + j] = fill }
            }
        }
        let (codes, twin) = try Self.both(type, bytes)
        Self.expectEqual(codes, twin, type.name)
        // The same bytes in uneven chunks of whole blocks, merged, agree as well.
        var chunked = TensorStatistics(), at = 0, k = 1
        while at < 600 {
            let n = min(600 - at, k * 7)
            try bytes[at * size..<(at + n) * size].withUnsafeBytes { try chunked.add(type, blocks: $0, codes: true) }
            at += n; k += 1
        }
        Self.expectEqual(chunked, twin, "\(type.name) chunked")
    }

    /// K-quant blocks whose d and dmin differ by many binades (the difference rounds: the block goes value by
    /// value), whose min code is zero (q = 0 gives exact zeros), and whose dmin·m equals d·sc·q for a code q.
    @Test(arguments: [ElementType.q2_K, .q4_K, .q5_K, .q4_1, .q5_1])
    func kQuantRoundingAndZerosEqualTwin(_ type: ElementType) throws {
        let size = type.bytesPerBlock
        let (dAt, mAt) = type == .q2_K ? (80, 82) : (0, 2)
        var bytes = [UInt8](repeating: 0, count: size * 400)
        bytes.withUnsafeMutableBytes { SyntheticBlocks.fill(type, $0, seed: 11) }
        var rng = SplitMix(seed: 3)
        for b in 0..<400 {
            let p = b * size
            let (d, dmin): (UInt16, UInt16)
            let offsetType = type == .q4_1 || type == .q5_1  // x = d·q + m: m = −3 gives a zero at q = 3
            switch b % 5 {
            case 0: (d, dmin) = (0x3C00 | UInt16(rng.next() & 0x3FF), 0x0C00 | UInt16(rng.next() & 0x3FF))  // 2^0 vs 2^-12
            case 1: (d, dmin) = (0x0C01, 0x3C00)
            case 2: (d, dmin) = (0x3C00, offsetType ? 0xC200 : 0x3C00)  // d = dmin = 1: dmin·m = d·sc·q whenever m = sc·q
            case 3: (d, dmin) = (0x3555, 0x0000)  // no offset: q = 0 gives a zero
            default: (d, dmin) = (0x2000 | UInt16(rng.next() & 0x3FF), 0x2000)
            }
            bytes[p + dAt] = UInt8(d & 0xFF); bytes[p + dAt + 1] = UInt8(d >> 8)
            bytes[p + mAt] = UInt8(dmin & 0xFF); bytes[p + mAt + 1] = UInt8(dmin >> 8)
            if b % 3 == 0 {  // scale/min codes: small values so that m = sc·q happens; some m = 0
                if type == .q2_K {
                    for g in 0..<16 { bytes[p + g] = UInt8(1 + g % 3) | UInt8([0, 1, 2, 3, 6][g % 5]) << 4 }
                } else {
                    for j in 0..<12 { bytes[p + 4 + j] = UInt8([0x01, 0x02, 0x00, 0x03, 0x04][(j + b) % 5]) }
                }
            }
        }
        let (codes, twin) = try Self.both(type, bytes)
        Self.expectEqual(codes, twin, type.name)
    }

    @Test func lowestBitOfFloats() {
        #expect(CodeMoments.TwoUnitBlock.lowestBit(1) == 0)
        #expect(CodeMoments.TwoUnitBlock.lowestBit(1.5) == -1)
        #expect(CodeMoments.TwoUnitBlock.lowestBit(-6) == 1)
        #expect(CodeMoments.TwoUnitBlock.lowestBit(.leastNonzeroMagnitude) == -149)
        #expect(CodeMoments.TwoUnitBlock.lowestBit(Float(bitPattern: 0x0000_0006)) == -148)
    }
}
