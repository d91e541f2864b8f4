// Statistics from codes for the one-scale-per-block types TQ1_0, TQ2_0 and Q1_0: every value is d × k with
// k in {−1, 0, 1, 2}, so a block is its d and the counts of each k (byte tables of code counts). d × k is
// exact in float for an f16 d and |k| ≤ 2, so Σx = d·Σk and Σx² = d²·Σk² hold without rounding.

extension CodeTables {
    /// Base-3 digit k of a TQ1_0 byte, as ggml unpacks it: ((q × 3^k mod 256) × 3) >> 8.
    static func trit(_ q: Int, _ k: Int) -> Int {
        let powers = [1, 3, 9, 27, 81]
        return (((q &* powers[k]) & 0xFF) &* 3) >> 8
    }

    /// Per byte of TQ1_0's first 48: (count of digit 0) | (count of digit 2) << 16 over its five digits.
    static let tq1Five: [UInt32] = (0..<256).map { q in
        (0..<5).reduce(UInt32(0)) { acc, k in
            let t = trit(q, k)
            return acc &+ (t == 0 ? 1 : 0) &+ (t == 2 ? 1 << 16 : 0)
        }
    }

    /// The same over the four digits of TQ1_0's last 4 bytes.
    static let tq1Four: [UInt32] = (0..<256).map { q in
        (0..<4).reduce(UInt32(0)) { acc, k in
            let t = trit(q, k)
            return acc &+ (t == 0 ? 1 : 0) &+ (t == 2 ? 1 << 16 : 0)
        }
    }

    /// Per byte: the counts of its four 2-bit codes 0, 1, 2, 3 in 16-bit fields.
    static let twoBitCounts: [UInt64] = (0..<256).map { q in
        var acc: UInt64 = 0
        for s in 0..<4 {
            let code = UInt64((q >> (2 * s)) & 3)
            acc &+= 1 << (16 * code)
        }
        return acc
    }
}

extension CodeMoments {
    /// Adds a block of `n` values d × k given the counts of k = −1, 0, 1, 2 (`counts.0` … `counts.3`).
    @inline(__always)
    mutating func addSigned(d: Float, n: Int, _ minus: Int, _ zero: Int, _ one: Int, _ two: Int) {
        let k1 = one &- minus &+ 2 &* two, k2 = one &+ minus &+ 4 &* two
        let unit = Double(d)
        add(count: n, unit: unit, k1: k1, spread: n &* k2 &- k1 &* k1)
        zeroCount &+= d == 0 ? n : zero
        let kLow = minus > 0 ? -1 : zero > 0 ? 0 : one > 0 ? 1 : 2
        let kHigh = two > 0 ? 2 : one > 0 ? 1 : zero > 0 ? 0 : -1
        extremes(unit: unit, kLow, kHigh)
    }

    /// TQ1_0: 48 bytes of five base-3 digits, 4 bytes of four, f16 d at 52; x = d × (digit − 1).
    mutating func addTQ1_0(_ base: UnsafeRawPointer, _ blocks: Int, _ scratch: UnsafeMutablePointer<Float>,
                           into stats: inout TensorStatistics) {
        CodeTables.tq1Five.withUnsafeBufferPointer { five in
            CodeTables.tq1Four.withUnsafeBufferPointer { four in
                for b in 0..<blocks {
                    let p = base + b &* 54  // b < blocks: within the caller's checked bytes
                    let d = CodeMoments.half(p, 52)
                    guard d.isFinite else { addSlowly(.tq1_0, p, scratch); continue }
                    var counts: UInt32 = 0
                    for j in 0..<48 { counts &+= five[Int(p.load(fromByteOffset: j, as: UInt8.self))] }  // a byte indexes 256
                    for j in 48..<52 { counts &+= four[Int(p.load(fromByteOffset: j, as: UInt8.self))] }
                    let minus = Int(counts & 0xFFFF), one = Int(counts >> 16)  // each ≤ 256: no carry between fields
                    addSigned(d: d, n: 256, minus, 256 &- minus &- one, one, 0)
                    flushIfFull(into: &stats)
                }
            }
        }
    }

    /// TQ2_0: 64 bytes of 2-bit codes q, f16 d at 64; x = d × (q − 1).
    mutating func addTQ2_0(_ base: UnsafeRawPointer, _ blocks: Int, _ scratch: UnsafeMutablePointer<Float>,
                           into stats: inout TensorStatistics) {
        CodeTables.twoBitCounts.withUnsafeBufferPointer { table in
            for b in 0..<blocks {
                let p = base + b &* 66  // b < blocks: within the caller's checked bytes
                let d = CodeMoments.half(p, 64)
                guard d.isFinite else { addSlowly(.tq2_0, p, scratch); continue }
                var counts: UInt64 = 0
                for j in 0..<64 { counts &+= table[Int(p.load(fromByteOffset: j, as: UInt8.self))] }  // a byte indexes 256
                // Each field counts ≤ 256 codes: no carry between the 16-bit fields.
                addSigned(d: d, n: 256, Int(counts & 0xFFFF), Int((counts >> 16) & 0xFFFF),
                          Int((counts >> 32) & 0xFFFF), Int(counts >> 48))
                flushIfFull(into: &stats)
            }
        }
    }

    /// Q1_0: f16 d, 16 bytes of sign bits; x = bit ? d : −d.
    mutating func addQ1_0(_ base: UnsafeRawPointer, _ blocks: Int, _ scratch: UnsafeMutablePointer<Float>,
                          into stats: inout TensorStatistics) {
        for b in 0..<blocks {
            let p = base + b &* 18  // b < blocks: within the caller's checked bytes
            let d = CodeMoments.half(p, 0)
            guard d.isFinite else { addSlowly(.q1_0, p, scratch); continue }
            let plus = p.loadUnaligned(fromByteOffset: 2, as: UInt64.self).nonzeroBitCount
                &+ p.loadUnaligned(fromByteOffset: 10, as: UInt64.self).nonzeroBitCount
            addSigned(d: d, n: 128, 128 &- plus, 0, plus, 0)
            flushIfFull(into: &stats)
        }
    }
}
