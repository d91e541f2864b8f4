// Bit-pattern reinterpretation between SIMD8 lanes of Float and of 32-bit integers, which the standard
// library does not provide for vectors; each is a free bit cast of same-size trivial types.

extension SIMD8 where Scalar == Float {
    /// The lanes' IEEE bit patterns.
    @inline(__always)
    var bitPattern: SIMD8<UInt32> { unsafeBitCast(self, to: SIMD8<UInt32>.self) }  // same size, trivial types

    /// Floats with the given bit patterns.
    @inline(__always)
    init(bitPattern bits: SIMD8<UInt32>) { self = unsafeBitCast(bits, to: SIMD8<Float>.self) }  // same size, trivial

    /// Floats with the given bit patterns, from signed lanes.
    @inline(__always)
    init(bitPattern bits: SIMD8<Int32>) { self = unsafeBitCast(bits, to: SIMD8<Float>.self) }  // same size, trivial
}

extension SIMD8 where Scalar == UInt32 {
    /// The same bits as signed lanes.
    @inline(__always)
    var asInt32: SIMD8<Int32> { unsafeBitCast(self, to: SIMD8<Int32>.self) }  // same size, trivial types
}

extension SIMD8 where Scalar == Int32 {
    /// The same bits as unsigned lanes.
    @inline(__always)
    var asUInt32: SIMD8<UInt32> { unsafeBitCast(self, to: SIMD8<UInt32>.self) }  // same size, trivial types
}
