// ManifestCheckEvents: what `ManifestChecker.check` tells its caller while it runs — where the scan stands, and
// each file's final check the moment it is known, so `manifest check --json-lines` writes a record per file as
// it completes and a killed scrub leaves every finished file on record for `--resume`.

/// Callbacks of a manifest check, from worker threads.
public struct ManifestCheckEvents: Sendable {
    /// Where the scan stands: bytes and files of the whole run (files resumed from a record are not in it).
    public var progress: (@Sendable (ScanProgress) -> Void)?
    /// Each file's final check, once: files resumed from a record and files that cannot be opened before the
    /// scan, every read file the moment its scan completes (a `--fast` failure after it is read again to name
    /// the damage), missing, renamed and extra files after the scan — in no fixed order.
    public var fileDone: (@Sendable (ManifestCheckReport.FileCheck) -> Void)?

    public init(progress: (@Sendable (ScanProgress) -> Void)? = nil,
                fileDone: (@Sendable (ManifestCheckReport.FileCheck) -> Void)? = nil) {
        self.progress = progress
        self.fileDone = fileDone
    }
}
