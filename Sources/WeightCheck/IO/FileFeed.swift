// FileFeed: how a whole-file pass (a digest lane) gets its bytes — `pread` into one reused, page-aligned buffer
// (the default: cheapest from disk, benchmarks/RESULTS.md), the same copy done by a reader thread a few pieces ahead
// (`ReadAhead`, where the scan engine has a core to spare), or views of the mapping with the next piece asked for.

/// Streams the bytes of a mapped file front to back for a pass over the whole file.
///
/// The way is chosen once per feed (`Mode`): `.read` (`FileFeed.preferredMode`) copies with `pread` into one
/// buffer of `bufferBytes`, each piece handed on while it is still in the CPU's cache; `.mapped` hands out views
/// of the mapping and asks the kernel for the next piece's pages while this one is hashed. A read that finds the file shorter than its mapping (truncated underneath) hands on zeros for the
/// missing bytes and records the offset on the `MappedFile` (`firstMissingByte`), as a fault in the mapping does.
/// Tensor views (statistics, compare) stay on the mapping; only whole-file streams come through here.
public final class FileFeed {
    /// How a feed reads.
    public enum Mode: Sendable {
        /// `pread` into a reused buffer (`posix_fadvise(SEQUENTIAL)` on the descriptor): a copy per byte, but
        /// from disk 20-30 % less CPU than faulting the mapping in (RESULTS.md, "Feeding the kernels, quiet machine").
        case read
        /// Views of the mapping (`MADV_SEQUENTIAL`, and `MADV_WILLNEED` on the piece after the one handed on): no
        /// copy, a fault per fault-around window not yet mapped: from the page cache 14-17 % less time than `.read`
        /// with the AVX2 XXH3 kernel, from disk more (same section of RESULTS.md).
        case mapped
    }

    /// The mode digest lanes use (`ScanEngine.feedMode`'s default), chosen by benchmarks/feed_paths.sh
    /// (`AGAINST=` a build with the other mode): `.read`, which no run found much slower warm or cold.
    public static let preferredMode = Mode.read

    /// Bytes per `pread`: small enough to stay in L2 between the copy and the kernel, large enough that the
    /// system call costs nothing (128 KiB–1 MiB measured alike).
    public static let bufferBytes = 256 << 10

    /// The file read.
    public let file: MappedFile
    /// The way this feed reads (`.mapped` when `.read` was asked for but the path no longer opens to the same file).
    public let mode: Mode
    private let fd: Int32
    private let buffer: UnsafeMutableRawPointer?
    /// The reader thread a few pieces ahead (`.read` feeds of files of at least `ReadAhead.pieceBytes` asked
    /// with `readAhead`), or nil.
    private let ahead: ReadAhead?

    /// A feed of `file` in `mode` (default `preferredMode`). With `.read`, opens the file's path again and checks that it is still the
    /// file that was mapped (same device and inode); when it is not, or cannot be opened, reads the mapping.
    /// With `readAhead` a `.read` feed of a file of a piece or more is copied by a thread of its own
    /// (`ReadAhead`), a few pieces ahead of `read(_:_:)`, which then costs the caller's thread no copy.
    public init(_ file: MappedFile, mode: Mode = FileFeed.preferredMode, readAhead: Bool = false) {
        self.file = file
        var fd: Int32 = -1
        if mode == .read, file.size > 0, case .success(let opened) = Sys.openReadOnly(file.path) {
            if case .success(let s) = Sys.fstatus(opened), s.device == file.identity.device, s.inode == file.identity.inode {
                fd = opened
                Sys.adviseSequentialReads(fd)
            } else {
                Sys.close(opened)
            }
        }
        self.fd = fd
        self.mode = fd >= 0 ? .read : .mapped
        buffer = fd >= 0 ? UnsafeMutableRawPointer.allocate(byteCount: FileFeed.bufferBytes, alignment: MappedFile.pageSize) : nil
        ahead = fd >= 0 && readAhead && file.size >= ReadAhead.pieceBytes ? ReadAhead(fd: fd, file: file) : nil
    }

    deinit {
        ahead?.stop()
        if fd >= 0 { Sys.close(fd) }
        buffer?.deallocate()
    }

    /// Hands the bytes of `range` to `body` in order, as consecutive pieces with each piece's absolute offset.
    /// Each view is valid only during its call. `range` must lie inside the file.
    public func read(_ range: Range<Int>, _ body: (_ piece: UnsafeRawBufferPointer, _ offset: Int) -> Void) {
        precondition(range.lowerBound >= 0 && range.upperBound <= file.size, "range outside file")
        guard let buffer else {
            // The next piece of the same length starts coming in from disk while this one is hashed.
            let ahead = range.upperBound..<min(file.size, range.upperBound + range.count)
            if !ahead.isEmpty { file.adviseWillNeed(ahead) }
            file.withBytes(in: range) { body($0, range.lowerBound) }
            return
        }
        if let ahead, ahead.read(range, body) { return }
        var offset = range.lowerBound
        while offset < range.upperBound {
            let want = min(FileFeed.bufferBytes, range.upperBound - offset)
            Self.fill(buffer, count: want, at: offset, from: fd, of: file)
            body(UnsafeRawBufferPointer(start: buffer, count: want), offset)
            offset += want
        }
    }

    /// Reads `count` bytes of `file` from `offset` into `buffer` through `fd` (open on the file). Where the end
    /// comes early (the file was cut) or the device fails, the rest is zeros and the offset is recorded on `file`
    /// (`noteMissing`, safe from any thread), as a fault in the mapping does.
    static func fill(_ buffer: UnsafeMutableRawPointer, count: Int, at offset: Int, from fd: Int32, of file: MappedFile) {
        var got = 0
        while got < count {
            guard case .success(let n) = Sys.readAt(fd, into: buffer + got, count: count - got, at: offset + got), n > 0 else {
                file.noteMissing(from: offset + got)
                (buffer + got).initializeMemory(as: UInt8.self, repeating: 0, count: count - got)
                return
            }
            got += n
        }
    }
}
