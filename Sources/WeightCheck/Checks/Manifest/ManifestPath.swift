// ManifestPath: the rules a manifest path must follow to stay inside its folder, and the one way a listed
// path becomes a file to open — never through a linked folder, never outside the root.
import Foundation

/// Validation and resolution of the relative paths a manifest lists.
public enum ManifestPath {
    /// Why `path` may not appear in a manifest, or nil when it may.
    ///
    /// A path must be non-empty, relative (no leading `/`), use `/` separators only (no `\`), hold no control
    /// character (NUL, newline, …: `sha256sum` lists could not hold it plainly), and have no empty, `.` or `..`
    /// component — so joined to the root it always names something inside the root.
    public static func problem(_ path: String) -> String? {
        if path.isEmpty { return "empty path" }
        if path.hasPrefix("/") { return "absolute path: paths must be relative to the manifest's folder" }
        if path.utf8.contains(UInt8(ascii: "\\")) { return "backslash in path: separators must be '/'" }
        if path.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            return "control character in path (NUL, newline, …)"
        }
        for component in path.split(separator: "/", omittingEmptySubsequences: false) {
            switch component {
            case "": return "empty component in path ('//' or a trailing '/')"
            case ".": return "'.' component in path"
            case "..": return "'..' component in path: it would leave the manifest's folder"
            default: continue
            }
        }
        return nil
    }

    /// What is at `root/path`, checked without leaving `root`: every folder on the way must be a real
    /// folder (not a symbolic link, which could lead anywhere); the last component may be a file or a link
    /// to a file (Hugging Face snapshots are made of links to blobs).
    static func locate(_ path: String, under root: String) -> Location {
        let parts = path.split(separator: "/").map(String.init)
        var current = root
        for part in parts.dropLast() {
            current = Paths.join(current, part)
            switch Sys.status(of: current, follow: false) {
            case .failure(let e) where e.code == Sys.notFoundError: return .missing
            case .failure(let e): return .unusable("cannot read folder '\(relative(current, root))': \(SystemError.reason(e.code))")
            case .success(let s) where s.isSymlink:
                return .unusable("folder '\(relative(current, root))' is a symbolic link; links to folders are not followed")
            case .success(let s) where !s.isDirectory: return .missing
            case .success: continue
            }
        }
        let full = Paths.join(root, path)
        switch Sys.status(of: full, follow: true) {
        case .failure(let e) where e.code == Sys.notFoundError:
            if case .success(let s) = Sys.status(of: full, follow: false), s.isSymlink { return .unusable("dangling symbolic link") }
            return .missing
        case .failure(let e): return .unusable("cannot read: \(SystemError.reason(e.code))")
        case .success(let s) where s.isDirectory: return .unusable("is a folder, not a file")
        case .success(let s) where !s.isRegular: return .unusable("not a regular file")
        case .success: return .file(full)
        }
    }

    /// Where a listed path leads.
    enum Location: Equatable {
        /// A regular file (or a link to one) at this full path.
        case file(String)
        /// Nothing there.
        case missing
        /// Something that cannot be read as the file, and why.
        case unusable(String)
    }

    private static func relative(_ full: String, _ root: String) -> String { Paths.relative(full, to: root) ?? full }
}
