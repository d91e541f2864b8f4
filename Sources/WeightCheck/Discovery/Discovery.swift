// Discovery: the only place a path gets a meaning. Any path — a file, a folder, an index, any member of a
// shard set, a cache root, HF_HOME, a repository, a snapshot or a file in it, a blob, a local_dir — becomes
// the same artifacts, each once by its real path with every reference that applies, plus what is missing.
import Foundation

/// What discovery should add to what it finds on disk.
public struct DiscoveryOptions: Sendable {
    /// The SHA-256 the single file found must have (`--expect-sha256`).
    public var expectedSHA256: String?

    public init(expectedSHA256: String? = nil) { self.expectedSHA256 = expectedSHA256 }
}

public enum Discovery {
    /// Discovers what `paths` hold. The result does not depend on the order of the paths, on repeating them,
    /// or on which of several paths to the same bytes was given.
    public static func discover(_ paths: [String], options: DiscoveryOptions = DiscoveryOptions()) -> DiscoveryResult {
        let c = Collector()
        for path in paths { c.add(input: path) }
        return c.finish(options)
    }
}

/// The state of one discovery: artifacts by real path, findings without repeats, indexes and notes.
final class Collector {
    private var result = DiscoveryResult()
    private var byRealPath: [String: Int] = [:]
    private var seenFindings = Set<String>()
    private var seenIndexes = Set<String>()
    /// Every index file read, by path: each is parsed once however many shards or folders reach it.
    private var indexes: [String: SafetensorsShardIndex?] = [:]
    private var expandedFolders = Set<String>()
    private let sidecars = SidecarReferences()
    /// How many error findings (absent files, unfinished downloads) have been recorded.
    private var errors = 0
    /// The artifacts each folder input reached, to tell one that holds nothing to verify.
    private var folderInputs: [(input: String, artifacts: Set<Int>, absent: Int)] = []
    private var touched = Set<Int>()

    func add(input: String) {
        var path = Paths.absolute(input)
        // A link from elsewhere into a cache is read as the cache path it reaches (a blob: by its snapshot name).
        if HuggingFaceCache.locate(path) == nil, let real = Paths.real(path), real != path, HuggingFaceCache.locate(real) != nil {
            path = real
        }
        switch Sys.status(of: path, follow: false) {
        case .failure:
            finding(Finding(.error, .missing, file: input, "no such file or folder"))
            return
        case .success(let st) where st.isSymlink && DirectoryWalker.kind(of: path) == .missing:
            if let loc = HuggingFaceCache.locate(path), case .snapshot(let commit, let sub) = loc.part {
                missingBlob(repo: loc.repository, commit: commit, sub: sub, link: path)
            } else {
                finding(Finding(.error, .missing, file: input,
                                "a link to \(DirectoryWalker.linkTarget(path) ?? "?"), which does not exist"))
            }
            return
        default: break
        }
        switch DirectoryWalker.kind(of: path) {
        case .directory:
            touched = []
            let before = errors
            addFolder(path)
            folderInputs.append((input, touched, errors - before))
        case .file: addFile(path, display: input, named: true)
        case .other:
            finding(Finding(.error, .unreadable, file: input, "not a regular file or folder (a FIFO, device or socket)"))
        case .missing:
            finding(Finding(.error, .missing, file: input, "no such file or folder"))
        }
    }

    // MARK: - Folders

    private func addFolder(_ path: String) {
        if let loc = HuggingFaceCache.locate(path) {
            switch loc.part {
            case .snapshot(let commit, let sub): addRepository(loc.repository, commit: commit, sub: sub)
            default: addRepository(loc.repository, commit: nil, sub: "")
            }
        } else if HuggingFaceCache.isCacheRoot(path) {
            addCacheRoot(path)
        } else if HuggingFaceCache.isCacheRoot(Paths.join(path, "hub")) {
            result.notes.append("HF_HOME: \(path)")
            addCacheRoot(Paths.join(path, "hub"))
        } else {
            addPlainFolder(path)
        }
    }

