// FileIdentity: what says a file is the one a previous run read — size, modification time to the nanosecond
// and inode — as `--resume` compares it. A rewrite changes the mtime, a replacement (rename over, restore from
// a backup) the inode; the three together are what rsync's quick check and make-style tools trust.
import Foundation

/// A file's size, mtime and inode, taken before its bytes are read.
public struct FileIdentity: Sendable, Hashable {
    public var size: Int
    /// Modification time in nanoseconds since the epoch.
    public var mtimeNanoseconds: Int64
    public var inode: UInt64

    public init(size: Int, mtimeNanoseconds: Int64, inode: UInt64) {
        self.size = size
        self.mtimeNanoseconds = mtimeNanoseconds
        self.inode = inode
    }

    /// The identity of the file at `path` (links followed), or nil when it cannot be read.
    public static func of(_ path: String) -> FileIdentity? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        #if canImport(Darwin)
        let time = st.st_mtimespec
        #else
        let time = st.st_mtim
        #endif
        return FileIdentity(size: Int(st.st_size), mtimeNanoseconds: Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec),
                            inode: UInt64(truncatingIfNeeded: st.st_ino))
    }
}
