// HuggingFaceCache: the hub cache layout (`models--ORG--NAME/{blobs,snapshots,refs}`) read offline — where a
// path lies in it, and what a repository or snapshot holds. Blob names are digests, so every file verifies.
import Foundation

/// What a path inside a Hugging Face hub cache is.
public enum HuggingFaceCache {
    /// Where an absolute path lies inside a cache repository.
    public struct Location: Sendable, Equatable {
        /// The part of the repository the path is in.
        public enum Part: Sendable, Equatable {
            /// The repository folder itself, `refs/` or a ref file.
            case repository
            /// `snapshots/`.
            case snapshots
            /// `snapshots/<commit>` (`sub` empty) or a file or folder `sub` inside it.
            case snapshot(commit: String, sub: String)
            /// `blobs/`.
            case blobs
            /// `blobs/<name>`.
            case blob(name: String)
        }

        /// The repository folder (`…/models--org--name`).
        public let repository: String
        public let part: Part
    }

    /// The prefixes of repository folder names.
    static let repositoryPrefixes = ["models--", "datasets--", "spaces--"]

    /// Where `path` (absolute, normalized, links not resolved) lies in a cache repository, or nil.
    public static func locate(_ path: String) -> Location? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        // The innermost component that names a repository folder holding snapshots/ or blobs/.
        for i in stride(from: parts.count - 1, through: 0, by: -1)
        where repositoryPrefixes.contains(where: { parts[i].hasPrefix($0) }) {
            let repo = "/" + parts[0...i].joined(separator: "/")
            guard isRepository(repo) else { continue }
            let rest = Array(parts[(i + 1)...])
            guard let first = rest.first else { return Location(repository: repo, part: .repository) }
            switch first {
            case "snapshots":
                guard rest.count >= 2 else { return Location(repository: repo, part: .snapshots) }
                return Location(repository: repo, part: .snapshot(commit: rest[1], sub: rest.dropFirst(2).joined(separator: "/")))
            case "blobs":
                guard rest.count >= 2 else { return Location(repository: repo, part: .blobs) }
                return Location(repository: repo, part: .blob(name: rest[1...].joined(separator: "/")))
            default:
                return Location(repository: repo, part: .repository)
            }
        }
        return nil
    }

    /// Whether `path` is a cache root: a folder holding at least one repository folder.
    public static func isCacheRoot(_ path: String) -> Bool { !repositories(in: path).isEmpty }

    /// The repository folders (`models--ORG--NAME`, …) directly inside a cache root, sorted.
    public static func repositories(in root: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root) else { return [] }
        return names.filter { n in repositoryPrefixes.contains { n.hasPrefix($0) } }
            .sorted().map { Paths.join(root, $0) }
            .filter(isRepository)
    }

    /// Whether `path` is a repository folder: it has `snapshots/` or `blobs/`.
    public static func isRepository(_ path: String) -> Bool {
        DirectoryWalker.kind(of: Paths.join(path, "snapshots")) == .directory
            || DirectoryWalker.kind(of: Paths.join(path, "blobs")) == .directory
    }

    /// `ORG/NAME` from `models--ORG--NAME`.
    public static func repositoryID(_ repoPath: String) -> String {
        let name = Paths.name(repoPath)
        let parts = name.components(separatedBy: "--")
        return parts.count >= 3 ? parts.dropFirst().joined(separator: "/") : name
    }

    /// The commits that have a snapshot folder, sorted.
    static func snapshots(of repo: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: Paths.join(repo, "snapshots"))) ?? [])
            .filter { DirectoryWalker.kind(of: Paths.join(repo, "snapshots/" + $0)) == .directory }.sorted()
    }

    /// How a file inside a snapshot is shown: `org/model@1a2b3c4d/path`.
    static func displayPath(repo: String, commit: String, sub: String) -> String {
        "\(repositoryID(repo))@\(commit.prefix(8))/\(sub)"
    }

    /// The problems of a repository as a whole: unfinished downloads in `blobs/`, refs naming commits without
    /// a snapshot, no snapshot at all.
    static func repositoryFindings(_ repo: String) -> [Finding] {
        let id = repositoryID(repo)
        var out: [Finding] = []
        let blobs = Paths.join(repo, "blobs")
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: blobs)) ?? []).sorted() where name.hasSuffix(".incomplete") {
            let p = Paths.join(blobs, name)
            let size = (try? FileManager.default.attributesOfItem(atPath: p)[.size] as? Int) ?? 0
            out.append(Finding(.error, .incompleteDownload, file: p,
                               "unfinished download of \(id) (\(size) bytes): blobs/\(name)"))
        }
        let snapshots = snapshots(of: repo)
        for ref in DirectoryWalker.files(under: Paths.join(repo, "refs"), includeHidden: true) {
            guard let data = FileManager.default.contents(atPath: ref.path),
                  let commit = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines) else { continue }
            if !snapshots.contains(commit) {
                out.append(Finding(.error, .missingSnapshot, file: ref.path,
                                   "ref '\(ref.relativePath)' of \(id) names commit \(commit.prefix(12)), which has no snapshot"))
            }
        }
        if snapshots.isEmpty {
            out.append(Finding(.warning, .emptyRepository, file: repo, "\(id) has no snapshots"))
        }
        return out
    }

    /// The snapshot file that links to blob `name`, for showing a blob by the name people know it by.
    static func snapshotPath(linkingTo name: String, in repo: String) -> (commit: String, sub: String)? {
        for commit in snapshots(of: repo) {
            let snap = Paths.join(repo, "snapshots/" + commit)
            for f in DirectoryWalker.files(under: snap, includeHidden: true) where f.isSymlink {
                if let target = DirectoryWalker.linkTarget(f.path), Paths.name(target) == name { return (commit, f.relativePath) }
            }
        }
        return nil
    }
}
