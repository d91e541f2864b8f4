// The AVX2 code-statistics kernels of the legacy quants and K-quants (CWeightKernels/stats_codes_legacy.c,
// stats_codes_kquants_two_unit.c, stats_codes_kquants_one_unit.c; CodeVector.kernel). They summarize the ordinary
// blocks; the rest go to the Swift kernel.
import CWeightKernels

extension CodeMoments {
    /// Adds `blocks` blocks of `type` at `base`: runs of ordinary blocks through the AVX2 `kernel` (at most
    /// `batchValues` values per call, so each call's shifted sums stay as precise as a batch), and each block it
    /// stops before through `single`, the type's Swift kernel (NaN/Inf scales, new extremes, inexact blocks).
    mutating func addRuns(_ type: ElementType, _ kernel: CodeVector.LegacyKernel, _ base: UnsafeRawPointer, _ blocks: Int,
                            into stats: inout TensorStatistics,
                            single: (inout CodeMoments, UnsafeRawPointer, inout TensorStatistics) -> Void) {
        let size = type.bytesPerBlock, perCall = Swift.max(1, CodeMoments.batchValues / type.elementsPerBlock)
        // Bad scales: counted in the blocks the kernel hands back where it checks every scale itself (`fused`),
        // else window by window just ahead of it (so the bytes come from memory once either way).
        let fused = CodeVector.stopsAtBadScales(type)
        var b = 0, counted = 0
        while b < blocks {
            let want = Swift.min(perCall, blocks &- b)
            if !fused { stats.tallyBadScales(type, base, from: &counted, to: b &+ want) }  // within the caller's bytes
            var sums = wc_code_sums(low: low, high: high, shift: 0, sum: 0, squares: 0, values: 0, zeros: 0)
            let done = kernel(base + b &* size, want, &sums)  // want blocks from b < blocks: within the caller's bytes
            extremes(sums.low, sums.high)
            if sums.values > 0 {
                let n = Int(sums.values), nd = Double(n)  // ≤ batchValues
                add(count: n, mean: sums.shift + sums.sum / nd,
                    m2: Swift.max(0, sums.squares - sums.sum * sums.sum / nd))
                zeroCount &+= Int(sums.zeros)
                flushIfFull(into: &stats)
            }
            b &+= done
            if done < want {
                if fused { stats.tallyBadScales(type, block: base + b &* size) }
                single(&self, base + b &* size, &stats)  // block b < blocks: within the caller's bytes
                b &+= 1
            }
        }
    }
}

extension CodeMoments {
    /// The Swift kernel of a type `CodeVector.kernel` covers, over `blocks` blocks at `base` (the AVX2 kernels' twin).
    mutating func addSwiftTwin(_ type: ElementType, _ base: UnsafeRawPointer, _ blocks: Int,
                               _ scratch: UnsafeMutablePointer<Float>, into stats: inout TensorStatistics) {
        switch type {
        case .q4_0: addQ4_0(base, blocks, scratch, into: &stats)
        case .q4_1: addQ4_1or5_1(fiveBits: false, base, blocks, scratch, into: &stats)
        case .q5_0: addQ5_0(base, blocks, scratch, into: &stats)
        case .q5_1: addQ4_1or5_1(fiveBits: true, base, blocks, scratch, into: &stats)
        case .q8_0: addQ8_0(base, blocks, scratch, into: &stats)
        case .q8_1: addQ8_1(base, blocks, scratch, into: &stats)
        case .q2_K: addQ2_K(base, blocks, scratch, into: &stats)
        case .q3_K: addQ3_K(base, blocks, scratch, into: &stats)
        case .q4_K: addQ4_K(base, blocks, scratch, into: &stats)
        case .q5_K: addQ5_K(base, blocks, scratch, into: &stats)
        case .q6_K: addQ6_K(base, blocks, scratch, into: &stats)
        default: preconditionFailure("addSwiftTwin of a type without an AVX2 code kernel")  // callers check kernel(type)
        }
    }
}
