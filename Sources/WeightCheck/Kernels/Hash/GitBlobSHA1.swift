// git's blob id: SHA-1 of "blob <length>\0" followed by the file's bytes (`git hash-object FILE`).
// Hugging Face names every small (non-LFS) file in its cache by this id.

/// git blob ids (`sha1("blob <len>\0" + bytes)`), one-shot and streaming.
public enum GitBlobSHA1 {
    /// The header git puts before a blob's bytes: `blob <decimal length>` and a NUL.
    ///
    /// - Precondition: `length >= 0` (a byte count).
    public static func header(length: Int) -> [UInt8] {
        precondition(length >= 0, "a blob length is a byte count")
        return Array("blob \(length)".utf8) + [0]
    }

    /// The 20-byte blob id of `bytes`; its `hexString` is what `git hash-object` prints.
    public static func digest(of bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var hasher = makeHasher(totalLength: bytes.count)
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// A SHA-1 hasher that has already been fed the header for a blob of `totalLength` bytes; feed it
    /// exactly those bytes, in order and in chunks of any size, then `finalize()`.
    ///
    /// - Precondition: `totalLength >= 0`.
    public static func makeHasher(totalLength: Int) -> SHA1 {
        var hasher = SHA1()
        header(length: totalLength).withUnsafeBytes { hasher.update($0) }
        return hasher
    }
}
