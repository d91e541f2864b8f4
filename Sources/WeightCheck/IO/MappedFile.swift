// MappedFile: a read-only memory mapping of one file, unmapped when the last reference goes.
// Every stage reads tensor bytes through it; nothing copies them.

/// A read-only `mmap` of a whole file.
///
/// `@unchecked Sendable`: the mapping is created once with `PROT_READ`, never written, never remapped, and
/// unmapped only in `deinit`, so sharing the base pointer between threads is safe.
public final class MappedFile: @unchecked Sendable {
    /// The path the file was opened by.
    public let path: String
    /// The file's size in bytes when it was mapped.
    public let size: Int
    private let base: UnsafeRawPointer?

    /// Maps `path` read-only. An empty file is valid and has an empty `bytes`.
    ///
    /// - Throws: `SystemError` naming the path and the system's reason when the file cannot be opened,
    ///   is not a regular file, or cannot be mapped.
    public init(path: String) throws(SystemError) {
        self.path = path
        let fd: Int32
        switch Sys.openReadOnly(path) {
        case .success(let f): fd = f
        case .failure(let e): throw SystemError(path: path, operation: "open", code: e.code)
        }
        defer { Sys.close(fd) }
        let status: Sys.FileStatus
        switch Sys.fstatus(fd) {
        case .success(let s): status = s
        case .failure(let e): throw SystemError(path: path, operation: "stat", code: e.code)
        }
        if status.isDirectory { throw SystemError(path: path, operation: "map", code: Sys.isDirectoryError) }
        guard status.isRegular, let size = Int(exactly: status.size) else {
            throw SystemError(path: path, operation: "map", code: Sys.invalidArgumentError)
        }
        self.size = size
        if size == 0 {
            base = nil
            return
        }
        switch Sys.mapReadOnly(fd: fd, length: size) {
        case .success(let p): base = p
        case .failure(let e): throw SystemError(path: path, operation: "mmap", code: e.code)
        }
    }

    deinit {
        if let base { Sys.unmap(base, length: size) }
    }

    /// The whole file. Valid as long as this object is alive.
    public var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base, count: size)
    }

    /// The bytes in `range`, which must lie inside the file (checked: a violation is our own logic error).
    public func bytes(in range: Range<Int>) -> UnsafeRawBufferPointer {
        precondition(range.lowerBound >= 0 && range.upperBound <= size, "range outside mapping")
        guard let base else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    /// Tells the kernel the file will be read front to back.
    public func adviseSequential() {
        if let base { Sys.adviseSequential(base, length: size) }
    }

    /// Asks the kernel to start reading `range` ahead.
    public func adviseWillNeed(_ range: Range<Int>) {
        guard let base, let r = pageAligned(range) else { return }
        Sys.adviseWillNeed(base + r.lowerBound, length: r.count)
    }

    /// Releases the pages of `range` (whole pages inside it) so resident memory does not grow with file size.
    /// The data stays readable: a later access faults it in again from the page cache.
    public func release(_ range: Range<Int>) {
        guard let base else { return }
        let page = MappedFile.pageSize
        let lower = (range.lowerBound + page - 1) / page * page
        let upper = range.upperBound == size ? size : range.upperBound / page * page
        guard lower < upper else { return }
        Sys.adviseDontNeed(base + lower, length: upper - lower)
    }

    private func pageAligned(_ range: Range<Int>) -> Range<Int>? {
        let page = MappedFile.pageSize
        let lower = range.lowerBound / page * page
        let upper = min(size, range.upperBound)
        return lower < upper ? lower..<upper : nil
    }

    /// The system's page size.
    public static let pageSize: Int = Sys.pageSize
}

