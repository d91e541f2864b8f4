// CodeStatistics: statistics straight from the codes of the quantized and byte-coded types, without writing a
// float per value. Dispatch and the byte types here; the kernels per family are in CodeStatistics+Ternary,
// +IQ1, +IQ2, +Legacy, +Nibbles, +KQuants. Each gives the counts, extremes and zero counts the dequantize-then-count twin gives, and sums
// equal to it up to Double rounding (tests hold them to it on every type, edge cases included).

extension TensorStatistics {
    /// Whether `add(_:blocks:)` takes the code kernel of `type`: where it measured faster than dequantizing
    /// (`weightcheck bench`, benchmarks/RESULTS.md, issue 17). The Swift kernels of Q4_1, Q5_0, Q5_1, Q8_1 and the
    /// K-quants are exact (tests hold them to the twin) but slower than the dequantize path, so they run only as
    /// the twins of the AVX2 kernels (`CodeVector`), where those are available.
    static func prefersCodeKernel(_ type: ElementType) -> Bool {
        switch type {
        case .q4_1, .q5_0, .q5_1, .q8_1, .q2_K, .q3_K, .q4_K, .q5_K, .q6_K: return CodeVector.available
        default: return hasCodeKernel(type)
        }
    }

    /// Whether `addCodes` has a kernel for `type`.
    static func hasCodeKernel(_ type: ElementType) -> Bool {
        switch type {
        case .f8_e4m3, .f8_e5m2, .f8_e8m0, .f8_e4m3fnuz, .f8_e5m2fnuz, .i8, .u8, .bool, .f4, .f6_e2m3, .f6_e3m2,
             .tq1_0, .tq2_0, .q1_0, .iq1_s, .iq1_m, .q4_0, .q8_0, .q2_K, .q4_K, .q5_K, .q6_K,
             .iq2_xxs, .iq2_xs, .iq2_s, .iq3_xxs, .iq3_s, .iq4_nl, .iq4_xs, .mxfp4, .nvfp4, .q5_0, .q4_1, .q5_1, .q3_K, .q8_1:
            return true
        default:
            return false
        }
    }

    /// Adds `blockCount` whole blocks of `type` at `base` from their codes (`hasCodeKernel(type)` must hold).
    /// Also counts the blocks with bad scales into `badScales` (`countBadScales`): the AVX2 drivers in the blocks
    /// their kernel hands back (or window by window just ahead of it), so the bytes come from memory once; the
    /// Swift kernels up front. `vector` takes the type's AVX2 kernel where it has one (CodeStatistics+Vector,
    /// +VectorLegacyK; only where `CodeVector.available`).
    mutating func addCodes(_ type: ElementType, _ base: UnsafeRawPointer, _ blockCount: Int,
                           vector: Bool = CodeVector.available) {
        var moments = CodeMoments(self)
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 256) { buffer in
            guard let scratch = buffer.baseAddress else { return }
            if vector, let kernel = CodeVector.kernel(type) {
                moments.addRuns(type, kernel, base, blockCount, into: &self) { m, p, s in
                    m.addSwiftTwin(type, p, 1, scratch, into: &s)  // one block at p: within the caller's bytes
                }
                return
            }
            if vector && CodeVector.has(type) {
                moments.addVector(type, base, blockCount, scratch, into: &self)
                return
            }
            badScales += countBadScales(type, blocks: UnsafeRawBufferPointer(start: base, count: blockCount &* type.bytesPerBlock))
            switch type {
            case .f8_e4m3, .f8_e5m2, .f8_e8m0, .f8_e4m3fnuz, .f8_e5m2fnuz:
                moments.addBytes(base, blockCount, table: MiniFloat.table(type), into: &self)
            case .i8: moments.addBytes(base, blockCount, table: CodeTables.int8Values, into: &self)
            case .u8: moments.addBytes(base, blockCount, table: CodeTables.uint8Values, into: &self)
            case .bool: moments.addBytes(base, blockCount, table: CodeTables.boolValues, into: &self)
            case .f6_e2m3, .f6_e3m2: moments.addSixBitCodes(base, blockCount, table: MiniFloat.table(type), into: &self)
            case .f4: moments.addBytes(base, blockCount, table: CodeTables.f4Low, second: CodeTables.f4High, into: &self)
            case .tq1_0: moments.addTQ1_0(base, blockCount, scratch, into: &self)
            case .tq2_0: moments.addTQ2_0(base, blockCount, scratch, into: &self)
            case .q1_0: moments.addQ1_0(base, blockCount, scratch, into: &self)
            case .iq1_s: moments.addIQ1_S(base, blockCount, scratch, into: &self)
            case .iq1_m: moments.addIQ1_M(base, blockCount, scratch, into: &self)
            case .q4_0: moments.addQ4_0(base, blockCount, scratch, into: &self)
            case .q8_0: moments.addQ8_0(base, blockCount, scratch, into: &self)
            case .q8_1: moments.addQ8_1(base, blockCount, scratch, into: &self)
            case .q2_K: moments.addQ2_K(base, blockCount, scratch, into: &self)
            case .q4_K: moments.addQ4_K(base, blockCount, scratch, into: &self)
            case .q5_K: moments.addQ5_K(base, blockCount, scratch, into: &self)
            case .q6_K: moments.addQ6_K(base, blockCount, scratch, into: &self)
            case .q3_K: moments.addQ3_K(base, blockCount, scratch, into: &self)
            case .iq2_xxs: moments.addIQ2_XXS(base, blockCount, scratch, into: &self)
            case .iq2_xs: moments.addIQ2_XS(base, blockCount, scratch, into: &self)
            case .iq2_s: moments.addIQ2_S(base, blockCount, scratch, into: &self)
            case .iq3_xxs: moments.addIQ3_XXS(base, blockCount, scratch, into: &self)
            case .iq3_s: moments.addIQ3_S(base, blockCount, scratch, into: &self)
            case .iq4_nl: moments.addIQ4_NL(base, blockCount, scratch, into: &self)
            case .iq4_xs: moments.addIQ4_XS(base, blockCount, scratch, into: &self)
            case .mxfp4: moments.addMXFP4(base, blockCount, scratch, into: &self)
            case .nvfp4: moments.addNVFP4(base, blockCount, scratch, into: &self)
            case .q5_0: moments.addQ5_0(base, blockCount, scratch, into: &self)
            case .q4_1: moments.addQ4_1or5_1(fiveBits: false, base, blockCount, scratch, into: &self)
            case .q5_1: moments.addQ4_1or5_1(fiveBits: true, base, blockCount, scratch, into: &self)
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

    /// Bytes whose values come from a 256-entry table (and a second value per byte from `second`, for F4): a
    /// histogram of the bytes, then each byte value once with its count (exact: every occurrence of a byte has
    /// the same values).
    mutating func addBytes(_ base: UnsafeRawPointer, _ count: Int, table: [Float], second: [Float]? = nil,
                           into stats: inout TensorStatistics) {
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
                        addRepeated(values[c], n)
                        if let second { addRepeated(second[c], n) }  // c < 256 = table size
                    }
                }
                flush(into: &stats)
                start = end
            }
        }
    }
}

