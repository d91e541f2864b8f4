// Statistics from codes for the K-quants. Q6_K: x = (d × sc) × (q − 32), one unit d. Q2_K, Q4_K, Q5_K:
// x = (d × sc) × q − (dmin × m), two units d and dmin. Products are exact in float; the difference is exact
// when every value is a multiple of the lower of d's and dmin's last bits and below 2^24 of them (checked per
// block: `TwoUnitBlock.isExact`), else the block is added value by value. Zeros a code sum cannot count
// (d·sc·q = dmin·m for some q) and blocks whose code bounds pass the running extremes are scanned.

extension CodeMoments {
    /// The integer sums of a two-unit block (x = d·A − dmin·M, A = sc·q, M = m per value).
    struct TwoUnitBlock {
        var sA = 0, sA2 = 0, sAM = 0, sM = 0, sM2 = 0
        /// Values that are zero because a whole group is (d·sc = 0 and dmin·m = 0).
        var zeros = 0
        /// Some group may hold a zero only a per-value look can count.
        var zeroCheck = false
        /// Bounds of the block's values from the codes' range.
        var low = Double.infinity, high = -Double.infinity
        /// Largest scale and min codes seen, for the exactness check.
        var scMax = 0, mMax = 0

        /// Adds a group of `n` values with scale code `sc`, min code `m`, Σq = `sq`, Σq² = `sq2`, q ≤ `qmax`;
        /// `dl` = d × sc and `ml` = dmin × m as the dequantizer rounds them; `zeroCodes` (called only when
        /// ml = 0) counts the codes q = 0.
        @inline(__always)
        mutating func add(n: Int, sc: Int, m: Int, sq: Int, sq2: Int, dl: Float, ml: Float, qmax: Int,
                          zeroCodes: () -> Int) {
            sA &+= sc &* sq
            sA2 &+= sc &* sc &* sq2
            sAM &+= sc &* m &* sq
            sM &+= m &* n
            sM2 &+= m &* m &* n
            scMax = Swift.max(scMax, sc)
            mMax = Swift.max(mMax, m)
            let a = -Double(ml), b = Double(dl) * Double(qmax) - Double(ml)
            low = Swift.min(low, Swift.min(a, b))
            high = Swift.max(high, Swift.max(a, b))
            if dl == 0 {
                if ml == 0 { zeros &+= n }
            } else if ml == 0 {
                zeros &+= zeroCodes()  // q = 0 gives a zero, and only it
            } else {
                let r = Double(ml) / Double(dl)
                if r >= 0, r <= Double(qmax), Double(Int(r)) == r { zeroCheck = true }  // 0 ≤ r ≤ qmax: Int(r) fits
            }
        }

        /// Whether every value d·sc·q − dmin·m of the block is exactly representable as a float, so the
        /// dequantizer's float arithmetic does not round (d, dmin finite).
        func isExact(d: Float, dmin: Float, qmax: Int) -> Bool {
            let bound = Double(d.magnitude) * Double(scMax &* qmax) + Double(dmin.magnitude) * Double(mMax)
            guard bound > 0 else { return true }
            var lsb = Int.max
            if d != 0 && scMax > 0 { lsb = Swift.min(lsb, TwoUnitBlock.lowestBit(d)) }
            if dmin != 0 && mMax > 0 { lsb = Swift.min(lsb, TwoUnitBlock.lowestBit(dmin)) }
            // Every value is an integer multiple of 2^lsb; below 2^(lsb + 24) such a multiple fits 24 bits.
            return bound < Double(sign: .plus, exponent: lsb &+ 24, significand: 1)
        }

        /// The exponent of the lowest set bit of a finite non-zero float.
        static func lowestBit(_ f: Float) -> Int {
            let bits = f.bitPattern & 0x7FFF_FFFF, e = Int(bits >> 23), m = bits & 0x7F_FFFF
            return e == 0 ? -149 &+ m.trailingZeroBitCount : e &- 150 &+ (m | 0x80_0000).trailingZeroBitCount
        }
    }

