// Resume: when a previous run's verdict on a file (`--resume` reads them from its `--json-lines` output) may
// stand for this run instead of reading the file again — for `verify` and for `manifest check`, by one rule:
// the recorded verdict passed, the file is the one that run read (size, mtime, inode), and what it was held
// to (references, the manifest's entry and tier) is what it would be held to now.

public enum Resume {
    /// The rule both commands share: `recordedOK` (a recorded failure never stands: it is checked again, since it
    /// may have been a passing read error, or the file may have been mended in place — `cp --preserve`, a restore
    /// that keeps the mtime) and the same size, mtime and inode as when that run opened the file.
    public static func sameFilePassed(recordedOK: Bool, was: FileIdentity?, now: FileIdentity?) -> Bool {
        guard recordedOK, let was, let now else { return false }
        return was == now
    }

    /// `verify`: whether `recorded` may stand: it passed, the file has the same size, mtime and inode it had when
    /// that run opened it, and the same references apply to it now (a checksum list or manifest added since is checked).
    public static func mayReuse(_ recorded: FileVerdict, identity: FileIdentity?, references: [Reference]) -> Bool {
        guard sameFilePassed(recordedOK: recorded.ok, was: recorded.identity, now: identity) else { return false }
        return Set(recorded.references) == Set(references)
    }

    /// `manifest check`: whether `recorded` may stand for the listed file `entry`: it passed (status ok), the
    /// file has the same size, mtime and inode, the record was made against the same entry (path, size, SHA-256
    /// and XXH3-128), and its tier proves enough for this run — a file proved by XXH3-128 stands only in a
    /// `--fast` run; one proved by SHA-256 stands in either.
    public static func mayReuse(_ recorded: ManifestCheckReport.FileCheck, identity: FileIdentity?, entry: ManifestEntry,
                                fast: Bool) -> Bool {
        guard recorded.status == .ok, let was = recorded.expected,
              sameFilePassed(recordedOK: recorded.ok, was: recorded.identity, now: identity) else { return false }
        guard was.path == entry.path, was.size == entry.size, was.sha256 == entry.sha256, was.xxh128 == entry.xxh128,
              recorded.size == entry.size else { return false }
        switch recorded.tier {
        case .sha256?: return recorded.sha256 == entry.sha256
        case .xxh128?: return fast && recorded.xxh128 != nil && recorded.xxh128 == entry.xxh128
        case nil: return false
        }
    }
}
