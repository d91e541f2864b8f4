// XXH64 with seed 0, one-shot and streaming: plain `xxhsum`'s default (`-H1`), printed as it prints it
// (big-endian hex of the 64-bit value). The reference is xxHash's `XXH64` (xxhash.h, v0.8).

/// A streaming XXH64 hasher (seed 0), equal to xxHash's `XXH64`.
///
/// Bytes are consumed in 32-byte stripes by four independent lanes; a partial stripe waits in a small
/// buffer until the next `update` or `finalize`.
public struct XXH64: StreamingDigest, Sendable {
    static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

    private var lanes = XXH64.initialLanes
    private var pending: [UInt8] = []
    private var totalLength: UInt64 = 0

    /// A hasher with nothing fed yet.
    public init() {}

    /// Feeds the next `bytes` (any count, including zero).
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        totalLength &+= UInt64(bytes.count)
        var rest = bytes
        if !pending.isEmpty {
            let take = min(32 - pending.count, rest.count)
            pending += rest.prefix(take)
            rest = UnsafeRawBufferPointer(rebasing: rest.dropFirst(take))
            guard pending.count == 32 else { return }
            pending.withUnsafeBytes { lanes = XXH64.stripes($0, lanes).lanes }
            pending.removeAll(keepingCapacity: true)
        }
        let (next, consumed) = XXH64.stripes(rest, lanes)
        lanes = next
        pending += rest.dropFirst(consumed)
    }

    /// The hash of everything fed so far, leaving the hasher as it is.
    public var value: UInt64 {
        pending.withUnsafeBytes { XXH64.finish(lanes, tail: $0, totalLength: totalLength) }
    }

    /// Returns the 8-byte digest (the value big-endian, as `xxhsum` prints it) and resets the hasher.
    public mutating func finalize() -> [UInt8] {
        let v = value
        self = XXH64()
        return XXH3_64.canonicalBytes(v)
    }

    /// XXH64 (seed 0) of `bytes` in one call.
    ///
    /// - Complexity: O(n), no allocation.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let (lanes, consumed) = stripes(bytes, initialLanes)
        return finish(lanes, tail: UnsafeRawBufferPointer(rebasing: bytes[consumed...]), totalLength: UInt64(bytes.count))
    }

    /// XXH64 of `bytes` as its 8 canonical (big-endian) bytes.
    public static func digest(of bytes: UnsafeRawBufferPointer) -> [UInt8] {
        XXH3_64.canonicalBytes(hash(bytes))
    }

    // MARK: The algorithm

    /// The four lanes with seed 0; `started` says whether any stripe went through them.
    struct Lanes: Sendable {
        var v1, v2, v3, v4: UInt64
        var started: Bool
    }

    static let initialLanes = Lanes(v1: prime1 &+ prime2, v2: prime2, v3: 0, v4: 0 &- prime1, started: false)

    @inline(__always) static func round(_ acc: UInt64, _ input: UInt64) -> UInt64 {
        rotl(acc &+ input &* prime2, 31) &* prime1
    }

    @inline(__always) static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }

    @inline(__always) static func mergeRound(_ acc: UInt64, _ value: UInt64) -> UInt64 {
        (acc ^ round(0, value)) &* prime1 &+ prime4
    }

    /// Runs every whole 32-byte stripe of `bytes` through `lanes`; returns the lanes and the bytes consumed.
    static func stripes(_ bytes: UnsafeRawBufferPointer, _ lanes: Lanes) -> (lanes: Lanes, consumed: Int) {
        guard bytes.count >= 32, let base = bytes.baseAddress else { return (lanes, 0) }
        var (v1, v2, v3, v4) = (lanes.v1, lanes.v2, lanes.v3, lanes.v4)
        var i = 0
        while i &+ 32 <= bytes.count {  // i + 32 <= count: the four 8-byte loads are in bounds
            v1 = round(v1, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            v2 = round(v2, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i &+ 8, as: UInt64.self)))
            v3 = round(v3, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i &+ 16, as: UInt64.self)))
            v4 = round(v4, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i &+ 24, as: UInt64.self)))
            i &+= 32
        }
        return (Lanes(v1: v1, v2: v2, v3: v3, v4: v4, started: true), i)
    }

    /// Merges the lanes, folds in the tail (fewer than 32 bytes) and the length, and avalanches.
    static func finish(_ lanes: Lanes, tail: UnsafeRawBufferPointer, totalLength: UInt64) -> UInt64 {
        var h: UInt64
        if lanes.started {
            h = rotl(lanes.v1, 1) &+ rotl(lanes.v2, 7) &+ rotl(lanes.v3, 12) &+ rotl(lanes.v4, 18)
            h = mergeRound(h, lanes.v1)
            h = mergeRound(h, lanes.v2)
            h = mergeRound(h, lanes.v3)
            h = mergeRound(h, lanes.v4)
        } else {
            h = prime5
        }
        h &+= totalLength
        var i = 0
        while i + 8 <= tail.count {
            h ^= round(0, UInt64(littleEndian: tail.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            h = rotl(h, 27) &* prime1 &+ prime4
            i += 8
        }
        if i + 4 <= tail.count {
            h ^= UInt64(UInt32(littleEndian: tail.loadUnaligned(fromByteOffset: i, as: UInt32.self))) &* prime1
            h = rotl(h, 23) &* prime2 &+ prime3
            i += 4
        }
        while i < tail.count {
            h ^= UInt64(tail[i]) &* prime5
            h = rotl(h, 11) &* prime1
            i += 1
        }
        h ^= h >> 33
        h &*= prime2
        h ^= h >> 29
        h &*= prime3
        h ^= h >> 32
        return h
    }
}
