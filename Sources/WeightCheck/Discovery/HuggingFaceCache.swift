// HuggingFaceCache: the hub cache layout (`models--ORG--NAME/{blobs,snapshots,refs}`) read offline.
// Blob names are digests, so every cached file verifies without the network.
import Foundation

/// What a path inside a Hugging Face hub cache is.
public enum HuggingFaceCache {
    /// Whether `path` is a cache root: a folder holding at least one `models--…`, `datasets--…` or `spaces--…` folder.
    public static func isCacheRoot(_ path: String) -> Bool {
        repositories(in: path).isEmpty == false
    }

    /// The repository folders (`models--ORG--NAME`, …) directly inside a cache root, sorted.
    public static func repositories(in root: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root) else { return [] }
        return names.filter { n in ["models--", "datasets--", "spaces--"].contains { n.hasPrefix($0) } }
            .sorted().map { join(root, $0) }
            .filter { DirectoryWalker.kind(of: $0) == .directory }
    }

    /// Whether `path` is a repository folder: it has `snapshots/` or `blobs/`.
    public static func isRepository(_ path: String) -> Bool {
        DirectoryWalker.kind(of: join(path, "snapshots")) == .directory || DirectoryWalker.kind(of: join(path, "blobs")) == .directory
    }

    /// The repository folder a snapshot folder belongs to, when `path` is `…/models--X--Y/snapshots/<commit>`.
    public static func repositoryOfSnapshot(_ path: String) -> String? {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let parent = url.deletingLastPathComponent()
        guard parent.lastPathComponent == "snapshots" else { return nil }
        let repo = parent.deletingLastPathComponent().path
        return isRepository(repo) ? repo : nil
    }

    /// `ORG/NAME` from `models--ORG--NAME`.
    public static func repositoryID(_ repoPath: String) -> String {
        let name = (repoPath as NSString).lastPathComponent
        let parts = name.components(separatedBy: "--")
        return parts.count >= 3 ? parts.dropFirst().joined(separator: "/") : name
    }

    /// Discovers one repository: every file of every snapshot (or only `onlySnapshot`), each expected to
    /// match its blob's name; plus the layout's own problems.
    public static func discoverRepository(_ repo: String, onlySnapshot: String? = nil, into result: inout DiscoveryResult) {
        let id = repositoryID(repo)
        let blobs = join(repo, "blobs")
        let snapshotsDir = join(repo, "snapshots")
        let snapshots = ((try? FileManager.default.contentsOfDirectory(atPath: snapshotsDir)) ?? []).sorted()

        // Unfinished downloads.
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: blobs)) ?? []).sorted() where name.hasSuffix(".incomplete") {
            let p = join(blobs, name)
            let size = (try? FileManager.default.attributesOfItem(atPath: p)[.size] as? Int) ?? 0
            result.findings.append(Finding(.error, "incomplete-download", file: p,
                                           "unfinished download of \(id) (\(size) bytes): blobs/\(name)"))
        }
        // Refs naming missing snapshots.
        for ref in DirectoryWalker.files(under: join(repo, "refs"), includeHidden: true) {
            guard let data = FileManager.default.contents(atPath: ref.path),
                  let commit = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines) else { continue }
            if !snapshots.contains(commit) {
                result.findings.append(Finding(.error, "missing-snapshot", file: ref.path,
                                               "ref '\(ref.relativePath)' of \(id) names commit \(commit.prefix(12)), which has no snapshot"))
            }
        }
        if snapshots.isEmpty {
            result.findings.append(Finding(.warning, "empty-repository", file: repo, "\(id) has no snapshots"))
        }
        var linked = 0
        for commit in snapshots {
            let snap = join(snapshotsDir, commit)
            if let only = onlySnapshot, URL(fileURLWithPath: only).standardizedFileURL.path != URL(fileURLWithPath: snap).standardizedFileURL.path {
                continue
            }
            for f in DirectoryWalker.files(under: snap, includeHidden: true) {
                let display = "\(id)@\(commit.prefix(8))/\(f.relativePath)"
                guard let target = DirectoryWalker.linkTarget(f.path) else {
                    // A plain file in a snapshot (symlinks unsupported on this filesystem): nothing to compare to.
                    result.artifacts.append(Artifact(path: f.path, displayPath: display))
                    continue
                }
                let blobName = (target as NSString).lastPathComponent
                if DirectoryWalker.kind(of: f.path) == .missing {
                    result.findings.append(Finding(.error, "missing-blob", file: display,
                                                   "snapshot link points to blobs/\(blobName), which is missing (lost or never downloaded)"))
                    continue
                }
                linked += 1
                let expected = ExpectedDigest.fromBlobName(blobName, source: "blob name").map { [$0] } ?? []
                result.artifacts.append(Artifact(path: f.path, displayPath: display, expected: expected))
            }
        }
        result.notes.append("\(id): \(snapshots.count) snapshot\(snapshots.count == 1 ? "" : "s"), \(linked) linked file\(linked == 1 ? "" : "s")")
    }

    static func join(_ a: String, _ b: String) -> String { a.hasSuffix("/") ? a + b : a + "/" + b }
}
