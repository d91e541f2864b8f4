// Paths: the one path idiom of the package — absolute and lexically normalized, joined with `/`, split
// into folder and name, resolved through links. Strings throughout; no NSString, and a URL only inside the atomic write.

import Foundation

/// Operations on `/`-separated paths.
public enum Paths {
    /// `path` made absolute against the current folder, with `.`, `..` and repeated `/` removed lexically
    /// (links are not resolved: `snapshots/x/model.safetensors` stays a snapshot path).
    public static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : currentFolder() + "/" + path
        var parts: [Substring] = []
        for part in full.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// `a/b`, without doubling a `/`.
    public static func join(_ a: String, _ b: String) -> String {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        return a.hasSuffix("/") ? a + b : a + "/" + b
    }

    /// The folder part of `path` (`"."` for a bare name, `/` for a top-level entry).
    public static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// The last component of `path`.
    public static func name(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// The canonical path of an existing file or folder, every link resolved; nil when it does not exist.
    public static func real(_ path: String) -> String? { Sys.realPath(path) }

    /// `path` relative to `folder` when it lies inside it (`nil` otherwise); both absolute and normalized.
    public static func relative(_ path: String, to folder: String) -> String? {
        if path == folder { return "" }
        let prefix = folder == "/" ? "/" : folder + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : nil
    }

    /// The ancestors of an absolute path, nearest first (`/a/b/c` → `/a/b`, `/a`, `/`).
    public static func ancestors(_ path: String) -> [String] {
        var out: [String] = []
        var p = path
        while p != "/" && !p.isEmpty {
            p = parent(p)
            out.append(p)
        }
        return out
    }

    /// How a path is shown to people: relative to the current folder when inside it, else as given.
    public static func display(_ path: String) -> String {
        guard path.hasPrefix("/") else { return path }
        return relative(path, to: absolute(".")).flatMap { $0.isEmpty ? nil : $0 } ?? path
    }

    static func currentFolder() -> String { Sys.currentFolder() }

    /// Writes `text` (UTF-8) to `path`, replacing any file there atomically (a temporary file beside it, then a
    /// rename), so a reader sees the old file or the new one, never half of one.
    public static func writeAtomically(_ text: String, to path: String) throws {
        // A file URL only here: Foundation's atomic write (temporary file + rename) takes one.
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
