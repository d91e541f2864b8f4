// LocalDir: a `local_dir` download (`hf download --local-dir`), which records each file it wrote in
// `.cache/huggingface/download/<path>.metadata` (commit, etag, timestamp) and leaves `*.incomplete` files behind.
import Foundation

/// The metadata of a `local_dir` download, read offline.
public enum LocalDir {
    /// The metadata folder inside a `local_dir`.
    static let metadataFolder = ".cache/huggingface/download"

    /// The `local_dir` that `path` (absolute) lies in: the nearest folder at or above it holding the metadata folder.
    public static func root(containing path: String) -> String? {
        for dir in [path] + Paths.ancestors(path) where DirectoryWalker.kind(of: Paths.join(dir, metadataFolder)) == .directory {
            return dir
        }
        return nil
    }

    /// The reference the metadata of the file at `path` (absolute, inside a `local_dir`) records: its etag is
    /// the SHA-256 of an LFS file or the git blob SHA-1 of a small one.
    public static func reference(for path: String) -> Reference? {
        guard let root = root(containing: Paths.parent(path)), let rel = Paths.relative(path, to: root), !rel.isEmpty,
              !rel.hasPrefix(".cache/") else { return nil }
        let metadata = Paths.join(root, metadataFolder + "/" + rel + ".metadata")
        guard let lines = readLines(metadata), lines.count >= 2 else { return nil }
        let etag = lines[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        return Reference.fromDigestName(etag, kind: .localDirMetadata, source: metadataFolder + "/" + rel + ".metadata")
    }

    /// Files the metadata of the `local_dir` at `root` records inside `scope` (a folder at or below `root`) that
    /// are absent, and unfinished downloads there: each an error.
    static func absentFindings(root: String, scope: String) -> [Finding] {
        var out: [Finding] = []
        let meta = Paths.join(root, metadataFolder)
        for f in DirectoryWalker.files(under: meta, includeHidden: true) {
            if f.relativePath.hasSuffix(".metadata") {
                let rel = String(f.relativePath.dropLast(".metadata".count))
                let file = Paths.join(root, rel)
                guard Paths.relative(file, to: scope) != nil else { continue }
                if case .failure = Sys.status(of: file, follow: true) {
                    out.append(Finding(.error, .missingFile, file: file,
                                       "missing: \(metadataFolder)/\(f.relativePath) records a download of \(rel), which is gone"))
                }
            } else if f.relativePath.hasSuffix(".incomplete") {
                // `<folder>/<hash>.<etag>.incomplete`: an unfinished download of a file in that folder.
                let folder = Paths.join(root, Paths.parent(f.relativePath) == "." ? "" : Paths.parent(f.relativePath))
                guard Paths.relative(folder, to: scope) != nil else { continue }
                let size = (try? FileManager.default.attributesOfItem(atPath: f.path)[.size] as? Int) ?? 0
                out.append(Finding(.error, .incompleteDownload, file: f.path,
                                   "unfinished download (\(size) bytes) in \(metadataFolder)/\(f.relativePath)"))
            }
        }
        return out
    }

    static func readLines(_ path: String) -> [String]? {
        guard let data = FileManager.default.contents(atPath: path), data.count < 1 << 16,
              let text = String(data: data, encoding: .utf8) else { return nil }
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
