// CodeStatistics: statistics straight from the codes of the quantized and byte-coded types, without writing a
// float per value. Dispatch here; the kernels per family are in CodeStatistics+Bytes, +Ternary, +IQ1, +Legacy,
// +KQuants. Each gives the counts, extremes and zero counts the dequantize-then-count twin gives, and sums
// equal to it up to Double rounding (tests hold them to it on every type, edge cases included).

extension TensorStatistics {
    /// Whether `addCodes` has a kernel for `type`.
    static func hasCodeKernel(_ type: ElementType) -> Bool {
        switch type {
        case .f8_e4m3, .f8_e5m2, .f8_e8m0, .f8_e4m3fnuz, .f8_e5m2fnuz, .i8, .u8, .bool,
             .tq1_0, .tq2_0, .q1_0, .iq1_s, .iq1_m, .q4_0, .q8_0, .q2_K, .q4_K, .q5_K, .q6_K:
            return true
        default:
            return false
        }
    }

    /// Adds `blockCount` whole blocks of `type` at `base` from their codes (`hasCodeKernel(type)` must hold).
    /// Bad scales are not counted here (the caller does).
    mutating func addCodes(_ type: ElementType, _ base: UnsafeRawPointer, _ blockCount: Int) {
        var moments = CodeMoments(self)
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 256) { buffer in
            guard let scratch = buffer.baseAddress else { return }
            switch type {
            case .f8_e4m3, .f8_e5m2, .f8_e8m0, .f8_e4m3fnuz, .f8_e5m2fnuz:
                moments.addBytes(base, blockCount, table: MiniFloat.table(type), into: &self)
            case .i8: moments.addBytes(base, blockCount, table: CodeTables.int8Values, into: &self)
            case .u8: moments.addBytes(base, blockCount, table: CodeTables.uint8Values, into: &self)
            case .bool: moments.addBytes(base, blockCount, table: CodeTables.boolValues, into: &self)
            case .tq1_0: moments.addTQ1_0(base, blockCount, scratch, into: &self)
            case .tq2_0: moments.addTQ2_0(base, blockCount, scratch, into: &self)
            case .q1_0: moments.addQ1_0(base, blockCount, scratch, into: &self)
            case .iq1_s: moments.addIQ1_S(base, blockCount, scratch, into: &self)
            case .iq1_m: moments.addIQ1_M(base, blockCount, scratch, into: &self)
            case .q4_0: moments.addQ4_0(base, blockCount, scratch, into: &self)
            case .q8_0: moments.addQ8_0(base, blockCount, scratch, into: &self)
            case .q2_K: moments.addQ2_K(base, blockCount, scratch, into: &self)
            case .q4_K: moments.addQ4_K(base, blockCount, scratch, into: &self)
            case .q5_K: moments.addQ5_K(base, blockCount, scratch, into: &self)
            case .q6_K: moments.addQ6_K(base, blockCount, scratch, into: &self)
            default: preconditionFailure("addCodes of a type without a code kernel")  // callers check hasCodeKernel
            }
        }
        moments.finish(into: &self)
    }
}

extension CodeMoments {
    /// The f16 at `offset` of block `p` as a float, and whether it is finite.
    @inline(__always)
    static func half(_ p: UnsafeRawPointer, _ offset: Int) -> Float { Dequantize.half(p, offset) }

    /// Bytes whose values come from a 256-entry table: a histogram of the bytes, then each byte value once with
    /// its count (exact: every occurrence of a byte has the same value).
    mutating func addBytes(_ base: UnsafeRawPointer, _ count: Int, table: [Float], into stats: inout TensorStatistics) {
        var start = 0
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 1024) { h in
            guard let hist = h.baseAddress else { return }
            while start < count {
                // At most 2^24 bytes per histogram: four interleaved tables of UInt32 cannot overflow.
                let end = Swift.min(count, start &+ (1 << 24))
                hist.initialize(repeating: 0, count: 1024)
                var i = start
                while i &+ 4 <= end {  // i + 4 ≤ end ≤ count: in bounds
                    let w = base.loadUnaligned(fromByteOffset: i, as: UInt32.self)
                    hist[Int(w & 0xFF)] &+= 1
                    hist[256 &+ Int((w >> 8) & 0xFF)] &+= 1
                    hist[512 &+ Int((w >> 16) & 0xFF)] &+= 1
                    hist[768 &+ Int(w >> 24)] &+= 1
                    i &+= 4
                }
                while i < end {
                    hist[Int(base.load(fromByteOffset: i, as: UInt8.self))] &+= 1
                    i &+= 1
                }
                table.withUnsafeBufferPointer { values in
                    for c in 0..<256 {  // c < 256 = table size; four sub-tables of 256
                        let n = Int(hist[c]) &+ Int(hist[256 &+ c]) &+ Int(hist[512 &+ c]) &+ Int(hist[768 &+ c])
                        guard n > 0 else { continue }
                        let v = values[c]
                        if v.isNaN {
                            rest.count &+= n; rest.nanCount &+= n
                        } else if v.isInfinite {
                            rest.count &+= n; rest.infCount &+= n
                        } else {
                            if v == 0 { zeroCount &+= n }
                            extremes(Double(v), Double(v))
                            add(count: n, mean: Double(v), m2: 0)
                        }
                    }
                }
                flush(into: &stats)
                start = end
            }
        }
    }
}

/// Value tables of the plain byte types, for `addBytes`.
enum CodeTables {
    /// I8: the byte as a signed integer.
    static let int8Values: [Float] = (0..<256).map { Float(Int8(truncatingIfNeeded: $0)) }
    /// U8: the byte.
    static let uint8Values: [Float] = (0..<256).map { Float($0) }
    /// BOOL: 1 for any non-zero byte.
    static let boolValues: [Float] = (0..<256).map { $0 == 0 ? 0 : 1 }
}
