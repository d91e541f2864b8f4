// SHA-1 (FIPS 180-4) as a streaming hasher in pure Swift, 80 rounds unrolled over local state.
// Used for git blob ids of small files (GitBlobSHA1); not for anything that needs collision resistance.

/// A streaming SHA-1 hasher. `finalize()` returns the 20-byte digest in `sha1sum`'s order.
public struct SHA1: StreamingDigest, Sendable {
    /// The digest size in bytes.
    public static let byteCount = 20

    private typealias State = (UInt32, UInt32, UInt32, UInt32, UInt32)
    private static let initialState: State = (0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0)

    private var state: State = SHA1.initialState
    private var buffer = MerkleDamgardBuffer()

    /// A hasher with nothing fed yet.
    public init() {}

    /// Feeds the next `bytes` (any count, including zero).
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        buffer.update(bytes) { SHA1.compress(&state, $0, $1) }
    }

    /// Returns the 20-byte digest of everything fed, and resets the hasher to empty.
    public mutating func finalize() -> [UInt8] {
        buffer.finish { SHA1.compress(&state, $0, $1) }
        let words = [state.0, state.1, state.2, state.3, state.4]
        var digest = [UInt8]()
        digest.reserveCapacity(20)
        for word in words {
            digest.append(UInt8(truncatingIfNeeded: word >> 24))
            digest.append(UInt8(truncatingIfNeeded: word >> 16))
            digest.append(UInt8(truncatingIfNeeded: word >> 8))
            digest.append(UInt8(truncatingIfNeeded: word))
        }
        self = SHA1()
        return digest
    }

    /// The SHA-1 of `bytes` in one call.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var hasher = SHA1()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Compresses `blockCount` whole 64-byte blocks at `data` into `state`.
    ///
    /// - Precondition: `data` points at `blockCount * 64` readable bytes (callers pass whole blocks only).
    @inline(never)
    private static func compress(_ state: inout State, _ data: UnsafeRawPointer, _ blockCount: Int) {
        var a = state.0, b = state.1, c = state.2, d = state.3, e = state.4
        var p = data
        for _ in 0..<blockCount {
            // Loads at offsets 0..<64 of a block the caller guarantees whole.
            var w0 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
            var w1 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
            var w2 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
            var w3 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
            var w4 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
            var w5 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 20, as: UInt32.self))
            var w6 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 24, as: UInt32.self))
            var w7 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 28, as: UInt32.self))
            var w8 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 32, as: UInt32.self))
            var w9 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 36, as: UInt32.self))
            var w10 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 40, as: UInt32.self))
            var w11 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 44, as: UInt32.self))
            var w12 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 48, as: UInt32.self))
            var w13 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 52, as: UInt32.self))
            var w14 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 56, as: UInt32.self))
            var w15 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 60, as: UInt32.self))
            let a0 = a, b0 = b, c0 = c, d0 = d, e0 = e
            round0(a, &b, c, d, &e, w0)
            round0(e, &a, b, c, &d, w1)
            round0(d, &e, a, b, &c, w2)
            round0(c, &d, e, a, &b, w3)
            round0(b, &c, d, e, &a, w4)
            round0(a, &b, c, d, &e, w5)
            round0(e, &a, b, c, &d, w6)
            round0(d, &e, a, b, &c, w7)
            round0(c, &d, e, a, &b, w8)
            round0(b, &c, d, e, &a, w9)
            round0(a, &b, c, d, &e, w10)
            round0(e, &a, b, c, &d, w11)
            round0(d, &e, a, b, &c, w12)
            round0(c, &d, e, a, &b, w13)
            round0(b, &c, d, e, &a, w14)
            round0(a, &b, c, d, &e, w15)
            w0 = rotl(w13 ^ w8 ^ w2 ^ w0, 1)
            round0(e, &a, b, c, &d, w0)
            w1 = rotl(w14 ^ w9 ^ w3 ^ w1, 1)
            round0(d, &e, a, b, &c, w1)
            w2 = rotl(w15 ^ w10 ^ w4 ^ w2, 1)
            round0(c, &d, e, a, &b, w2)
            w3 = rotl(w0 ^ w11 ^ w5 ^ w3, 1)
            round0(b, &c, d, e, &a, w3)
            w4 = rotl(w1 ^ w12 ^ w6 ^ w4, 1)
            round1(a, &b, c, d, &e, w4)
            w5 = rotl(w2 ^ w13 ^ w7 ^ w5, 1)
            round1(e, &a, b, c, &d, w5)
            w6 = rotl(w3 ^ w14 ^ w8 ^ w6, 1)
            round1(d, &e, a, b, &c, w6)
            w7 = rotl(w4 ^ w15 ^ w9 ^ w7, 1)
            round1(c, &d, e, a, &b, w7)
            w8 = rotl(w5 ^ w0 ^ w10 ^ w8, 1)
            round1(b, &c, d, e, &a, w8)
            w9 = rotl(w6 ^ w1 ^ w11 ^ w9, 1)
            round1(a, &b, c, d, &e, w9)
            w10 = rotl(w7 ^ w2 ^ w12 ^ w10, 1)
            round1(e, &a, b, c, &d, w10)
            w11 = rotl(w8 ^ w3 ^ w13 ^ w11, 1)
            round1(d, &e, a, b, &c, w11)
            w12 = rotl(w9 ^ w4 ^ w14 ^ w12, 1)
            round1(c, &d, e, a, &b, w12)
            w13 = rotl(w10 ^ w5 ^ w15 ^ w13, 1)
            round1(b, &c, d, e, &a, w13)
            w14 = rotl(w11 ^ w6 ^ w0 ^ w14, 1)
            round1(a, &b, c, d, &e, w14)
            w15 = rotl(w12 ^ w7 ^ w1 ^ w15, 1)
            round1(e, &a, b, c, &d, w15)
            w0 = rotl(w13 ^ w8 ^ w2 ^ w0, 1)
            round1(d, &e, a, b, &c, w0)
            w1 = rotl(w14 ^ w9 ^ w3 ^ w1, 1)
            round1(c, &d, e, a, &b, w1)
            w2 = rotl(w15 ^ w10 ^ w4 ^ w2, 1)
            round1(b, &c, d, e, &a, w2)
            w3 = rotl(w0 ^ w11 ^ w5 ^ w3, 1)
            round1(a, &b, c, d, &e, w3)
            w4 = rotl(w1 ^ w12 ^ w6 ^ w4, 1)
            round1(e, &a, b, c, &d, w4)
            w5 = rotl(w2 ^ w13 ^ w7 ^ w5, 1)
            round1(d, &e, a, b, &c, w5)
            w6 = rotl(w3 ^ w14 ^ w8 ^ w6, 1)
            round1(c, &d, e, a, &b, w6)
            w7 = rotl(w4 ^ w15 ^ w9 ^ w7, 1)
            round1(b, &c, d, e, &a, w7)
            w8 = rotl(w5 ^ w0 ^ w10 ^ w8, 1)
            round2(a, &b, c, d, &e, w8)
            w9 = rotl(w6 ^ w1 ^ w11 ^ w9, 1)
            round2(e, &a, b, c, &d, w9)
            w10 = rotl(w7 ^ w2 ^ w12 ^ w10, 1)
            round2(d, &e, a, b, &c, w10)
            w11 = rotl(w8 ^ w3 ^ w13 ^ w11, 1)
            round2(c, &d, e, a, &b, w11)
            w12 = rotl(w9 ^ w4 ^ w14 ^ w12, 1)
            round2(b, &c, d, e, &a, w12)
            w13 = rotl(w10 ^ w5 ^ w15 ^ w13, 1)
            round2(a, &b, c, d, &e, w13)
            w14 = rotl(w11 ^ w6 ^ w0 ^ w14, 1)
            round2(e, &a, b, c, &d, w14)
            w15 = rotl(w12 ^ w7 ^ w1 ^ w15, 1)
            round2(d, &e, a, b, &c, w15)
            w0 = rotl(w13 ^ w8 ^ w2 ^ w0, 1)
            round2(c, &d, e, a, &b, w0)
            w1 = rotl(w14 ^ w9 ^ w3 ^ w1, 1)
            round2(b, &c, d, e, &a, w1)
            w2 = rotl(w15 ^ w10 ^ w4 ^ w2, 1)
            round2(a, &b, c, d, &e, w2)
            w3 = rotl(w0 ^ w11 ^ w5 ^ w3, 1)
            round2(e, &a, b, c, &d, w3)
            w4 = rotl(w1 ^ w12 ^ w6 ^ w4, 1)
            round2(d, &e, a, b, &c, w4)
            w5 = rotl(w2 ^ w13 ^ w7 ^ w5, 1)
            round2(c, &d, e, a, &b, w5)
            w6 = rotl(w3 ^ w14 ^ w8 ^ w6, 1)
            round2(b, &c, d, e, &a, w6)
            w7 = rotl(w4 ^ w15 ^ w9 ^ w7, 1)
            round2(a, &b, c, d, &e, w7)
            w8 = rotl(w5 ^ w0 ^ w10 ^ w8, 1)
            round2(e, &a, b, c, &d, w8)
            w9 = rotl(w6 ^ w1 ^ w11 ^ w9, 1)
            round2(d, &e, a, b, &c, w9)
            w10 = rotl(w7 ^ w2 ^ w12 ^ w10, 1)
            round2(c, &d, e, a, &b, w10)
            w11 = rotl(w8 ^ w3 ^ w13 ^ w11, 1)
            round2(b, &c, d, e, &a, w11)
            w12 = rotl(w9 ^ w4 ^ w14 ^ w12, 1)
            round3(a, &b, c, d, &e, w12)
            w13 = rotl(w10 ^ w5 ^ w15 ^ w13, 1)
            round3(e, &a, b, c, &d, w13)
            w14 = rotl(w11 ^ w6 ^ w0 ^ w14, 1)
            round3(d, &e, a, b, &c, w14)
            w15 = rotl(w12 ^ w7 ^ w1 ^ w15, 1)
            round3(c, &d, e, a, &b, w15)
            w0 = rotl(w13 ^ w8 ^ w2 ^ w0, 1)
            round3(b, &c, d, e, &a, w0)
            w1 = rotl(w14 ^ w9 ^ w3 ^ w1, 1)
            round3(a, &b, c, d, &e, w1)
            w2 = rotl(w15 ^ w10 ^ w4 ^ w2, 1)
            round3(e, &a, b, c, &d, w2)
            w3 = rotl(w0 ^ w11 ^ w5 ^ w3, 1)
            round3(d, &e, a, b, &c, w3)
            w4 = rotl(w1 ^ w12 ^ w6 ^ w4, 1)
            round3(c, &d, e, a, &b, w4)
            w5 = rotl(w2 ^ w13 ^ w7 ^ w5, 1)
            round3(b, &c, d, e, &a, w5)
            w6 = rotl(w3 ^ w14 ^ w8 ^ w6, 1)
            round3(a, &b, c, d, &e, w6)
            w7 = rotl(w4 ^ w15 ^ w9 ^ w7, 1)
            round3(e, &a, b, c, &d, w7)
            w8 = rotl(w5 ^ w0 ^ w10 ^ w8, 1)
            round3(d, &e, a, b, &c, w8)
            w9 = rotl(w6 ^ w1 ^ w11 ^ w9, 1)
            round3(c, &d, e, a, &b, w9)
            w10 = rotl(w7 ^ w2 ^ w12 ^ w10, 1)
            round3(b, &c, d, e, &a, w10)
            w11 = rotl(w8 ^ w3 ^ w13 ^ w11, 1)
            round3(a, &b, c, d, &e, w11)
            w12 = rotl(w9 ^ w4 ^ w14 ^ w12, 1)
            round3(e, &a, b, c, &d, w12)
            w13 = rotl(w10 ^ w5 ^ w15 ^ w13, 1)
            round3(d, &e, a, b, &c, w13)
            w14 = rotl(w11 ^ w6 ^ w0 ^ w14, 1)
            round3(c, &d, e, a, &b, w14)
            w15 = rotl(w12 ^ w7 ^ w1 ^ w15, 1)
            round3(b, &c, d, e, &a, w15)
            a = a &+ a0; b = b &+ b0; c = c &+ c0; d = d &+ d0; e = e &+ e0
            p += 64
        }
        state = (a, b, c, d, e)
    }

    // One round each of the four kinds; the caller rotates the variables' roles instead of moving them.
    @inline(__always)
    private static func round0(_ a: UInt32, _ b: inout UInt32, _ c: UInt32, _ d: UInt32, _ e: inout UInt32,
                               _ w: UInt32) {
        e = e &+ rotl(a, 5) &+ (d ^ (b & (c ^ d))) &+ 0x5A827999 &+ w
        b = rotl(b, 30)
    }

    @inline(__always)
    private static func round1(_ a: UInt32, _ b: inout UInt32, _ c: UInt32, _ d: UInt32, _ e: inout UInt32,
                               _ w: UInt32) {
        e = e &+ rotl(a, 5) &+ (b ^ c ^ d) &+ 0x6ED9EBA1 &+ w
        b = rotl(b, 30)
    }

    @inline(__always)
    private static func round2(_ a: UInt32, _ b: inout UInt32, _ c: UInt32, _ d: UInt32, _ e: inout UInt32,
                               _ w: UInt32) {
        e = e &+ rotl(a, 5) &+ ((b & c) | (d & (b | c))) &+ 0x8F1BBCDC &+ w
        b = rotl(b, 30)
    }

    @inline(__always)
    private static func round3(_ a: UInt32, _ b: inout UInt32, _ c: UInt32, _ d: UInt32, _ e: inout UInt32,
                               _ w: UInt32) {
        e = e &+ rotl(a, 5) &+ (b ^ c ^ d) &+ 0xCA62C1D6 &+ w
        b = rotl(b, 30)
    }

    @inline(__always)
    private static func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &<< n) | (x &>> (32 &- n)) }
}
