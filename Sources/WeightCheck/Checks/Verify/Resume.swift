// Resume: when a previous run's verdict on a file (`--resume` reads them from its `--json-lines` output) may
// stand for this run instead of reading the file again.

public enum Resume {
    /// Whether `recorded` may stand: it passed, the file has the same size, mtime and inode it had when that run
    /// opened it, and the same references apply to it now (a checksum list or manifest added since is checked).
    /// A recorded failure never stands: it is checked again, since it may have been a passing read error, or
    /// the file may have been mended in place (`cp --preserve`, a restore that keeps the mtime).
    public static func mayReuse(_ recorded: FileVerdict, identity: FileIdentity?, references: [Reference]) -> Bool {
        guard recorded.ok, let was = recorded.identity, let now = identity, was == now else { return false }
        return Set(recorded.references) == Set(references)
    }
}
