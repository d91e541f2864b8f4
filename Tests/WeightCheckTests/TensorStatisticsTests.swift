// TensorStatistics against numpy's float64 figures on every fixture, against a slow two-pass Double twin on
// large random inputs, fused paths against the buffer path, and chunked merging against one pass.
import Foundation
import Testing
@testable import WeightCheck

@Suite struct TensorStatisticsTests {
    /// |a − b| within 1e-9 of |b| (or of `scale` when b is near zero, as a mean of zero-centred data is).
    static func close(_ a: Double?, _ b: Double?, scale: Double = 0) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        if a == b { return true }
        return abs(a - b) <= 1e-9 * max(abs(b), scale)
    }

    /// The slow twin: two passes in Double over the finite values.
    static func twoPass(_ values: [Float]) -> (mean: Double, std: Double, min: Double, max: Double) {
        let finite = values.filter(\.isFinite).map(Double.init)
        let mean = finite.reduce(0, +) / Double(finite.count)
        let variance = finite.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(finite.count)
        return (mean, variance.squareRoot(), finite.min()!, finite.max()!)
    }

    @Test(arguments: QuantFixture.names)
    func matchesNumpy(_ name: String) throws {
        let fixture = QuantFixture.load(name)
        let e = fixture.expected
        var stats = TensorStatistics()
        try fixture.raw.withUnsafeBytes { try stats.add(fixture.type, blocks: $0) }
        #expect(stats.count == e.count)
        #expect(stats.nanCount == e.nan)
        #expect(stats.infCount == e.inf)
        #expect(stats.zeroCount == e.zeros)
        #expect(stats.finiteCount == e.finite)
        #expect(stats.badScales == e.badScales)
        #expect(stats.minimum == e.min)
        #expect(stats.maximum == e.max)
        #expect(Self.close(stats.mean, e.mean, scale: 1e-6 * (e.std ?? 0)), "mean \(String(describing: stats.mean)) vs \(String(describing: e.mean))")
        #expect(Self.close(stats.std, e.std), "std \(String(describing: stats.std)) vs \(String(describing: e.std))")
    }

    /// numpy.histogram(finite, 16, range=(min, max)) on every fixture summarized in float32.
    @Test(arguments: QuantFixture.names.filter { !["F64", "I32", "I64", "U32", "U64"].contains($0) })
    func histogramMatchesNumpy(_ name: String) throws {
        let fixture = QuantFixture.load(name)
        guard let expected = fixture.expected.hist16, let low = fixture.expected.min, let high = fixture.expected.max else { return }
        var histogram = TensorHistogram(lowerBound: low, upperBound: high, binCount: 16)
        try fixture.raw.withUnsafeBytes { try histogram.add(fixture.type, blocks: $0) }
        #expect(histogram.counts == expected)
        #expect(histogram.outside == 0)
    }

    @Test(arguments: [ElementType.f32, .f16, .bf16])
    func zeroExtremesAreReportedAsPlusZero(_ type: ElementType) throws {
        // −0 before and after +0, at the bottom (minimum 0) and, negated, at the top (maximum 0), in batches long
        // enough for every loop: whichever zero a kernel keeps, the figure is +0.
        for order in [[0x8000 as UInt16, 0x0000], [0x0000, 0x8000]] {
            for top in [false, true] {
                let one: UInt16 = type == .f16 ? 0x3C00 : 0x3F80
                let halves = order + [UInt16](repeating: top ? one | 0x8000 : one, count: 70)
                let bytes: [UInt8] = type == .f32
                    ? halves.flatMap { withUnsafeBytes(of: (UInt32($0) << 16).littleEndian) { Array($0) } }
                    : halves.flatMap { withUnsafeBytes(of: $0.littleEndian) { Array($0) } }
                var s = TensorStatistics()
                try bytes.withUnsafeBytes { try s.add(type, blocks: $0) }
                let zero = try #require(top ? s.maximum : s.minimum)
                #expect(zero.bitPattern == 0, "\(type.name) \(order) top \(top): \(zero)")
                #expect(s.zeroCount == 2)
            }
        }
    }

    @Test func histogramMergesAndClamps() {
        var a = TensorHistogram(lowerBound: 0, upperBound: 1, binCount: 4), b = a
        [Float(0), 0.25, 0.5, 1, 2, -1, .nan].withUnsafeBufferPointer { a.add($0) }
        [Float(0.99)].withUnsafeBufferPointer { b.add($0) }
        a.merge(b)
        #expect(a.counts == [1, 1, 1, 2])
        #expect(a.outside == 2)
        var flat = TensorHistogram(lowerBound: 3, upperBound: 3, binCount: 16)
        [Float(3), 3].withUnsafeBufferPointer { flat.add($0) }
        #expect(flat.counts[8] == 2 && flat.lowerBound == 2.5 && flat.upperBound == 3.5)
    }

    /// Large shifted data (mean 1000, spread 1e-3) with NaN/Inf sprinkled in: the cancellation case.
    @Test func largeInputMatchesTwoPass() {
        var rng = SplitMix(seed: 7)
        var values = (0..<100_003).map { _ in Float(1000 + 1e-3 * rng.normal()) }
        for i in stride(from: 17, to: values.count, by: 9973) { values[i] = .nan }
        for i in stride(from: 5, to: values.count, by: 31337) { values[i] = -.infinity }
        values[99] = 0
        var stats = TensorStatistics()
        values.withUnsafeBufferPointer { stats.add($0) }
        let twin = Self.twoPass(values)
        #expect(Self.close(stats.mean, twin.mean))
        #expect(Self.close(stats.std, twin.std), "\(String(describing: stats.std)) vs \(twin.std)")
        #expect(stats.minimum == twin.min && stats.maximum == twin.max)
        #expect(stats.nanCount == values.filter(\.isNaN).count)
        #expect(stats.infCount == values.filter(\.isInfinite).count)
        #expect(stats.zeroCount == 1)
    }

    /// Every length 0…40 (SIMD body and scalar tail) against the twin.
    @Test func everySmallLength() {
        var rng = SplitMix(seed: 3)
        for n in 0...40 {
            let values = (0..<n).map { i in i % 11 == 5 ? Float.nan : Float(rng.normal()) }
            var stats = TensorStatistics()
            values.withUnsafeBufferPointer { stats.add($0) }
            #expect(stats.count == n)
            if values.contains(where: \.isFinite) {
                let twin = Self.twoPass(values)
                #expect(Self.close(stats.mean, twin.mean, scale: 1e-6) && Self.close(stats.std, twin.std), "n = \(n)")
                #expect(stats.minimum == twin.min && stats.maximum == twin.max)
            } else {
                #expect(stats.mean == nil && stats.minimum == nil && stats.std == nil)
            }
        }
    }

    /// Chunks merged in order agree with one pass, and the same chunks give the same bits every time.
    @Test func chunkedMergeIsStable() throws {
        var rng = SplitMix(seed: 11)
        let bytes = (0..<(144 * 300)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let fixed = bytes.enumerated().map { i, b in i % 144 < 4 ? (i % 2 == 0 ? 0x00 : 0x1C) : b }  // sane d, dmin
        var whole = TensorStatistics()
        try fixed.withUnsafeBytes { try whole.add(.q4_K, blocks: $0) }
        func chunked() throws -> TensorStatistics {
            var merged = TensorStatistics()
            try fixed.withUnsafeBytes { raw in
                for start in stride(from: 0, to: 300, by: 37) {
                    var part = TensorStatistics()
                    let end = min(start + 37, 300)
                    try part.add(.q4_K, blocks: UnsafeRawBufferPointer(rebasing: raw[(start * 144)..<(end * 144)]))
                    merged.merge(part)
                }
            }
            return merged
        }
        let a = try chunked(), b = try chunked()
        #expect(a == b)
        #expect(a.count == whole.count && a.minimum == whole.minimum && a.maximum == whole.maximum)
        #expect(Self.close(a.mean, whole.mean, scale: 1e-3) && Self.close(a.std, whole.std))
    }

    /// The fused F32/F16/BF16 paths give exactly what dequantize-then-add gives.
    @Test(arguments: [ElementType.f32, .f16, .bf16])
    func fusedEqualsBuffered(_ type: ElementType) throws {
        var rng = SplitMix(seed: 5)
        let count = 9_001
        let bytes = (0..<(count * type.bytesPerBlock)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        var fused = TensorStatistics(), buffered = TensorStatistics()
        try bytes.withUnsafeBytes { raw in
            try fused.add(type, blocks: raw)
            if type == .f16 {  // also the pure-Swift fused half path, which F16C machines skip
                var swiftPath = TensorStatistics()
                swiftPath.accumulate(HalfLanes(base: raw.baseAddress!, count: count))
                var values = [Float](repeating: 0, count: count)
                _ = try values.withUnsafeMutableBufferPointer { try dequantize(type, blocks: raw, into: $0) }
                var reference = TensorStatistics()
                values.withUnsafeBufferPointer { reference.add($0) }
                #expect(swiftPath == reference)
            }
            var values = [Float](repeating: 0, count: count)
            _ = try values.withUnsafeMutableBufferPointer { try dequantize(type, blocks: raw, into: $0) }
            values.withUnsafeBufferPointer { buffered.add($0) }
        }
        #expect(fused == buffered)
    }

    /// The SIMD fast path against its scalar twin (which batches holding NaN/Inf fall back to).
    @Test func fastPathMatchesScalarTwin() {
        var rng = SplitMix(seed: 13)
        for n in [1, 7, 8, 9, 4095, 4096, 4097, 20_000] {
            let values = (0..<n).map { i in i % 97 == 3 ? Float(0) : Float(-3 + 0.01 * rng.normal()) }
            var fast = TensorStatistics(), twin = TensorStatistics()
            values.withUnsafeBufferPointer { buffer in
                fast.add(buffer)
                twin.accumulateDoubles(count: n) { Double(buffer[$0]) }
            }
            #expect(fast.count == twin.count && fast.zeroCount == twin.zeroCount && fast.finiteCount == twin.finiteCount)
            #expect(fast.minimum == twin.minimum && fast.maximum == twin.maximum)
            #expect(Self.close(fast.mean, twin.mean) && Self.close(fast.std, twin.std), "n = \(n)")
        }
    }

    @Test func badInputThrows() {
        var stats = TensorStatistics()
        [UInt8](repeating: 0, count: 35).withUnsafeBytes { raw in
            #expect(throws: DequantizeError.partialBlock(type: .q4_0, byteCount: 35, bytesPerBlock: 18)) { try stats.add(.q4_0, blocks: raw) }
            #expect(throws: DequantizeError.unsupportedType(.unknownGGML(40_000))) { try stats.add(.unknownGGML(40_000), blocks: raw) }
        }
        #expect(stats == TensorStatistics())
        var empty = TensorStatistics()
        try? [UInt8]().withUnsafeBytes { try empty.add(.q4_K, blocks: $0) }
        #expect(empty.count == 0 && empty.mean == nil)
    }
}
