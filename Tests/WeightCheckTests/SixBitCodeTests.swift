// The F6 (E2M3, E3M2) histogram kernel against the dequantize-then-count twin on every group count 0…40 and
// past a few thousand, so that its four-groups-at-a-time loop and its tail both run on every alignment.
import Testing
@testable import WeightCheck

@Suite struct SixBitCodeTests {
    @Test(arguments: [ElementType.f6_e2m3, .f6_e3m2])
    func everyGroupCountEqualsTwin(_ type: ElementType) throws {
        var rng = SplitMix(seed: 61)
        let size = type.bytesPerBlock
        for groups in Array(0...40) + [1023, 4097] {
            for skew in [0, 1, 3] {
                let bytes = (0..<(skew + size * groups)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                var codes = TensorStatistics(), twin = TensorStatistics()
                try bytes.withUnsafeBytes { raw in
                    let view = UnsafeRawBufferPointer(rebasing: raw[skew...])
                    try codes.add(type, blocks: view, codes: true)
                    try twin.add(type, blocks: view, codes: false)
                }
                CodeStatisticsTests.expectEqual(codes, twin, "\(type.name) \(groups) groups, skew \(skew)")
            }
        }
    }
}
