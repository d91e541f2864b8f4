// ZeroPageRuns: runs of whole zero pages a file's digest lane passes over — what an interrupted
// multi-connection download (aria2c, hf_transfer) leaves inside a file: holes of zeros between written parts.

/// Finds runs of at least `minimumBytes` made of whole, file-aligned, all-zero 4 KiB pages, fed in order.
struct ZeroPageRuns {
    static let pageBytes = 4096
    /// The shortest run reported.
    let minimumBytes: Int
    private var runStart: Int? = nil
    private var next = 0
    private(set) var runs: [Range<Int>] = []

    init(minimumBytes: Int = 1 << 20) { self.minimumBytes = minimumBytes }

    /// Feeds `bytes`, which start at file offset `offset` (the offset the previous call ended at; a multiple
    /// of the page size except at the end of the file).
    mutating func update(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        precondition(offset == next, "zero-page runs are fed in order")
        let page = Self.pageBytes
        var p = 0
        while p + page <= bytes.count {
            if Self.isZero(UnsafeRawBufferPointer(rebasing: bytes[p..<(p + page)])) {
                if runStart == nil { runStart = offset + p }
            } else {
                close(at: offset + p)
            }
            p += page
        }
        if p < bytes.count { close(at: offset + p) }  // a partial last page ends any run
        next = offset + bytes.count
    }

    /// Ends the pass; returns the runs found.
    mutating func finish() -> [Range<Int>] {
        close(at: next)
        return runs
    }

    private mutating func close(at end: Int) {
        if let s = runStart, end - s >= minimumBytes { runs.append(s..<end) }
        runStart = nil
    }

    /// Whether every byte of `page` is zero: the first word decides almost every page at once.
    static func isZero(_ page: UnsafeRawBufferPointer) -> Bool {
        guard let base = page.baseAddress else { return true }
        let words = page.count / 8
        if words > 0 && base.loadUnaligned(as: UInt64.self) != 0 { return false }
        var acc: UInt64 = 0
        var i = 0
        while i < words {
            acc |= base.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
            if i & 63 == 63 && acc != 0 { return false }
            i += 1
        }
        for k in (words * 8)..<page.count { acc |= UInt64(page[k]) }
        return acc == 0
    }
}
