// Manifest as a `sha256sum` list: the same digests in the form coreutils checks, so an archive stays
// checkable with nothing but `sha256sum -c` run in the manifest's folder.

extension Manifest {
    /// One `HEX  PATH` line per file, in manifest order, as `sha256sum` prints them.
    ///
    /// Manifest paths hold no backslash and no newline (`ManifestPath.problem`), so no line needs the
    /// escaped form `\HEX  PATH`.
    public var sha256sumLines: [String] {
        files.map { "\($0.sha256)  \($0.path)" }
    }
}