    /// Adds a checked two-unit block of `n` values; scans it when its zeros or extremes need a per-value look.
    @inline(__always)
    mutating func addTwoUnit(_ t: TwoUnitBlock, n: Int, d: Float, dmin: Float, type: ElementType,
                             _ p: UnsafeRawPointer, _ scratch: UnsafeMutablePointer<Float>) {
        let nd = Double(n), dd = Double(d), dm = Double(dmin)
        // n × M2 = d²·C_AA − 2·d·dmin·C_AM + dmin²·C_MM with exact integer co-moments C.
        let cAA = n &* t.sA2 &- t.sA &* t.sA, cAM = n &* t.sAM &- t.sA &* t.sM, cMM = n &* t.sM2 &- t.sM &* t.sM
        let m2 = (dd * dd * Double(cAA) - 2 * dd * dm * Double(cAM) + dm * dm * Double(cMM)) / nd
        add(count: n, mean: (dd * Double(t.sA) - dm * Double(t.sM)) / nd, m2: Swift.max(0, m2))
        if t.zeroCheck || t.low < low || t.high > high {
            scanExtremes(type, p, scratch, zeros: t.zeroCheck)
            if !t.zeroCheck { zeroCount &+= t.zeros }
        } else {
            zeroCount &+= t.zeros
        }
    }

    /// The 6-bit scale and min codes of Q4_K/Q5_K's eight groups, from their 12 packed bytes at `offset`.
    @inline(__always)
    static func kScaleMinCodes(_ p: UnsafeRawPointer, _ offset: Int) -> (sc: SIMD8<Int32>, m: SIMD8<Int32>) {
        var sc = SIMD8<Int32>(), m = SIMD8<Int32>()
        for j in 0..<4 {
            let a = Int32(Dequantize.u8(p, offset &+ j)), b = Int32(Dequantize.u8(p, offset &+ 4 &+ j))
            let md = Int32(Dequantize.u8(p, offset &+ 8 &+ j))
            sc[j] = a & 0x3F
            m[j] = b & 0x3F
            sc[j &+ 4] = (md & 0x0F) | ((a >> 2) & 0x30)
            m[j &+ 4] = (md >> 4) | ((b >> 2) & 0x30)
        }
        return (sc, m)
    }
}

extension CodeTables {
    /// Per byte of two nibbles: lo | lo² << 16 | hi << 32 | hi² << 48.
    static let nibbleHalves: [UInt64] = (0..<256).map { q in
        let lo = UInt64(q & 15), hi = UInt64(q >> 4)
        return lo | (lo * lo) << 16 | hi << 32 | (hi * hi) << 48
    }

    /// Per byte of four 2-bit codes: for shift s, q_s in bits 16s… and q_s² in bits 16s + 8….
    static let twoBitMoments: [UInt64] = (0..<256).map { q in
        (0..<4).reduce(UInt64(0)) { acc, s in
            let v = UInt64((q >> (2 * s)) & 3)
            return acc | v << UInt64(16 * s) | (v * v) << UInt64(16 * s + 8)
        }
    }
}

extension CodeMoments {
    /// Q2_K: 16 bytes of 4-bit scale/min pairs, 64 bytes of 2-bit codes, f16 d, f16 dmin, groups of 16.
    mutating func addQ2_K(_ base: UnsafeRawPointer, _ blocks: Int, _ scratch: UnsafeMutablePointer<Float>,
                          into stats: inout TensorStatistics) {
        CodeTables.twoBitMoments.withUnsafeBufferPointer { table in
            for b in 0..<blocks {
                let p = base + b &* 84  // b < blocks: within the caller's checked bytes
                let d = CodeMoments.half(p, 80), dmin = CodeMoments.half(p, 82)
                guard d.isFinite && dmin.isFinite else { addSlowly(.q2_K, p, scratch); continue }
                var t = TwoUnitBlock()
                for chunk in 0..<4 {  // chunk = 2h + half16: 16 bytes, groups 8h + 2s + half16 for s in 0..<4
                    var sums: UInt64 = 0
                    for j in 0..<16 { sums &+= table[Int(Dequantize.u8(p, 16 &+ 16 &* chunk &+ j))] }  // a byte indexes 256
                    // Fields: Σq ≤ 48, Σq² ≤ 144 per shift: no carry between the 8-bit fields.
                    for s in 0..<4 {
                        let group = 8 &* (chunk >> 1) &+ 2 &* s &+ (chunk & 1)
                        let code = Int(Dequantize.u8(p, group)), sc = code & 0x0F, m = code >> 4
                        let f = sums >> UInt64(16 &* s)
                        t.add(n: 16, sc: sc, m: m, sq: Int(f & 0xFF), sq2: Int((f >> 8) & 0xFF),
                              dl: d * Float(sc), ml: dmin * Float(m), qmax: 3) {
                            CodeMoments.equalCount((Dequantize.bytes16(p, 16 &+ 16 &* chunk) &>> UInt8(2 &* s)) & 3, 0)
                        }
                    }
                }
                guard t.isExact(d: d, dmin: dmin, qmax: 3) else { addSlowly(.q2_K, p, scratch); continue }
                addTwoUnit(t, n: 256, d: d, dmin: dmin, type: .q2_K, p, scratch)
                flushIfFull(into: &stats)
            }
        }
    }

