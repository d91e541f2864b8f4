// MappedFile: a read-only memory mapping of one file, unmapped when the last reference goes. Every stage reads
// tensor bytes through it, inside `withBytes`; nothing copies them. A file cut short underneath reads as zeros.
import CWeightKernels

/// A read-only `mmap` of a whole file.
///
/// Read it inside `withBytes(in:_:)`: the view handed to the closure is valid for the closure's duration, and
/// the mapping lives at least that long.
///
/// **A file truncated while it is mapped** (another program cutting it short) does not crash the process. The
/// first mapping installs the library's SIGBUS handler (once per process; faults anywhere else go on to the
/// handler that was installed before it, or end the process as they would have); a read past the file's new
/// end then sees zeros, and `firstMissingByte` says from which offset the bytes were missing. The scan engine
/// copies it into every `ScanResult` (`ScanResult.firstMissingByte`), and the library's entry points — verify,
/// stats, hash, `hash --check`, compare, manifest check — report such a file as unreadable at that offset
/// instead of giving figures of the zeros. A program that installs its own SIGBUS handler after the first
/// mapping must pass on the faults it does not own, or it gives up that protection.
///
/// `@unchecked Sendable`: the mapping is created once with `PROT_READ`, never written, and unmapped only in
/// `deinit`, so sharing the base pointer between threads is safe. (The fault handler may replace pages past a
/// truncated file's end with zero pages, which are read-only too.)
public final class MappedFile: @unchecked Sendable {
    /// The path the file was opened by.
    public let path: String
    /// The file's size in bytes when it was mapped.
    public let size: Int
    private let base: UnsafeRawPointer?
    /// The mapping's slot in the fault guard (-1: unguarded, or nothing mapped).
    private let guardSlot: Int32
    /// Which file was mapped (device, inode), so a second way of reading it can check it reads the same file.
    let identity: (device: UInt64, inode: UInt64)

    /// Maps `path` read-only. An empty file is valid and has an empty view.
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
        identity = (status.device, status.inode)
        if size == 0 {
            base = nil
            guardSlot = -1
            return
        }
        switch Sys.mapReadOnly(fd: fd, length: size) {
        case .success(let p):
            base = p
            guardSlot = wc_fault_guard_register(p, size)
        case .failure(let e): throw SystemError(path: path, operation: "mmap", code: e.code)
        }
    }

    deinit {
        wc_fault_guard_unregister(guardSlot)
        if let base { Sys.unmap(base, length: size) }
    }

    /// Calls `body` with a view of the whole file, valid for the call's duration.
    ///
    /// A page missing because the file was truncated after it was mapped reads as zeros (see the type's
    /// documentation); check `firstMissingByte` after reading when that matters.
    public func withBytes<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result) throws(Failure) -> Result {
        try withBytes(in: 0..<size, body)
    }

    /// Calls `body` with a view of the bytes in `range`, valid for the call's duration. `range` must lie inside
    /// the file (checked: a violation is our own logic error).
    public func withBytes<Result, Failure: Error>(
        in range: Range<Int>, _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result) throws(Failure) -> Result {
        defer { withExtendedLifetime(self) {} }
        return try body(bytes(in: range))
    }

    /// The whole file, for code inside the library that keeps `self` alive for as long as it uses the view (a
    /// parsed file holding its mapping; a scan holding its requests). The raw escape hatch behind `withBytes`:
    /// nothing in the type ties the pointer to the mapping, so it stays internal.
    var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base, count: size)
    }

    /// The bytes in `range`, under the same terms as `bytes`; `range` must lie inside the file.
    func bytes(in range: Range<Int>) -> UnsafeRawBufferPointer {
        precondition(range.lowerBound >= 0 && range.upperBound <= size, "range outside mapping")
        guard let base else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    /// The offset from which the file's bytes were found missing while it was read — it was truncated after it
    /// was mapped, and reads from there on saw zeros — or nil when every read found its bytes. Also compares the
    /// file's size on disk now with `size`, so a cut inside the last page (which reads as zeros without a
    /// fault) is seen too.
    public var firstMissingByte: Int? {
        var missing: Int? = nil
        let recorded = wc_fault_guard_first_missing(guardSlot)  // size_t comes to Swift as Int: SIZE_MAX is -1
        if recorded >= 0 { missing = min(recorded, size) }
        if case .success(let now) = Sys.status(of: path), now.device == identity.device, now.inode == identity.inode,
           let nowSize = Int(exactly: now.size), nowSize < size {
            missing = min(missing ?? nowSize, nowSize)
        }
        return missing
    }

    /// Records that a read by another way than the mapping (a short `pread`) found the bytes from `offset` on missing.
    func noteMissing(from offset: Int) {
        guard offset >= 0 else { return }
        wc_fault_guard_note_missing(guardSlot, offset)
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
