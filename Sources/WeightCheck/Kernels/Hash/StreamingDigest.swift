// The one interface every hash kernel offers to the scan engine: feed bytes in order, then finalize.
// HashAlgorithm names the algorithms the CLI and manifests speak of and makes a hasher for each.

/// A hash computed over bytes fed in order, in chunks of any size.
///
/// Feeding a buffer whole or split into chunks at any boundaries gives the same digest.
public protocol StreamingDigest {
    /// Feeds the next `bytes`. Chunks may have any size, including zero.
    mutating func update(_ bytes: UnsafeRawBufferPointer)

    /// Returns the digest of every byte fed so far, in the byte order its reference tool prints
    /// (so `hexString` matches `sha256sum`, `git hash-object`, `xxhsum`), and resets the hasher to empty.
    mutating func finalize() -> [UInt8]
}

/// The digests WeightCheck computes.
public enum HashAlgorithm: String, CaseIterable, Sendable, Hashable {
    /// SHA-256 of the bytes (Hugging Face's LFS object id); printed like `sha256sum`.
    case sha256 = "sha256"
    /// SHA-1 of `"blob <length>\0"` followed by the bytes: git's blob id, as `git hash-object` prints it.
    case sha1Git = "sha1-git"
    /// XXH64 with seed 0: plain `xxhsum`'s default (`-H1`), printed as it prints it.
    case xxh64 = "xxh64"
    /// XXH3-64 with seed 0, printed like `xxhsum -H3` (big-endian hex of the 64-bit value).
    case xxh3 = "xxh3"
    /// XXH3-128 with seed 0, printed like `xxhsum -H2`.
    case xxh128 = "xxh128"

    /// The digest's size in bytes (its hex form is twice as long).
    public var digestByteCount: Int {
        switch self {
        case .sha256: return 32
        case .sha1Git: return 20
        case .xxh64, .xxh3: return 8
        case .xxh128: return 16
        }
    }

    /// The algorithm whose hex digest has `hexLength` characters, as `sha256sum -c` and `xxhsum -c` read an
    /// untagged line: 64 → sha256, 40 → sha1-git, 16 → xxh64 (`xxhsum`'s default; XXH3 lines carry a tag),
    /// 32 → xxh128; nil for any other length.
    public init?(hexDigestLength hexLength: Int) {
        switch hexLength {
        case 64: self = .sha256
        case 40: self = .sha1Git
        case 16: self = .xxh64
        case 32: self = .xxh128
        default: return nil
        }
    }

    /// A fresh hasher for this algorithm.
    ///
    /// - Parameter totalLength: the number of bytes that will be fed. Only `sha1Git` needs it (the length is
    ///   part of the hashed prefix); it must be non-negative and equal to what is then fed, or the digest is
    ///   not git's.
    public func makeHasher(totalLength: Int) -> any StreamingDigest {
        switch self {
        case .sha256: return SHA256()
        case .sha1Git: return GitBlobSHA1.makeHasher(totalLength: totalLength)
        case .xxh64: return XXH64()
        case .xxh3: return XXH3_64()
        case .xxh128: return XXH3_128()
        }
    }

    /// The digest of `bytes` in one call (same bytes as `makeHasher` + `update` + `finalize`).
    public func digest(of bytes: UnsafeRawBufferPointer) -> [UInt8] {
        switch self {
        case .sha256: return SHA256.hash(bytes)
        case .sha1Git: return GitBlobSHA1.digest(of: bytes)
        case .xxh64: return XXH64.digest(of: bytes)
        case .xxh3: return XXH3_64.digest(of: bytes)
        case .xxh128: return XXH3_128.digest(of: bytes)
        }
    }
}
