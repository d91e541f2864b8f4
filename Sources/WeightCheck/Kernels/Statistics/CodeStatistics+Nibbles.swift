// Statistics from codes for the 4- and 5-bit types with one scale per group: IQ4_NL, IQ4_XS, MXFP4, NVFP4
// (x = unit × level), Q5_0 (x = d × (q − 16)), Q3_K (x = (d × (sc − 32)) × (q − 4)), and Q4_1/Q5_1
// (x = d × q + m, checked exact per block like the K-quants' two units). Products are exact in float
// (at most 24 significant bits, MXFP4 scales below 2^122), so a group is its unit and integer code sums.

extension CodeTables {
    /// Per byte of two level nibbles: (L[lo] + L[hi] + 256) | (L[lo]² + L[hi]²) << 16 | zero levels << 40.
    static func levelPairs(_ levels: [Int]) -> [UInt64] {
        (0..<256).map { q in
            let a = levels[q & 15], b = levels[q >> 4]
            let zeros = (a == 0 ? 1 : 0) + (b == 0 ? 1 : 0)
            return UInt64(a + b + 256) | UInt64(a * a + b * b) << 16 | UInt64(zeros) << 40
        }
    }

    static let iq4Pairs = levelPairs(Dequantize.iq4Levels.map { Int($0) })
    static let e2m1Pairs = levelPairs(Dequantize.e2m1Doubled.map { Int($0) })
    /// Lane k holds k: shifts that bring bit k of a word to bit 0.
    static let laneShifts = SIMD16<UInt32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
}

extension CodeMoments {
    /// Σlevel, Σlevel² and zero levels over `bytes` (≤ 16) bytes of level nibbles at `p + offset`.
    @inline(__always)
    static func levels(_ table: UnsafeBufferPointer<UInt64>, _ p: UnsafeRawPointer, _ offset: Int, _ bytes: Int)
        -> (k1: Int, k2: Int, zeros: Int) {
        var t: UInt64 = 0
        for j in 0..<bytes { t &+= table[Int(Dequantize.u8(p, offset &+ j))] }  // a byte indexes 256
        // Fields: Σ(L + 128) ≤ 8160 (16 bits), ΣL² ≤ 2^19 (24 bits), zeros ≤ 32: no carry between them.
        return (Int(t & 0xFFFF) &- 256 &* bytes, Int((t >> 16) & 0xFF_FFFF), Int(t >> 40))
    }

    /// A group of `n` values unit × k whose Σk, Σk², zero count are known; bounds of k for the extremes.
    @inline(__always)
    mutating func addGroup(n: Int, unit: Double, _ s: (k1: Int, k2: Int, zeros: Int), kLow: Int, kHigh: Int) -> Bool {
        add(count: n, unit: unit, k1: s.k1, spread: n &* s.k2 &- s.k1 &* s.k1)
        zeroCount &+= unit == 0 ? n : s.zeros
        return mayWiden(unit: unit, kLow, kHigh)
    }

    /// IQ4_NL: f16 d, 16 bytes of level nibbles; x = d × level.
    mutating func addIQ4_NL(_ base: UnsafeRawPointer, _ blocks: Int, _ scratch: UnsafeMutablePointer<Float>,
                            into stats: inout TensorStatistics) {
        CodeTables.iq4Pairs.withUnsafeBufferPointer { table in
            for b in 0..<blocks {
                let p = base + b &* 18  // b < blocks: within the caller's checked bytes
                let d = CodeMoments.half(p, 0)
                guard d.isFinite else { addSlowly(.iq4_nl, p, scratch); continue }
                if addGroup(n: 32, unit: Double(d), CodeMoments.levels(table, p, 2, 16), kLow: -127, kHigh: 113) {
                    scanExtremes(.iq4_nl, p, scratch, zeros: false)
                }
                flushIfFull(into: &stats)
            }
        }
    }

    /// IQ4_XS: f16 d, u16 of 2-bit scale highs, 4 bytes of 4-bit scale lows, 128 bytes of level nibbles;
    /// x = (d × (scale − 32)) × level per 32 values.
    mutating func addIQ4_XS(_ base: UnsafeRawPointer, _ blocks: Int, _ scratch: UnsafeMutablePointer<Float>,
                            into stats: inout TensorStatistics) {
        CodeTables.iq4Pairs.withUnsafeBufferPointer { table in
            for b in 0..<blocks {
                let p = base + b &* 136  // b < blocks: within the caller's checked bytes
                let d = CodeMoments.half(p, 0)
                guard d.isFinite else { addSlowly(.iq4_xs, p, scratch); continue }
                let highs = Int(Dequantize.u16(p, 2))
                var k1 = 0, k2 = 0, zeros = 0, top = 0
                for ib in 0..<8 {
                    let low = (Int(Dequantize.u8(p, 4 &+ ib >> 1)) >> (4 &* (ib & 1))) & 0x0F
                    let ls = (low | ((highs >> (2 &* ib)) & 3) << 4) &- 32
                    let s = CodeMoments.levels(table, p, 8 &+ 16 &* ib, 16)
                    k1 &+= ls &* s.k1
                    k2 &+= ls &* ls &* s.k2
                    if ls == 0 { zeros &+= 32 }  // levels are never zero
                    top = Swift.max(top, Swift.abs(ls))
                }
                if addGroup(n: 256, unit: Double(d), (k1, k2, zeros), kLow: -127 &* top, kHigh: 127 &* top) {
                    scanExtremes(.iq4_xs, p, scratch, zeros: false)
                }
                flushIfFull(into: &stats)
            }
        }
    }

