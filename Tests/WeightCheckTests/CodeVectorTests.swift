// The AVX2 code-statistics kernels (CodeStatistics+Vector, CWeightKernels/stats_codes_*.c) against their Swift
// twins (the same bits: counts, extremes, mean and std) and against the dequantize-then-count path (counts
// exact, sums within CodeStatisticsTests' tolerance): generated blocks, random bytes, NaN/Inf/±0/subnormal f16
// scales, E8M0/UE4M3 edge bytes, all-zero/all-max codes, odd block counts, unaligned starts, chunked merges.
import Testing
@testable import WeightCheck

@Suite(.enabled(if: CodeVector.available, "no AVX2 on this CPU: the vector path would run the Swift kernels against themselves"))
struct CodeVectorTests {
    static let types = ElementType.allKnown.filter { CodeVector.has($0) }

    /// Statistics of `bytes` (whole blocks) starting `skew` bytes into a buffer: vector, Swift, twin.
    static func three(_ type: ElementType, _ bytes: [UInt8], skew: Int = 0) throws
        -> (vector: TensorStatistics, swift: TensorStatistics, twin: TensorStatistics) {
        let padded = [UInt8](repeating: 0xA5, count: skew) + bytes
        var v = TensorStatistics(), s = TensorStatistics(), t = TensorStatistics()
        try padded.withUnsafeBytes { all in
            let blocks = UnsafeRawBufferPointer(rebasing: all[skew...])
            try v.add(type, blocks: blocks, codes: true, vector: true)
            try s.add(type, blocks: blocks, codes: true, vector: false)
            try t.add(type, blocks: blocks, codes: false)
        }
        return (v, s, t)
    }

    /// The vector kernel equals the Swift kernel bit for bit, and the twin as CodeStatisticsTests require.
    static func expectAll(_ type: ElementType, _ bytes: [UInt8], skew: Int = 0, _ what: String,
                          sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (v, s, t) = try three(type, bytes, skew: skew)
        #expect(v.count == s.count && v.nanCount == s.nanCount && v.infCount == s.infCount, "counts \(what)", sourceLocation: sourceLocation)
        #expect(v.zeroCount == s.zeroCount && v.finiteCount == s.finiteCount, "zeros \(what)", sourceLocation: sourceLocation)
        #expect(v.minimum == s.minimum && v.maximum == s.maximum, "extremes \(what)", sourceLocation: sourceLocation)
        #expect(v.mean == s.mean, "mean \(String(describing: v.mean)) vs \(String(describing: s.mean)) \(what)", sourceLocation: sourceLocation)
        #expect(v.std == s.std, "std \(String(describing: v.std)) vs \(String(describing: s.std)) \(what)", sourceLocation: sourceLocation)
        CodeStatisticsTests.expectEqual(v, t, what, sourceLocation: sourceLocation)
        // Bad scales: the drivers count them in the blocks the kernel hands back (or window by window): the same
        // count as countBadScales over the bytes, on every path.
        let expected = bytes.withUnsafeBytes { countBadScales(type, blocks: $0) }
        #expect(v.badScales == expected && s.badScales == expected && t.badScales == expected,
                "bad scales \(v.badScales)/\(s.badScales)/\(t.badScales) vs \(expected) \(what)", sourceLocation: sourceLocation)
    }

    @Test(arguments: types)
    func generatedAndRandomBlocks(_ type: ElementType) throws {
        for (seed, blocks) in [(UInt64(1), 3001), (2, 1), (3, 257), (4, 777)] {  // odd counts, batch edges
            var bytes = [UInt8](repeating: 0, count: type.bytesPerBlock * blocks)
            bytes.withUnsafeMutableBytes { SyntheticBlocks.fill(type, $0, seed: seed) }
            try Self.expectAll(type, bytes, skew: Int(seed % 4), "\(type.name) seed \(seed)")
        }
        var rng = SplitMix(seed: 23)
        for round in 0..<3 {
            let bytes = (0..<type.bytesPerBlock * 1999).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            try Self.expectAll(type, bytes, skew: round, "\(type.name) random \(round)")
        }
    }

    @Test(arguments: types)
    func edgeScalesAndCodes(_ type: ElementType) throws {
        var rng = SplitMix(seed: 41)
        let size = type.bytesPerBlock, count = 900
        var bytes = [UInt8](repeating: 0, count: size * count)
        bytes.withUnsafeMutableBytes { SyntheticBlocks.fill(type, $0, seed: 6) }
        let scaleBytes: [Int] = switch type {
        case .mxfp4: [0]
        case .nvfp4: [0, 1, 2, 3]
        case .iq1_m: Array(48..<56)
        default: CodeStatisticsTests.halfOffsets(type).flatMap { [$0, $0 + 1] }
        }
        let edgeBytes: [UInt8] = [0, 1, 2, 0x7E, 0x7F, 0x80, 200, 249, 250, 251, 254, 255]
        for b in 0..<count {
            let p = b * size
            switch type {
            case .mxfp4, .nvfp4:
                for (k, at) in scaleBytes.enumerated() { bytes[p + at] = edgeBytes[(b + 5 * k) % edgeBytes.count] }
            case .iq1_m:
                let bits = CodeStatisticsTests.edgeHalves[(b + Int(rng.next() % 3)) % CodeStatisticsTests.edgeHalves.count]
                for k in 0..<4 { bytes[p + 49 + 2 * k] = bytes[p + 49 + 2 * k] & 0x0F | UInt8((bits >> (4 * UInt16(k))) & 0xF) << 4 }
            default:
                for (k, offset) in CodeStatisticsTests.halfOffsets(type).enumerated() {
                    let bits = CodeStatisticsTests.edgeHalves[(b + 7 * k + Int(rng.next() % 3)) % CodeStatisticsTests.edgeHalves.count]
                    bytes[p + offset] = UInt8(bits & 0xFF)
                    bytes[p + offset + 1] = UInt8(bits >> 8)
                }
            }
            if b % 4 == 0 {  // codes all zero, all one, all max, alternating
                let fill: UInt8 = [0x00, 0xFF, 0x88, 0x80, 0x77, 0x55][b / 4 % 6]
                for j in 0..<size where !scaleBytes.contains(j) { bytes[p + j] = fill }
            }
        }
        try Self.expectAll(type, bytes, "\(type.name) edges")
        try Self.expectAll(type, bytes, skew: 3, "\(type.name) edges, unaligned")
        // Uneven chunks of whole blocks, merged in order, equal the whole (and the Swift kernel's chunks).
        var vector = TensorStatistics(), swift = TensorStatistics(), at = 0, k = 1
        while at < count {
            let n = min(count - at, k * 13)
            try bytes[at * size..<(at + n) * size].withUnsafeBytes {
                try vector.add(type, blocks: $0, codes: true, vector: true)
                try swift.add(type, blocks: $0, codes: true, vector: false)
            }
            at += n; k += 1
        }
        #expect(vector.mean == swift.mean && vector.std == swift.std && vector.zeroCount == swift.zeroCount, "\(type.name) chunked")
        let twin = try Self.three(type, bytes).twin
        CodeStatisticsTests.expectEqual(vector, twin, "\(type.name) chunked")
    }
}
