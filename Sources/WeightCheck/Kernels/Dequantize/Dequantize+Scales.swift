// Bad-scale counting for the block types: blocks whose scale fields are NaN or Inf, the fields llama.cpp's
// ggml_validate_row_data (`--check-tensors`) examines: d, d/m, d/dmin, Q8_K's f32 d, IQ1_M's split d, E8M0 0xFF.

/// How a block type stores the scales that `countBadScales` checks.
private enum ScaleFields {
    /// An f16 field at this byte offset within the block.
    case half(Int)
    /// Two f16 fields (d and m, or d and dmin) at these byte offsets.
    case halves(Int, Int)
    /// An f32 field at this byte offset.
    case single(Int)
    /// An E8M0 byte at this offset (0xFF is NaN).
    case e8m0(Int)
    /// IQ1_M's f16 spread over the top nibbles of four u16 at offset 48.
    case iq1m
    /// No checkable scale (plain types; NVFP4, whose UE4M3 bytes llama.cpp treats as always valid).
    case none

    init(_ type: ElementType) {
        switch type {
        case .q4_0, .q5_0, .q8_0, .iq4_nl, .q1_0, .iq2_xxs, .iq2_xs, .iq2_s, .iq3_xxs, .iq3_s, .iq1_s, .iq4_xs:
            self = .half(0)
        case .q4_1, .q5_1, .q8_1, .q4_K, .q5_K: self = .halves(0, 2)
        case .q2_K: self = .halves(80, 82)
        case .q3_K: self = .half(108)
        case .q6_K: self = .half(208)
        case .tq1_0: self = .half(52)
        case .tq2_0: self = .half(64)
        case .q8_K: self = .single(0)
        case .mxfp4: self = .e8m0(0)
        case .iq1_m: self = .iq1m
        default: self = .none
        }
    }
}

/// 1 when the f16 bits are NaN or ±Inf (all exponent bits set), else 0, without a branch: the masked exponent
/// plus one exponent step reaches bit 15 only from 0x7C00.
@inline(__always) private func halfBad(_ bits: UInt16) -> Int {
    Int(((bits & 0x7C00) &+ 0x0400) >> 15)
}

/// The number of whole blocks of `type` in `blocks` whose scale fields are NaN or Inf.
///
/// A trailing partial block is ignored; plain types (and NVFP4) give 0. This is the `bad_scales` figure of
/// `stats`; dequantizing such a block gives NaN/Inf values (or, for MXFP4's 0xFF, finite values at 2^127).
/// One branch-free loop per field layout: it runs beside the statistics kernels on every block, so it must
/// cost a few cycles a block, not a dispatch per field.
///
/// - Complexity: O(number of blocks), reading only the scale bytes.
public func countBadScales(_ type: ElementType, blocks: UnsafeRawBufferPointer) -> Int {
    let fields = ScaleFields(type)
    if case .none = fields { return 0 }
    let size = type.bytesPerBlock
    guard size > 0, let base = blocks.baseAddress else { return 0 }
    let blockCount = blocks.count / size
    var bad = 0
    // b < blockCount and every offset lies within the block: each read is within `blocks`.
    switch fields {
    case .half(let o):
        for b in 0..<blockCount { bad &+= halfBad(Dequantize.u16(base + b &* size, o)) }
    case .halves(let o1, let o2):
        for b in 0..<blockCount {
            let p = base + b &* size
            bad &+= halfBad(Dequantize.u16(p, o1)) | halfBad(Dequantize.u16(p, o2))
        }
    case .single(let o):
        for b in 0..<blockCount { bad &+= Dequantize.u32(base + b &* size, o) & 0x7F80_0000 == 0x7F80_0000 ? 1 : 0 }
    case .e8m0(let o):
        for b in 0..<blockCount { bad &+= Dequantize.u8(base + b &* size, o) == 0xFF ? 1 : 0 }
    case .iq1m:
        for b in 0..<blockCount { bad &+= Dequantize.iq1mScale(base + b &* size).isFinite ? 0 : 1 }
    case .none:
        break
    }
    return bad
}