    /// MXFP4: E8M0 scale byte, 16 bytes of E2M1 nibbles; x = scale/2 × 2·value.
    mutating func addMXFP4(_ base: UnsafeRawPointer, _ blocks: Int, _ scratch: UnsafeMutablePointer<Float>,
                           into stats: inout TensorStatistics) {
        CodeTables.e2m1Pairs.withUnsafeBufferPointer { table in
            for b in 0..<blocks {
                let p = base + b &* 17  // b < blocks: within the caller's checked bytes
                let e = Dequantize.u8(p, 0)
                // Scales of 2^122 and more could overflow a float at 12 × scale: value by value.
                guard e <= 250 else { addSlowly(.mxfp4, p, scratch); continue }
                if addGroup(n: 32, unit: Double(Dequantize.e8m0Half(e)), CodeMoments.levels(table, p, 1, 16), kLow: -12, kHigh: 12) {
                    scanExtremes(.mxfp4, p, scratch, zeros: false)
                }
                flushIfFull(into: &stats)
            }
        }
    }

    /// NVFP4: four UE4M3 scale bytes, then per 16 values 8 bytes of E2M1 nibbles.
    mutating func addNVFP4(_ base: UnsafeRawPointer, _ blocks: Int, _ scratch: UnsafeMutablePointer<Float>,
                           into stats: inout TensorStatistics) {
        CodeTables.e2m1Pairs.withUnsafeBufferPointer { table in
            for b in 0..<blocks {
                let p = base + b &* 36  // b < blocks: within the caller's checked bytes
                var scan = false
                for s in 0..<4 {
                    let unit = Double(Dequantize.ue4m3Half(Dequantize.u8(p, s)))
                    scan = addGroup(n: 16, unit: unit, CodeMoments.levels(table, p, 4 &+ 8 &* s, 8), kLow: -12, kHigh: 12) || scan
                }
                if scan { scanExtremes(.nvfp4, p, scratch, zeros: false) }
                flushIfFull(into: &stats)
            }
        }
    }

    /// The fifth bits of a Q5 block's 32 values, as 0 or 16 per lane (low: values 0–15, high: 16–31).
    @inline(__always)
    static func fifthBits(_ qh: UInt32) -> (low: SIMD16<UInt8>, high: SIMD16<UInt8>) {
        let low = (SIMD16<UInt32>(repeating: qh) &>> CodeTables.laneShifts) & 1
        let high = (SIMD16<UInt32>(repeating: qh &>> 16) &>> CodeTables.laneShifts) & 1
        return (SIMD16<UInt8>(truncatingIfNeeded: low) &<< 4, SIMD16<UInt8>(truncatingIfNeeded: high) &<< 4)
    }

    /// How many lanes of `v` (codes below 128) equal `c`: (v ^ c) − 1 has its top bit set exactly when
    /// v = c, so the count is a lane-wise shift and a byte sum (no mask select, which compiles to a loop).
    @inline(__always)
    static func equalCount(_ v: SIMD16<UInt8>, _ c: UInt8) -> Int {
        Int((((v ^ SIMD16<UInt8>(repeating: c)) &- 1) &>> 7).wrappedSum())  // 16 lanes of 0 or 1: no UInt8 wrap
    }

    /// Σq and Σq² of two vectors of codes below 32 (no UInt16 wrap: 32 × 31² < 2^16).
    @inline(__always)
    static func sums(_ v: SIMD16<UInt8>, _ w: SIMD16<UInt8>) -> (Int, Int) {
        let a = SIMD16<UInt16>(truncatingIfNeeded: v), b = SIMD16<UInt16>(truncatingIfNeeded: w)
        return (Int((a &+ b).wrappedSum()), Int((a &* a &+ b &* b).wrappedSum()))
    }

