// ScanEvents: what a running scan tells its caller as it goes — where the whole run stands (bytes and files done,
// the file being read) and each file's result the moment its last lane and item are done, so a report can be
// written file by file (`--json-lines`) without a second pass over the bytes.

/// Where a scan stands, for progress displays. Bytes are bytes of input, each counted once.
public struct ScanProgress: Sendable, Equatable {
    /// Bytes of input done, of `bytesTotal` (the sum of the files' sizes).
    public var bytesDone: Int
    public var bytesTotal: Int
    /// Files whose every lane and item is done, of `filesTotal` (the requests).
    public var filesDone: Int
    public var filesTotal: Int
    /// The display path of the file that has been read longest among those being read now (nil when none).
    public var current: String?
    /// Files being read now (started, not yet done).
    public var reading: Int

    public init(bytesDone: Int, bytesTotal: Int, filesDone: Int, filesTotal: Int, current: String? = nil, reading: Int = 0) {
        self.bytesDone = bytesDone
        self.bytesTotal = bytesTotal
        self.filesDone = filesDone
        self.filesTotal = filesTotal
        self.current = current
        self.reading = reading
    }
}

/// Callbacks of a scan, called from worker threads.
public struct ScanEvents: Sendable {
    /// Called after each step of work.
    public var progress: (@Sendable (ScanProgress) -> Void)?
    /// Called once per request, with its index and result, as soon as the file is done (before the pass ends).
    /// The result has everything but histograms, which are counted after the whole pass.
    public var fileDone: (@Sendable (_ index: Int, _ result: ScanResult) -> Void)?

    public init(progress: (@Sendable (ScanProgress) -> Void)? = nil,
                fileDone: (@Sendable (_ index: Int, _ result: ScanResult) -> Void)? = nil) {
        self.progress = progress
        self.fileDone = fileDone
    }
}
