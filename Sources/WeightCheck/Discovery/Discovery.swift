// Discovery: turns the paths a user names (files, model folders, shard sets, a Hugging Face cache, a
// snapshot, a `local_dir` download) into artifacts, each with the digests something on disk expects of it.
import Foundation

public enum Discovery {
    /// Discovers every file below or at `paths`, with expectations from blob names, `local_dir` metadata and
    /// `SHA256SUMS`-style lists beside the files. Files reached twice (two snapshots sharing a blob) are listed once.
    public static func discover(_ paths: [String]) -> DiscoveryResult {
        var result = DiscoveryResult()
        for path in paths {
            switch DirectoryWalker.kind(of: path) {
            case .missing:
                result.findings.append(Finding(.error, "missing", file: path, "no such file or folder"))
            case .other:
                result.findings.append(Finding(.error, "unreadable", file: path, "not a regular file or folder"))
            case .file:
                result.artifacts.append(withSidecarExpectations(Artifact(path: path, named: true)))
            case .directory:
                discoverFolder(path, into: &result)
            }
        }
        result.artifacts = deduplicated(result.artifacts)
        return result
    }

    private static func discoverFolder(_ path: String, into result: inout DiscoveryResult) {
        if HuggingFaceCache.isRepository(path) {
            HuggingFaceCache.discoverRepository(path, into: &result)
        } else if let repo = HuggingFaceCache.repositoryOfSnapshot(path) {
            HuggingFaceCache.discoverRepository(repo, onlySnapshot: path, into: &result)
        } else if HuggingFaceCache.isCacheRoot(path) {
            let repos = HuggingFaceCache.repositories(in: path)
            result.notes.append("Hugging Face cache with \(repos.count) repositor\(repos.count == 1 ? "y" : "ies")")
            for repo in repos { HuggingFaceCache.discoverRepository(repo, into: &result) }
        } else {
            let files = DirectoryWalker.files(under: path)
            let sums = ChecksumList.lists(in: path, files: files)
            for f in files {
                if f.relativePath.hasSuffix(".safetensors.index.json") || f.relativePath.hasSuffix(".bin.index.json") { result.safetensorsIndexes.append(f.path) }
                if ChecksumList.isChecksumListName(f.relativePath) { continue }
                let listed = sums[f.relativePath].map { [$0] } ?? []
                result.artifacts.append(withSidecarExpectations(Artifact(path: f.path, expected: listed)))
            }
        }
    }

    /// Adds the expectation a `local_dir` download's metadata records, and a checksum list in the same folder.
    static func withSidecarExpectations(_ artifact: Artifact) -> Artifact {
        var a = artifact
        if let e = LocalDirMetadata.expectation(for: a.path), !a.expected.contains(e) { a.expected.append(e) }
        if a.expected.isEmpty {
            let folder = (a.path as NSString).deletingLastPathComponent
            let name = (a.path as NSString).lastPathComponent
            let base = folder.isEmpty ? "." : folder
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [])
                .filter(ChecksumList.isChecksumListName)
                .map { WalkedFile(path: (base as NSString).appendingPathComponent($0), relativePath: $0, isSymlink: false) }
            if let e = ChecksumList.lists(in: base, files: files)[name] { a.expected.append(e) }
        }
        return a
    }

    private static func deduplicated(_ artifacts: [Artifact]) -> [Artifact] {
        var seen = Set<String>()
        return artifacts.filter { seen.insert(URL(fileURLWithPath: $0.path).resolvingSymlinksInPath().path).inserted }
    }
}

/// `.cache/huggingface/download/<path>.metadata` of a `local_dir` download: commit, etag, timestamp.
public enum LocalDirMetadata {
    /// The SHA-256 the metadata of `path` records (the etag of an LFS file), searching up for the download folder.
    public static func expectation(for path: String) -> ExpectedDigest? {
        var dir = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent()
        let file = URL(fileURLWithPath: path).standardizedFileURL.path
        for _ in 0..<16 {
            let meta = dir.appendingPathComponent(".cache/huggingface/download")
            if DirectoryWalker.kind(of: meta.path) == .directory {
                let relative = String(file.dropFirst(dir.path.count + (dir.path.hasSuffix("/") ? 0 : 1)))
                let m = meta.appendingPathComponent(relative + ".metadata").path
                guard let data = FileManager.default.contents(atPath: m),
                      let text = String(data: data, encoding: .utf8) else { return nil }
                let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                guard lines.count >= 2 else { return nil }
                let etag = lines[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                let rel = ".cache/huggingface/download/" + relative + ".metadata"
                return ExpectedDigest.fromBlobName(etag, source: rel)
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        return nil
    }
}
