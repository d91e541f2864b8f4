// Which stripe loop XXH3 runs: the AVX2 kernel in CWeightKernels/xxh3_avx2.c when the CPU has it, else the
// Swift loop in XXH3+Long.swift (its twin; XXH3KernelTests hold the two equal).
import CWeightKernels

extension XXH3 {
    /// The implementation of the long-input stripe loop (accumulate + scramble).
    enum Kernel: Sendable, Hashable {
        /// `consumeStripesSwift`, on SIMD8<UInt64> (always available).
        case swift
        /// `wc_xxh3_stripes_avx2`; only when `XXH3.Kernel.avx2Available`.
        case avx2

        /// Whether this CPU runs the AVX2 kernel (detected once, in cpu_features.c).
        static let avx2Available: Bool = wc_cpu_has_avx2() != 0
        /// The fastest loop this CPU has.
        static let best: Kernel = avx2Available ? .avx2 : .swift
    }

    /// Accumulates `count` whole stripes from `input` on `kernel`, continuing at stripe `stripeInBlock` of the
    /// current block (see `consumeStripesSwift`, whose contract this shares).
    ///
    /// - Precondition: `input` points at `count * 64` readable bytes; `0 <= stripeInBlock < 16`; `kernel` is
    ///   `.avx2` only when `Kernel.avx2Available`.
    @inline(__always)
    static func consumeStripes(_ acc: SIMD8<UInt64>, _ stripeInBlock: inout Int, _ input: UnsafeRawPointer,
                               _ count: Int, _ secret: UnsafeRawPointer, _ kernel: Kernel) -> SIMD8<UInt64> {
        guard kernel == .avx2, count > 0 else {
            return consumeStripesSwift(acc, &stripeInBlock, input, count, secret)
        }
        var lanes = acc
        let s = stripeInBlock
        let next = withUnsafeMutableBytes(of: &lanes) { out in
            // SIMD8<UInt64> is eight contiguous UInt64 (64 bytes), the uint64_t[8] the kernel reads and writes;
            // count and s are non-negative (the precondition), the secret is XXH3.secret's 192 bytes.
            wc_xxh3_stripes_avx2(out.baseAddress!.assumingMemoryBound(to: UInt64.self),
                                 input.assumingMemoryBound(to: UInt8.self), count, s,
                                 secret.assumingMemoryBound(to: UInt8.self))
        }
        stripeInBlock = next
        return lanes
    }
}
