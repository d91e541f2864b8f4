// The AVX2 stripe loop (CWeightKernels/xxh3_avx2.c) against its Swift twin: the loop itself from every block
// position, every input length 0...4096 one-shot and streamed, and large inputs in odd chunkings.
import Testing
@testable import WeightCheck

@Suite(.enabled(if: XXH3.Kernel.avx2Available, "this CPU has no AVX2"))
struct XXH3KernelTests {
    @Test func stripeLoopEqualsSwiftFromEveryBlockPosition() {
        let input = splitmixBytes(seed: 17, count: 64 * 80)
        var rng = SplitMix(seed: 18)
        input.withUnsafeBytes { bytes in
            XXH3.secret.withUnsafeBytes { secretBytes in
                let base = bytes.baseAddress!, secret = secretBytes.baseAddress!
                for start in 0..<XXH3.stripesPerBlock {
                    for count in [0, 1, 2, 15, 16, 17, 31, 32, 33, 47, 64, 79] {
                        let acc = SIMD8<UInt64>((0..<8).map { _ in rng.next() })
                        let offset = Int(rng.next() % 64)  // any alignment
                        var sSwift = start, sAVX2 = start
                        let viaSwift = XXH3.consumeStripes(acc, &sSwift, base + offset, count, secret, .swift)
                        let viaAVX2 = XXH3.consumeStripes(acc, &sAVX2, base + offset, count, secret, .avx2)
                        #expect(viaAVX2 == viaSwift, "start \(start) count \(count)")
                        #expect(sAVX2 == sSwift, "start \(start) count \(count)")
                    }
                }
            }
        }
    }

    @Test func everyLengthUpTo4096EqualsSwift() {
        let buffer = splitmixBytes(seed: 19, count: 4096)
        buffer.withUnsafeBytes { all in
            for n in 0...4096 {
                let bytes = UnsafeRawBufferPointer(rebasing: all[0..<n])
                #expect(XXH3_64.hash(bytes, kernel: .avx2) == XXH3_64.hash(bytes, kernel: .swift), "length \(n)")
                let wide = (XXH3_128.hash(bytes, kernel: .avx2), XXH3_128.hash(bytes, kernel: .swift))
                #expect(wide.0 == wide.1, "xxh128 length \(n)")
                let chunked = streamed(XXH3_64(kernel: .avx2), bytes, seed: UInt64(n), maxChunk: 300)
                #expect(chunked == streamed(XXH3_64(kernel: .swift), bytes, seed: UInt64(n), maxChunk: 300),
                        "streamed, length \(n)")
            }
        }
    }

    @Test func largeInputsInOddChunkingsEqualSwift() {
        let n = (3 << 20) + 4097
        let buffer = splitmixBytes(seed: 20, count: n)
        buffer.withUnsafeBytes { all in
            let bytes = UnsafeRawBufferPointer(rebasing: all[0..<n])
            let expected64 = XXH3_64.hash(bytes, kernel: .swift)
            let expected128 = XXH3_128.hash(bytes, kernel: .swift)
            #expect(XXH3_64.hash(bytes, kernel: .avx2) == expected64)
            #expect(XXH3_128.hash(bytes, kernel: .avx2) == expected128)
            for chunk in [63, 65, 255, 257, 1023, 4097, 65_537, 262_144] {
                var h64 = XXH3_64(kernel: .avx2)
                var h128 = XXH3_128(kernel: .avx2)
                var offset = 0
                while offset < n {
                    let piece = UnsafeRawBufferPointer(rebasing: all[offset..<min(n, offset + chunk)])
                    h64.update(piece)
                    h128.update(piece)
                    offset += piece.count
                }
                #expect(h64.value == expected64, "chunk \(chunk)")
                #expect(h128.value == expected128, "chunk \(chunk)")
            }
            for seed: UInt64 in 1...3 {
                let chunked = streamed(XXH3_128(kernel: .avx2), bytes, seed: seed, maxChunk: 100_000)
                #expect(chunked == XXH3_128.digest(of: bytes), "random chunks, seed \(seed)")
            }
        }
    }
}