    /// Q5_0: f16 d, u32 of fifth bits, 16 bytes of nibbles; x = d × (q − 16).
    mutating func addQ5_0(_ base: UnsafeRawPointer, _ blocks: Int, _ scratch: UnsafeMutablePointer<Float>,
                          into stats: inout TensorStatistics) {
        for b in 0..<blocks {
            let p = base + b &* 22  // b < blocks: within the caller's checked bytes
            let d = CodeMoments.half(p, 0)
            guard d.isFinite else { addSlowly(.q5_0, p, scratch); continue }
            let h = CodeMoments.fifthBits(Dequantize.u32(p, 2)), q = Dequantize.bytes16(p, 6)
            let v = (q & 0x0F) | h.low, w = (q &>> 4) | h.high
            let (sq, sq2) = CodeMoments.sums(v, w)
            let z = CodeMoments.equalCount(v, 16) &+ CodeMoments.equalCount(w, 16)
            let k1 = sq &- 512
            if addGroup(n: 32, unit: Double(d), (k1, sq2 &- 32 &* sq &+ 8192, z), kLow: -16, kHigh: 15) {
                scanExtremes(.q5_0, p, scratch, zeros: false)
            }
            flushIfFull(into: &stats)
        }
    }

    /// Q4_1 (5 bits: false) and Q5_1: f16 d, f16 m, [u32 of fifth bits], nibbles; x = d × q + m.
    mutating func addQ4_1or5_1(fiveBits: Bool, _ base: UnsafeRawPointer, _ blocks: Int,
                               _ scratch: UnsafeMutablePointer<Float>, into stats: inout TensorStatistics) {
        let type: ElementType = fiveBits ? .q5_1 : .q4_1, size = type.bytesPerBlock, qmax = fiveBits ? 31 : 15
        for b in 0..<blocks {
            let p = base + b &* size  // b < blocks: within the caller's checked bytes
            let d = CodeMoments.half(p, 0), m = CodeMoments.half(p, 2)
            guard d.isFinite && m.isFinite else { addSlowly(type, p, scratch); continue }
            let q = Dequantize.bytes16(p, fiveBits ? 8 : 4)
            var v = q & 0x0F, w = q &>> 4
            if fiveBits {
                let h = CodeMoments.fifthBits(Dequantize.u32(p, 4))
                v |= h.low; w |= h.high
            }
            let (sq, sq2) = CodeMoments.sums(v, w)
            var t = TwoUnitBlock()
            t.add(n: 32, sc: 1, m: 1, sq: sq, sq2: sq2, dl: d, ml: -m, qmax: qmax) {  // x = d·q − (−m)·1
                CodeMoments.equalCount(v, 0) &+ CodeMoments.equalCount(w, 0)
            }
            guard t.isExact(d: d, dmin: -m, qmax: qmax) else { addSlowly(type, p, scratch); continue }
            addTwoUnit(t, n: 32, d: d, dmin: -m, type: type, p, scratch)
            flushIfFull(into: &stats)
        }
    }

    /// Q3_K: 32 bytes of high-bit masks, 64 bytes of 2-bit values, 12 bytes of 6-bit scales, f16 d;
    /// x = (d × (sc − 32)) × (q − 4) with q = 2-bit value | high bit << 2, per 16 values.
    mutating func addQ3_K(_ base: UnsafeRawPointer, _ blocks: Int, _ scratch: UnsafeMutablePointer<Float>,
                          into stats: inout TensorStatistics) {
        for b in 0..<blocks {
            let p = base + b &* 110  // b < blocks: within the caller's checked bytes
            let d = CodeMoments.half(p, 108)
            guard d.isFinite else { addSlowly(.q3_K, p, scratch); continue }
            var k1 = 0, k2 = 0, zeros = 0, top = 0
            for half16 in 0..<2 {
                let hmask = Dequantize.bytes16(p, 16 &* half16)
                for h in 0..<2 {
                    let q = Dequantize.bytes16(p, 32 &+ 32 &* h &+ 16 &* half16)
                    for s in 0..<4 {
                        let group = 8 &* h &+ 2 &* s &+ half16
                        let low = Int(Dequantize.u8(p, 96 &+ (group & 7))) >> (4 &* (group >> 3)) & 0x0F
                        let high = Int(Dequantize.u8(p, 104 &+ (group & 3))) >> (2 &* (group >> 2)) & 0x03
                        let sc = (low | high << 4) &- 32
                        let v = ((q &>> UInt8(2 &* s)) & 3) | (((hmask &>> UInt8(4 &* h &+ s)) & 1) &<< 2)
                        let w = SIMD16<UInt16>(truncatingIfNeeded: v)
                        let sv = Int(w.wrappedSum()), sv2 = Int((w &* w).wrappedSum())  // ≤ 16 × 49: no wrap
                        k1 &+= sc &* (sv &- 64)
                        k2 &+= sc &* sc &* (sv2 &- 8 &* sv &+ 256)  // Σ(v − 4)² = Σv² − 8Σv + 16·16
                        if sc == 0 {
                            zeros &+= 16
                        } else {
                            zeros &+= CodeMoments.equalCount(v, 4)
                            top = Swift.max(top, Swift.abs(sc))
                        }
                    }
                }
            }
            if addGroup(n: 256, unit: Double(d), (k1, k2, zeros), kLow: -4 &* top, kHigh: 4 &* top) {
                scanExtremes(.q3_K, p, scratch, zeros: false)
            }
            flushIfFull(into: &stats)
        }
    }
}
