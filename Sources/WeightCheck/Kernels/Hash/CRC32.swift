// CRC32: the zip checksum (CRC-32/ISO-HDLC, reflected polynomial 0xEDB88320, as zlib's `crc32`), by
// slicing-by-8 tables, plus `crc32Combine` so chunks checksummed on different cores join into one value.

/// The eight 256-entry tables of slicing-by-8: `tables[k][b]` is the CRC of byte `b` followed by `k` zero bytes.
private let crc32Tables: [UInt32] = {
    var t = [UInt32](repeating: 0, count: 8 * 256)
    for b in 0..<256 {
        var c = UInt32(b)
        for _ in 0..<8 { c = (c & 1) != 0 ? (c >> 1) ^ 0xEDB8_8320 : c >> 1 }
        t[b] = c
    }
    for k in 1..<8 {
        for b in 0..<256 {
            let prev = t[(k - 1) * 256 + b]
            t[k * 256 + b] = (prev >> 8) ^ t[Int(prev & 0xFF)]
        }
    }
    return t
}()

/// Continues the CRC-32 `crc` (0 to start) over `bytes`, as zlib's `crc32(crc, bytes, n)` does.
///
/// Eight bytes per step through eight table lookups (slicing-by-8), then byte by byte for the tail.
/// - Complexity: O(n), no allocation.
public func crc32(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
    var c = ~crc
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return crc }
    let count = bytes.count
    return crc32Tables.withUnsafeBufferPointer { tp -> UInt32 in
        // Safe: every index below is a byte value (0...255) plus k * 256 with k in 0..<8, inside the 2048 entries.
        let t = tp.baseAddress!
        var i = 0
        while i &+ 8 <= count {  // i + 8 <= count: the 8-byte load is in bounds
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let lo = UInt32(truncatingIfNeeded: word) ^ c
            let hi = UInt32(truncatingIfNeeded: word >> 32)
            c = t[7 &* 256 &+ Int(lo & 0xFF)] ^ t[6 &* 256 &+ Int((lo >> 8) & 0xFF)]
                ^ t[5 &* 256 &+ Int((lo >> 16) & 0xFF)] ^ t[4 &* 256 &+ Int(lo >> 24)]
                ^ t[3 &* 256 &+ Int(hi & 0xFF)] ^ t[2 &* 256 &+ Int((hi >> 8) & 0xFF)]
                ^ t[1 &* 256 &+ Int((hi >> 16) & 0xFF)] ^ t[Int(hi >> 24)]
            i &+= 8
        }
        while i < count {  // i < count: in bounds
            c = (c >> 8) ^ t[Int((c ^ UInt32(base.load(fromByteOffset: i, as: UInt8.self))) & 0xFF)]
            i &+= 1
        }
        return ~c
    }
}

/// The slow twin of `crc32`: one bit at a time, straight from the definition (tests hold the two equal).
func crc32Bitwise(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
    var c = ~crc
    for b in bytes {
        c ^= UInt32(b)
        for _ in 0..<8 { c = (c & 1) != 0 ? (c >> 1) ^ 0xEDB8_8320 : c >> 1 }
    }
    return ~c
}

/// The CRC-32 of A followed by B, from `crcA`, `crcB` and B's length (zlib's `crc32_combine`).
///
/// Appending `lengthB` zero bits is a linear map over GF(2); it is applied by squaring the one-zero-bit
/// operator, so the cost is O(log lengthB) 32×32 matrix products.
public func crc32Combine(_ crcA: UInt32, _ crcB: UInt32, lengthB: Int) -> UInt32 {
    guard lengthB > 0 else { return crcA }
    func times(_ mat: [UInt32], _ vec: UInt32) -> UInt32 {
        var sum: UInt32 = 0, v = vec, i = 0
        while v != 0 {
            if v & 1 != 0 { sum ^= mat[i] }
            v >>= 1
            i += 1
        }
        return sum
    }
    func square(_ mat: [UInt32]) -> [UInt32] { (0..<32).map { times(mat, mat[$0]) } }
    var odd = [UInt32](repeating: 0, count: 32)
    odd[0] = 0xEDB8_8320  // the operator for one zero bit
    var row: UInt32 = 1
    for n in 1..<32 {
        odd[n] = row
        row <<= 1
    }
    var even = square(odd)  // two zero bits
    odd = square(even)  // four zero bits
    var a = crcA, len = lengthB
    repeat {
        even = square(odd)  // first pass: one zero byte
        if len & 1 != 0 { a = times(even, a) }
        len >>= 1
        if len == 0 { break }
        odd = square(even)
        if len & 1 != 0 { a = times(odd, a) }
        len >>= 1
    } while len != 0
    return a ^ crcB
}