extension CodeMoments {
    /// F6: four 6-bit codes per three bytes (a little-endian bit stream): a histogram of the codes, then each
    /// code once with its count. Four groups (12 bytes) per step from two loads, into eight sub-tables of 64 (one
    /// per position in a pair of groups), so that neighbouring increments rarely wait on the same counter.
    mutating func addSixBitCodes(_ base: UnsafeRawPointer, _ groups: Int, table: [Float], into stats: inout TensorStatistics) {
        var start = 0
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 512) { h in
            guard let hist = h.baseAddress else { return }
            /// The four codes of the 24-bit group `w` into sub-tables `at` … `at` + 255 (w < 2^24: each index < 512).
            @inline(__always) func count(_ w: Int, _ at: Int) {
                hist[at &+ w & 0x3F] &+= 1
                hist[at &+ 64 &+ (w >> 6) & 0x3F] &+= 1
                hist[at &+ 128 &+ (w >> 12) & 0x3F] &+= 1
                hist[at &+ 192 &+ (w >> 18)] &+= 1
            }
            while start < groups {
                let end = Swift.min(groups, start &+ (1 << 24))  // < 2^32 per counter
                hist.initialize(repeating: 0, count: 512)
                var g = start
                while g &+ 4 <= end {  // groups g … g + 3: twelve bytes in bounds
                    let p = base + 3 &* g
                    let a = UInt64(littleEndian: p.loadUnaligned(as: UInt64.self))  // bytes 0–7
                    let b = UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt32.self))  // bytes 8–11
                    count(Int(truncatingIfNeeded: a & 0xFF_FFFF), 0)
                    count(Int(truncatingIfNeeded: (a >> 24) & 0xFF_FFFF), 256)
                    count(Int(truncatingIfNeeded: a >> 48) | Int(b & 0xFF) << 16, 0)
                    count(Int(b >> 8), 256)
                    g &+= 4
                }
                while g < end {  // g < groups: three bytes in bounds
                    let p = base + 3 &* g
                    count(Int(Dequantize.u16(p, 0)) | Int(Dequantize.u8(p, 2)) << 16, 0)
                    g &+= 1
                }
                table.withUnsafeBufferPointer { values in
                    for c in 0..<64 {  // c < 64 = table size; eight sub-tables of 64
                        var n = 0
                        for t in 0..<8 { n &+= Int(hist[64 &* t &+ c]) }
                        if n > 0 { addRepeated(values[c], n) }
                    }
                }
                flush(into: &stats)
                start = end
            }
        }
    }

    /// Adds `n` copies of `v`.
    @inline(__always)
    mutating func addRepeated(_ v: Float, _ n: Int) {
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

/// Value tables of the plain byte types, for `addBytes`.
enum CodeTables {
    /// I8: the byte as a signed integer.
    static let int8Values: [Float] = (0..<256).map { Float(Int8(truncatingIfNeeded: $0)) }
    /// U8: the byte.
    static let uint8Values: [Float] = (0..<256).map { Float($0) }
    /// BOOL: 1 for any non-zero byte.
    static let boolValues: [Float] = (0..<256).map { $0 == 0 ? 0 : 1 }
    /// F4: the low nibble's E2M1 value (the first of the byte's two), and the high nibble's.
    static let f4Low: [Float] = (0..<256).map { MiniFloat.e2m1[$0 & 15] }
    static let f4High: [Float] = (0..<256).map { MiniFloat.e2m1[$0 >> 4] }
}
