// DirectoryWalker: lists the files below a folder in sorted order — what `hash`, `inspect`, `verify` and
// `manifest` see when given a folder. Symbolic links are reported as such (HF snapshots are made of them).
import Foundation

/// One entry found below a folder.
public struct WalkedFile: Sendable, Hashable {
    /// Full path (the folder's path joined with `relativePath`).
    public let path: String
    /// Path relative to the folder walked, with `/` separators.
    public let relativePath: String
    /// Whether the entry itself is a symbolic link.
    public let isSymlink: Bool
}

/// What kind of thing a path is.
public enum PathKind: Sendable {
    case file, directory, missing, other
}

public enum DirectoryWalker {
    /// What `path` is, following symbolic links.
    public static func kind(of path: String) -> PathKind {
        switch Sys.status(of: path, follow: true) {
        case .success(let s): return s.isDirectory ? .directory : s.isRegular ? .file : .other
        case .failure: return .missing
        }
    }

    /// The target of a symbolic link, or nil when `path` is not one.
    public static func linkTarget(_ path: String) -> String? { Sys.readLink(path) }

    /// Regular files (and links to anything) below `root`, sorted by relative path.
    ///
    /// - Parameters:
    ///   - includeHidden: descend into and list names starting with `.` (default: skipped).
    ///   - skip: relative folder paths not to descend into.
    public static func files(under root: String, includeHidden: Bool = false, skip: Set<String> = []) -> [WalkedFile] {
        var out: [WalkedFile] = []
        walk(root, relative: "", includeHidden: includeHidden, skip: skip, into: &out)
        return out.sorted { $0.relativePath < $1.relativePath }
    }

    private static func walk(_ dir: String, relative: String, includeHidden: Bool, skip: Set<String>,
                             into out: inout [WalkedFile]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        for name in names.sorted() {
            if !includeHidden && name.hasPrefix(".") { continue }
            let path = dir.hasSuffix("/") ? dir + name : dir + "/" + name
            let rel = relative.isEmpty ? name : relative + "/" + name
            guard case .success(let st) = Sys.status(of: path, follow: false) else { continue }
            if st.isSymlink {
                if kind(of: path) == .directory { continue }  // never follow links to folders: no cycles
                out.append(WalkedFile(path: path, relativePath: rel, isSymlink: true))
            } else if st.isDirectory {
                if skip.contains(rel) { continue }
                walk(path, relative: rel, includeHidden: includeHidden, skip: skip, into: &out)
            } else if st.isRegular {
                out.append(WalkedFile(path: path, relativePath: rel, isSymlink: false))
            }
        }
    }

    /// Whether `path` is a file of 0 bytes (what an interrupted download or copy can leave under a weight name).
    public static func isEmptyFile(_ path: String) -> Bool {
        if case .success(let st) = Sys.status(of: path), st.isRegular, st.size == 0 { return true }
        return false
    }

    /// Whether the file at `path` begins like a weight file (GGUF magic or a safetensors header).
    public static func looksLikeWeightFile(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 4096) else { return false }  // room for a header's leading whitespace
        return head.withUnsafeBytes { WeightFile.detectFormat($0) != nil }
    }
}