    private func addCacheRoot(_ root: String) {
        let repos = HuggingFaceCache.repositories(in: root)
        result.notes.append("Hugging Face cache with \(repos.count) repositor\(repos.count == 1 ? "y" : "ies")")
        for repo in repos { addRepository(repo, commit: nil, sub: "") }
    }

    /// A repository (every snapshot), one snapshot, or a file or folder `sub` inside one.
    private func addRepository(_ repo: String, commit: String?, sub: String) {
        if sub.isEmpty { for f in HuggingFaceCache.repositoryFindings(repo) { finding(f) } }
        let commits = commit.map { [$0] } ?? HuggingFaceCache.snapshots(of: repo)
        var linked = 0
        for c in commits {
            let snap = Paths.join(repo, "snapshots/" + c)
            let start = sub.isEmpty ? snap : Paths.join(snap, sub)
            for f in DirectoryWalker.files(under: start, includeHidden: true) {
                let rel = sub.isEmpty ? f.relativePath : Paths.join(sub, f.relativePath)
                if DirectoryWalker.kind(of: f.path) == .missing {
                    missingBlob(repo: repo, commit: c, sub: rel, link: f.path)
                    continue
                }
                linked += 1
                addSnapshotFile(f.path, repo: repo, commit: c, sub: rel, named: false)
            }
        }
        if commit == nil || sub.isEmpty {
            let id = HuggingFaceCache.repositoryID(repo)
            let n = commits.count
            result.notes.append("\(id): \(n) snapshot\(n == 1 ? "" : "s"), \(linked) linked file\(linked == 1 ? "" : "s")")
        }
    }

    private func missingBlob(repo: String, commit: String, sub: String, link: String) {
        let blob = Paths.name(DirectoryWalker.linkTarget(link) ?? "?")
        finding(Finding(.error, .missingBlob, file: HuggingFaceCache.displayPath(repo: repo, commit: commit, sub: sub),
                        "snapshot link points to blobs/\(blob), which is missing (lost or never downloaded)"))
    }

    private func addPlainFolder(_ path: String) {
        walk(path)
        let absentScope = path
        if let root = LocalDir.root(containing: path) {
            for f in LocalDir.absentFindings(root: root, scope: absentScope) { finding(f) }
        }
        for (folder, rel, ref) in listedBelow(path) where Paths.relative(Paths.join(folder, rel), to: absentScope) != nil {
            if case .failure = Sys.status(of: Paths.join(folder, rel), follow: true) {
                finding(Finding(.error, .missingFile, file: Paths.join(folder, rel), "missing: listed in \(ref.source)"))
            }
        }
    }