    /// Q4_K: f16 d, f16 dmin, 12 bytes of 6-bit scales/mins, 128 bytes of nibbles, groups of 32.
    mutating func addQ4_K(_ base: UnsafeRawPointer, _ blocks: Int, _ scratch: UnsafeMutablePointer<Float>,
                          into stats: inout TensorStatistics) {
        CodeTables.nibbleHalves.withUnsafeBufferPointer { table in
            for b in 0..<blocks {
                let p = base + b &* 144  // b < blocks: within the caller's checked bytes
                let d = CodeMoments.half(p, 0), dmin = CodeMoments.half(p, 2)
                guard d.isFinite && dmin.isFinite else { addSlowly(.q4_K, p, scratch); continue }
                let codes = CodeMoments.kScaleMinCodes(p, 4)
                var t = TwoUnitBlock()
                for c in 0..<4 {  // 32 bytes: group 2c in the low nibbles, 2c + 1 in the high
                    var sums: UInt64 = 0
                    for j in 0..<32 { sums &+= table[Int(Dequantize.u8(p, 16 &+ 32 &* c &+ j))] }  // a byte indexes 256
                    // Fields: Σq ≤ 480, Σq² ≤ 7200: no carry between the 16-bit fields.
                    for s in 0..<2 {
                        let g = 2 &* c &+ s, sc = Int(codes.sc[g]), m = Int(codes.m[g])
                        let f = sums >> UInt64(32 &* s)
                        t.add(n: 32, sc: sc, m: m, sq: Int(f & 0xFFFF), sq2: Int((f >> 16) & 0xFFFF),
                              dl: d * Float(sc), ml: dmin * Float(m), qmax: 15) {
                            let shift = UInt8(4 &* s)
                            return CodeMoments.equalCount((Dequantize.bytes16(p, 16 &+ 32 &* c) &>> shift) & 0x0F, 0)
                                &+ CodeMoments.equalCount((Dequantize.bytes16(p, 32 &+ 32 &* c) &>> shift) & 0x0F, 0)
                        }
                    }
                }
                guard t.isExact(d: d, dmin: dmin, qmax: 15) else { addSlowly(.q4_K, p, scratch); continue }
                addTwoUnit(t, n: 256, d: d, dmin: dmin, type: .q4_K, p, scratch)
                flushIfFull(into: &stats)
            }
        }
    }

    /// Q5_K: f16 d, f16 dmin, 12 bytes of scales/mins, 32 bytes of fifth bits, 128 bytes of nibbles, groups of 32.
    mutating func addQ5_K(_ base: UnsafeRawPointer, _ blocks: Int, _ scratch: UnsafeMutablePointer<Float>,
                          into stats: inout TensorStatistics) {
        for b in 0..<blocks {
            let p = base + b &* 176  // b < blocks: within the caller's checked bytes
            let d = CodeMoments.half(p, 0), dmin = CodeMoments.half(p, 2)
            guard d.isFinite && dmin.isFinite else { addSlowly(.q5_K, p, scratch); continue }
            let codes = CodeMoments.kScaleMinCodes(p, 4)
            let qh0 = Dequantize.bytes16(p, 16), qh1 = Dequantize.bytes16(p, 32)
            var t = TwoUnitBlock()
            for c in 0..<4 {
                let q0 = Dequantize.bytes16(p, 48 &+ 32 &* c), q1 = Dequantize.bytes16(p, 64 &+ 32 &* c)
                for s in 0..<2 {
                    let g = 2 &* c &+ s  // element 32g + l: nibble of byte l (low for s = 0), fifth bit g of qh[l]
                    let shift = UInt8(4 &* s)
                    let v0 = ((q0 &>> shift) & 0x0F) | (((qh0 &>> UInt8(g)) & 1) &<< 4)
                    let v1 = ((q1 &>> shift) & 0x0F) | (((qh1 &>> UInt8(g)) & 1) &<< 4)
                    let w0 = SIMD16<UInt16>(truncatingIfNeeded: v0), w1 = SIMD16<UInt16>(truncatingIfNeeded: v1)
                    // Σq ≤ 992 and Σq² ≤ 30752 over 32 values: no UInt16 wrap.
                    let sq = Int((w0 &+ w1).wrappedSum()), sq2 = Int((w0 &* w0 &+ w1 &* w1).wrappedSum())
                    let sc = Int(codes.sc[g]), m = Int(codes.m[g])
                    t.add(n: 32, sc: sc, m: m, sq: sq, sq2: sq2, dl: d * Float(sc), ml: dmin * Float(m), qmax: 31) {
                        CodeMoments.equalCount(v0, 0) &+ CodeMoments.equalCount(v1, 0)
                    }
                }
            }
            guard t.isExact(d: d, dmin: dmin, qmax: 31) else { addSlowly(.q5_K, p, scratch); continue }
            addTwoUnit(t, n: 256, d: d, dmin: dmin, type: .q5_K, p, scratch)
            flushIfFull(into: &stats)
        }
    }

