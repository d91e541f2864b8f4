// The one place that imports the platform's C library: thin wrappers over the syscalls the IO stage uses.
// Everything else in the package stays platform-neutral and builds on Linux (Glibc/Musl) and macOS (Darwin).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#else
#error("unsupported platform")
#endif

/// An error reported by the operating system for a path, with the system's own reason (`strerror`).
public struct SystemError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The path the operation was applied to.
    public let path: String
    /// The operation that failed, such as `open` or `mmap`.
    public let operation: String
    /// The `errno` value.
    public let code: Int32

    public var description: String {
        "\(path): cannot \(operation): \(SystemError.reason(code))"
    }

    /// The system's text for an `errno` value (`strerror`), lowercased like the rest of our messages and
    /// saying "folder" where the system says "directory", as every message of ours does.
    public static func reason(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        let s = String(cString: text).replacingOccurrences(of: "directory", with: "folder")
            .replacingOccurrences(of: "Directory", with: "Folder")
        return s.prefix(1).lowercased() + s.dropFirst()
    }
}

/// An `errno` value carried in a `Result`.
struct Errno: Error {
    let code: Int32
}

package enum Sys {
    static var errno: Int32 {
        #if canImport(Glibc)
        return Glibc.errno
        #elseif canImport(Musl)
        return Musl.errno
        #else
        return Darwin.errno
        #endif
    }

    /// `open(path, O_RDONLY)`, retried on EINTR.
    static func openReadOnly(_ path: String) -> Result<Int32, Errno> {
        while true {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            if fd >= 0 { return .success(fd) }
            let e = errno
            if e != EINTR { return .failure(Errno(code: e)) }
        }
    }

    static let isDirectoryError: Int32 = EISDIR
    static let invalidArgumentError: Int32 = EINVAL
    static let notFoundError: Int32 = ENOENT

    static func close(_ fd: Int32) { _ = closeFD(fd) }

    private static func closeFD(_ fd: Int32) -> Int32 {
        #if canImport(Glibc)
        return Glibc.close(fd)
        #elseif canImport(Musl)
        return Musl.close(fd)
        #else
        return Darwin.close(fd)
        #endif
    }

    struct FileStatus {
        var size: Int64
        var isRegular: Bool
        var isDirectory: Bool
        var isSymlink: Bool
        /// The device and inode: which file this is, whatever path reached it.
        var device: UInt64 = 0
        var inode: UInt64 = 0
    }

    static func fstatus(_ fd: Int32) -> Result<FileStatus, Errno> {
        var st = stat()
        if fstat(fd, &st) != 0 { return .failure(Errno(code: errno)) }
        return .success(status(st))
    }

    /// `lstat` when `follow` is false, `stat` otherwise.
    static func status(of path: String, follow: Bool = true) -> Result<FileStatus, Errno> {
        var st = stat()
        let rc = follow ? stat(path, &st) : lstat(path, &st)
        if rc != 0 { return .failure(Errno(code: errno)) }
        return .success(status(st))
    }

    private static func status(_ st: stat) -> FileStatus {
        let type = st.st_mode & S_IFMT
        return FileStatus(size: Int64(st.st_size), isRegular: type == S_IFREG,
                          isDirectory: type == S_IFDIR, isSymlink: type == S_IFLNK,
                          device: UInt64(truncatingIfNeeded: st.st_dev), inode: UInt64(truncatingIfNeeded: st.st_ino))
    }

    static func mapReadOnly(fd: Int32, length: Int) -> Result<UnsafeRawPointer, Errno> {
        let p = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0)
        // MAP_FAILED is ((void *)-1); spelled out because musl's macro does not import into Swift.
        if p == nil || p == UnsafeMutableRawPointer(bitPattern: -1) { return .failure(Errno(code: errno)) }
        return .success(UnsafeRawPointer(p!))
    }

    static func unmap(_ p: UnsafeRawPointer, length: Int) {
        _ = munmap(UnsafeMutableRawPointer(mutating: p), length)
    }

    static func adviseSequential(_ p: UnsafeRawPointer, length: Int) {
        _ = madvise(UnsafeMutableRawPointer(mutating: p), length, MADV_SEQUENTIAL)
    }

    static func adviseWillNeed(_ p: UnsafeRawPointer, length: Int) {
        _ = madvise(UnsafeMutableRawPointer(mutating: p), length, MADV_WILLNEED)
    }

    static func adviseDontNeed(_ p: UnsafeRawPointer, length: Int) {
        _ = madvise(UnsafeMutableRawPointer(mutating: p), length, MADV_DONTNEED)
    }

    /// `read(fd, buffer, count)`, retried on EINTR: the bytes read (0 at the end of the stream).
    static func readNext(_ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int) -> Result<Int, Errno> {
        while true {
            let n = read(fd, buffer, count)
            if n >= 0 { return .success(n) }
            let e = errno
            if e != EINTR { return .failure(Errno(code: e)) }
        }
    }

    /// `pread(fd, buffer, count, offset)`, retried on EINTR: the bytes read (0 at the end of the file).
    static func readAt(_ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) -> Result<Int, Errno> {
        while true {
            let n = pread(fd, buffer, count, off_t(offset))
            if n >= 0 { return .success(n) }
            let e = errno
            if e != EINTR { return .failure(Errno(code: e)) }
        }
    }

    /// Tells the kernel `fd` will be read front to back (`posix_fadvise` SEQUENTIAL: a larger read-ahead
    /// window); nothing where that is unsupported (Darwin).
    static func adviseSequentialReads(_ fd: Int32) {
        #if canImport(Glibc) || canImport(Musl)
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        #endif
    }

    static var pageSize: Int { Int(sysconf(Int32(_SC_PAGESIZE))) }

    static func readLink(_ path: String) -> String? {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink(path, &buf, buf.count - 1)
        if n < 0 { return nil }
        return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The canonical path of an existing file (every link resolved), or nil when it cannot be resolved.
    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    /// The process's current folder.
    static func currentFolder() -> String {
        guard let p = getcwd(nil, 0) else { return "/" }
        defer { free(p) }
        return String(cString: p)
    }

    static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) != 0 }

    /// The package's one clock: monotonic seconds (CLOCK_MONOTONIC), for durations and progress rates.
    package static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// CPU seconds (user + system) this process has used, all threads together.
    static func processCPUSeconds() -> Double {
        let usage = selfUsage()
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// The process's peak resident set size in bytes.
    static func peakResidentBytes() -> Int {
        let usage = selfUsage()
        #if canImport(Darwin)
        return Int(usage.ru_maxrss)  // bytes on Darwin
        #else
        return Int(usage.ru_maxrss) * 1024  // kilobytes on Linux
        #endif
    }

    /// `getrusage(RUSAGE_SELF)`. glibc imports RUSAGE_SELF as an enum case, musl and Darwin as an integer.
    private static func selfUsage() -> rusage {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return usage
    }

    /// Flushes `path` to disk and asks the kernel to drop its cached pages (`fsync` + `posix_fadvise`
    /// DONTNEED); false where that is unsupported (Darwin) or fails.
    static func dropCachedPages(_ path: String) -> Bool {
        #if canImport(Glibc) || canImport(Musl)
        guard case .success(let fd) = openReadOnly(path) else { return false }
        defer { close(fd) }
        guard fsync(fd) == 0 else { return false }
        return posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0
        #else
        return false
        #endif
    }

    /// Reads all of `path` with `read(2)` into a `chunkBytes` buffer; the bytes read, or nil on an error.
    static func readSequentially(_ path: String, chunkBytes: Int) -> Int? {
        guard case .success(let fd) = openReadOnly(path) else { return nil }
        defer { close(fd) }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunkBytes, alignment: 4096)
        defer { buffer.deallocate() }
        var total = 0
        while true {
            let n = read(fd, buffer, chunkBytes)
            if n > 0 { total += n; continue }
            if n == 0 { return total }
            if errno != EINTR { return nil }
        }
    }

    static var processorCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}