    /// Walks a plain folder: weight files and files with references become artifacts; cache repositories and
    /// local_dirs found inside are read as such; hidden entries are skipped.
    private func walk(_ dir: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = Paths.join(dir, name)
            guard case .success(let st) = Sys.status(of: path, follow: false) else { continue }
            if st.isDirectory {
                if HuggingFaceCache.isRepository(path) && HuggingFaceCache.repositoryPrefixes.contains(where: name.hasPrefix) {
                    addRepository(path, commit: nil, sub: "")
                } else {
                    walk(path)
                }
            } else if st.isSymlink && DirectoryWalker.kind(of: path) == .directory {
                continue  // never follow links to folders: no cycles
            } else if DirectoryWalker.kind(of: path) == .file {
                if ChecksumList.isChecksumListName(name) || name == Manifest.defaultFileName { continue }
                addFile(path, display: path, named: false)
            }
        }
    }

    /// Every entry of the checksum lists in `folder` and below.
    private func listedBelow(_ folder: String) -> [(String, String, Reference)] {
        var out: [(String, String, Reference)] = []
        var folders = [folder]
        for f in DirectoryWalker.files(under: folder) where ChecksumList.isChecksumListName(Paths.name(f.relativePath)) {
            folders.append(Paths.parent(f.path))
        }
        for dir in Set(folders).sorted() { for (rel, ref) in sidecars.listedFiles(in: dir) { out.append((dir, rel, ref)) } }
        return out
    }

    // MARK: - Files

    private func addFile(_ path: String, display: String, named: Bool) {
        if let loc = HuggingFaceCache.locate(path) {
            switch loc.part {
            case .snapshot(let commit, let sub) where !sub.isEmpty:
                addSnapshotFile(path, repo: loc.repository, commit: commit, sub: sub, named: named)
            case .blob(let name):
                // A blob is known by the snapshot path that links to it: its sets are grouped by that name.
                if let (commit, sub) = HuggingFaceCache.snapshotPath(linkingTo: name, in: loc.repository) {
                    let link = Paths.join(loc.repository, "snapshots/\(commit)/\(sub)")
                    addSnapshotFile(link, repo: loc.repository, commit: commit, sub: sub, named: named)
                } else {
                    artifact(path, display: "\(HuggingFaceCache.repositoryID(loc.repository))/blobs/\(name)", named: named, boundary: nil)
                }
            default:
                addRepository(loc.repository, commit: nil, sub: "")
            }
            return
        }
        if path.hasSuffix(".index.json") && addIndex(path) {
            artifact(path, display: Self.shown(path), named: false, boundary: nil)
            return
        }
        artifact(path, display: Self.shown(path), named: named, boundary: nil)
        expandSet(of: path, boundary: nil, display: Self.shown)
    }

    /// How a plain path is shown: relative to the current folder when inside it, else absolute.
    static func shown(_ path: String) -> String { Paths.display(path) }

    private func addSnapshotFile(_ path: String, repo: String, commit: String, sub: String, named: Bool) {
        let snap = Paths.join(repo, "snapshots/" + commit)
        let display: (String) -> String = { p in
            HuggingFaceCache.displayPath(repo: repo, commit: commit, sub: Paths.relative(p, to: snap) ?? p)
        }
        if path.hasSuffix(".index.json") && addIndex(path) {
            artifact(path, display: display(path), named: false, boundary: snap)
            return
        }
        artifact(path, display: display(path), named: named, boundary: snap)
        expandSet(of: path, boundary: snap, display: display)
    }

    /// Records a `*.safetensors.index.json` and adds the shards it names that exist; false when the file is
    /// not such an index.
    @discardableResult
    private func addIndex(_ path: String) -> Bool {
        guard path.hasSuffix(".index.json"), let index = index(at: path) else { return false }
        let key = Paths.real(path) ?? path
        guard seenIndexes.insert(key).inserted else { return true }
        result.safetensorsIndexes.append(path)
        for name in index.shardNames where SafetensorsShardIndex.isSafeShardName(name) {
            let shard = index.path(ofShard: name)
            if DirectoryWalker.kind(of: shard) == .file { addMember(shard) }
        }
        return true
    }

    /// The index at `path`, parsed on first use; nil when it is not a readable index.
    private func index(at path: String) -> SafetensorsShardIndex? {
        if let known = indexes[path] { return known }
        let parsed = try? SafetensorsShardIndex(path: path)
        indexes[path] = parsed
        return parsed
    }

    /// A file reached as a member of a set: shown and bounded as the file it is.
    private func addMember(_ path: String) {
        if let loc = HuggingFaceCache.locate(path), case .snapshot(let commit, let sub) = loc.part, !sub.isEmpty {
            let snap = Paths.join(loc.repository, "snapshots/" + commit)
            artifact(path, display: HuggingFaceCache.displayPath(repo: loc.repository, commit: commit, sub: sub),
                     named: false, boundary: snap)
        } else {
            artifact(path, display: Self.shown(path), named: false, boundary: nil)
        }
    }

    /// The set a file belongs to, found from it: the other shards of a split name, or the index beside it
    /// that names it (with every shard that index names).
    private func expandSet(of path: String, boundary: String?, display: (String) -> String) {
        let folder = Paths.parent(path)
        let name = Paths.name(path)
        if let (prefix, _, count) = ShardName.parse(path), count > 1 {
            for k in 1...count {
                let sibling = ShardName.make(prefix: prefix, number: k, count: count, extension: ShardName.fileExtension(path) ?? "gguf")
                if sibling != path && DirectoryWalker.kind(of: sibling) == .file { addMember(sibling) }
            }
        }
        guard expandedFolders.insert(folder).inserted else { return }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".safetensors.index.json") || $0.hasSuffix(".bin.index.json") }.sorted()
        for n in names {
            let indexPath = Paths.join(folder, n)
            guard let index = index(at: indexPath), index.shardNames.contains(name) else { continue }
            if addIndex(indexPath) {
                addMemberIndexFile(indexPath, boundary: boundary, display: display(indexPath))
            }
        }
    }

    private func addMemberIndexFile(_ path: String, boundary: String?, display: String) {
        artifact(path, display: display, named: false, boundary: boundary)
    }

    // MARK: - Artifacts and findings

    /// Adds (or merges into) the artifact for the bytes at `path`, with every reference reachable from this path.
    private func artifact(_ path: String, display: String, named: Bool, boundary: String?) {
        let real = Paths.real(path) ?? path
        var refs: [Reference] = []
        if let loc = HuggingFaceCache.locate(real), case .blob(let name) = loc.part,
           let r = Reference.fromDigestName(name, kind: .hfBlob, source: "blob name") {
            refs.append(r)
        }
        if boundary == nil, let r = LocalDir.reference(for: path) { refs.append(r) }
        refs += sidecars.references(for: path, boundary: boundary)
        if let i = byRealPath[real] {
            result.artifacts[i].add(refs)
            result.artifacts[i].named = result.artifacts[i].named || named
            touched.insert(i)
            return
        }
        byRealPath[real] = result.artifacts.count
        touched.insert(result.artifacts.count)
        result.artifacts.append(Artifact(path: path, realPath: real, displayPath: display, references: refs, named: named))
    }

    func finding(_ f: Finding) {
        if f.severity == .error { errors += 1 }
        if seenFindings.insert("\(f.code.rawValue)\u{0}\(f.file)\u{0}\(f.message)").inserted { result.findings.append(f) }
    }

    func finish(_ options: DiscoveryOptions) -> DiscoveryResult {
        if let hex = options.expectedSHA256, result.artifacts.count == 1 {
            result.artifacts[0].add([Reference(.expectedSHA256, .sha256, hex: hex, source: "--expect-sha256")])
        }
        // Name-based safetensors sets (`model-00001-of-00002.safetensors`) that no index describes.
        var indexed = Set<String>()
        for index in result.safetensorsIndexes {
            if let i = self.index(at: index) {
                for n in i.shardNames { indexed.insert(Paths.real(i.path(ofShard: n)) ?? i.path(ofShard: n)) }
            }
        }
        var reported = Set<String>()
        let present = Set(result.artifacts.map(\.path))
        for a in result.artifacts where ShardName.fileExtension(a.path) == "safetensors" && !indexed.contains(a.realPath) {
            guard let (prefix, _, count) = ShardName.parse(a.path), count > 1, reported.insert(prefix).inserted else { continue }
            let shownSet = Paths.join(Paths.parent(a.displayPath),
                                      Paths.name(ShardName.pattern(prefix: prefix, count: count, extension: "safetensors")))
            let missing = (1...count).filter { !present.contains(ShardName.make(prefix: prefix, number: $0, count: count, extension: "safetensors")) }
            for k in missing.prefix(8) {
                let name = Paths.name(ShardName.make(prefix: prefix, number: k, count: count, extension: "safetensors"))
                finding(Finding(.error, .missingShard, file: shownSet, "shard \(k) of \(count) is missing (\(name))"))
            }
            if missing.count > 8 {
                finding(Finding(.error, .missingShard, file: shownSet, "\(missing.count) of \(count) shards are missing"))
            }
        }
        // A folder that held nothing a check can stand on: no weight file, no file with a reference, nothing absent.
        for (input, touched, absent) in folderInputs where absent == 0 {
            let useful = touched.contains { i in
                !result.artifacts[i].references.isEmpty || DirectoryWalker.looksLikeWeightFile(result.artifacts[i].path)
            }
            if !useful {
                finding(Finding(.error, .nothingToVerify, file: input,
                                "nothing to verify in \(input): no GGUF or safetensors file, and no file with a recorded digest"))
            }
        }
        return result
    }
}