    /// Q6_K: 128 bytes of low nibbles, 64 bytes of 2-bit highs, 16 signed scales, f16 d; x = (d × sc) × (q − 32).
    /// d × sc × (q − 32) is exact in float (11 + 7 + 5 significant bits), so the block has the one unit d.
    mutating func addQ6_K(_ base: UnsafeRawPointer, _ blocks: Int, _ scratch: UnsafeMutablePointer<Float>,
                          into stats: inout TensorStatistics) {
        for b in 0..<blocks {
            let p = base + b &* 210  // b < blocks: within the caller's checked bytes
            let d = CodeMoments.half(p, 208)
            guard d.isFinite else { addSlowly(.q6_K, p, scratch); continue }
            var k1 = 0, k2 = 0, zeros = 0, kLow = Int.max, kHigh = Int.min
            for h in 0..<2 {
                for half16 in 0..<2 {
                    let a = Dequantize.bytes16(p, 64 &* h &+ 16 &* half16)
                    let c = Dequantize.bytes16(p, 64 &* h &+ 32 &+ 16 &* half16)
                    let hi = Dequantize.bytes16(p, 128 &+ 32 &* h &+ 16 &* half16)
                    for s in 0..<4 {
                        let q: SIMD16<UInt8>
                        switch s {
                        case 0: q = (a & 0x0F) | ((hi & 0x03) &<< 4)
                        case 1: q = (c & 0x0F) | (((hi &>> 2) & 0x03) &<< 4)
                        case 2: q = (a &>> 4) | (((hi &>> 4) & 0x03) &<< 4)
                        default: q = (c &>> 4) | ((hi &>> 6) &<< 4)
                        }
                        let group = 8 &* h &+ 2 &* s &+ half16
                        let sc = Int(Int8(bitPattern: Dequantize.u8(p, 192 &+ group)))
                        let w = SIMD16<UInt16>(truncatingIfNeeded: q)
                        // Σq ≤ 1008, Σq² ≤ 63504 over 16 values: no UInt16 wrap.
                        let sq = Int(w.wrappedSum()), sq2 = Int((w &* w).wrappedSum())
                        k1 &+= sc &* (sq &- 512)
                        k2 &+= sc &* sc &* (sq2 &- 64 &* sq &+ 16384)  // Σ(q − 32)² = Σq² − 64Σq + 16·1024
                        if sc == 0 {
                            zeros &+= 16
                        } else {
                            zeros &+= CodeMoments.equalCount(q, 32)
                            kLow = Swift.min(kLow, sc > 0 ? -32 &* sc : 31 &* sc)
                            kHigh = Swift.max(kHigh, sc > 0 ? 31 &* sc : -32 &* sc)
                        }
                    }
                }
            }
            let unit = Double(d)
            add(count: 256, unit: unit, k1: k1, spread: 256 &* k2 &- k1 &* k1)
            zeroCount &+= d == 0 ? 256 : zeros
            if kLow > kHigh { kLow = 0; kHigh = 0 }  // every scale zero: all values are zero
            if mayWiden(unit: unit, kLow, kHigh) { scanExtremes(.q6_K, p, scratch, zeros: false) }
            flushIfFull(into: &stats)
        }
    }
}
