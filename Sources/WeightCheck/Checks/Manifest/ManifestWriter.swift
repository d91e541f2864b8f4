// ManifestWriter: writes down what a folder holds — walks the paths given, parses weight files, and in one
// scan pass computes each file's SHA-256 and the XXH3-128 of every header and tensor.
import Foundation

/// Creates manifests.
public enum ManifestWriter {
    /// How to create a manifest.
    public struct Options: Sendable {
        /// The `tool` field: `weightcheck X.Y.Z`.
        public var tool: String
        /// The `created` field; nil: now, in UTC.
        public var created: String?
        /// Worker threads (nil: every core).
        public var threads: Int?
        /// Absolute paths never to list (the manifest being written).
        public var exclude: Set<String>

        /// Options with the given values.
        public init(tool: String = "weightcheck", created: String? = nil, threads: Int? = nil, exclude: Set<String> = []) {
            self.tool = tool
            self.created = created
            self.threads = threads
            self.exclude = exclude
        }
    }

    /// The manifest of `paths` (files and folders inside `root`), with paths relative to `root`.
    ///
    /// Folders are walked (hidden files and folders, links to folders, and existing manifests skipped);
    /// files named explicitly are listed even when hidden. Weight files that look like GGUF or safetensors
    /// but do not parse are listed as plain files (SHA-256 only); `build` reports them.
    /// - Throws: `ManifestError` when a path lies outside `root`, does not exist, cannot be read, or has a
    ///   name a manifest cannot hold (see `ManifestPath.problem`).
    public static func create(root: String, paths: [String], options: Options = Options(),
                              progress: (@Sendable (Int, Int) -> Void)? = nil) throws(ManifestError) -> Manifest {
        try build(root: root, paths: paths, options: options, progress: progress).manifest
    }

    /// Like `create`, and also the warnings about what was found (weight files that did not parse).
    public static func build(root: String, paths: [String], options: Options = Options(),
                             progress: (@Sendable (Int, Int) -> Void)? = nil) throws(ManifestError) -> (manifest: Manifest, findings: [Finding]) {
        let rootPath = Paths.absolute(root)
        guard DirectoryWalker.kind(of: rootPath) == .directory else {
            throw ManifestError(file: root, "the manifest's folder is not a folder")
        }
        let listed = try collect(root: rootPath, paths: paths.isEmpty ? [rootPath] : paths, exclude: Set(options.exclude.map(Paths.absolute)))
        var findings: [Finding] = []
        var entries = [ManifestEntry?](repeating: nil, count: listed.count)
        var parsed = [WeightFile?](repeating: nil, count: listed.count)
        var failure: ManifestError? = nil
        var total = 0
        for rel in listed {
            if case .success(let s) = Sys.status(of: Paths.join(rootPath, rel), follow: true) { total += Int(clamping: s.size) }
        }

        ManifestScan.run(count: listed.count, threads: options.threads, totalBytes: total,
                         progress: progress.map { report in { @Sendable p in report(p.bytesDone, p.bytesTotal) } }, make: { i in
            guard failure == nil else { return nil }
            let rel = listed[i]
            let full = Paths.join(rootPath, rel)
            let file: MappedFile
            do throws(SystemError) { file = try MappedFile(path: full) } catch {
                failure = ManifestError(file: full, "cannot read: \(SystemError.reason(error.code))")
                return nil
            }
            if file.withBytes(WeightFile.detectFormat) != nil {
                do throws(WeightFileError) {
                    let w = try WeightFile(file)
                    parsed[i] = w
                    return ManifestScan.request(file, display: rel, header: 0..<w.table.dataOffset,
                                                tensors: w.table.tensors.map(\.byteRange), fileDigests: [.sha256, .xxh128])
                } catch {
                    findings.append(Finding(.warning, .unparsedWeights, file: rel,
                                            "looks like a weight file but does not parse (\(error.finding.message)); recorded with its SHA-256 only"))
                }
            }
            return ManifestScan.request(file, display: rel, header: nil, tensors: [], fileDigests: [.sha256, .xxh128])
        }, take: { i, result in
            let sha = result.digests[.sha256]?.hexString ?? ""
            let xxh = result.digests[.xxh128]?.hexString
            guard let w = parsed[i] else {
                entries[i] = ManifestEntry(path: listed[i], size: result.size, sha256: sha, xxh128: xxh)
                return
            }
            let digests = ManifestScan.rangeDigests(result)
            let tensors = w.table.tensors.enumerated().map { k, t in
                ManifestEntry.Tensor(name: t.name, type: t.type.name, shape: t.shape, offset: t.byteRange.lowerBound,
                                     size: t.byteCount, xxh128: digests[k + 1])
            }
            entries[i] = ManifestEntry(path: listed[i], size: result.size, sha256: sha, xxh128: xxh, format: w.format,
                                       header: .init(bytes: w.table.dataOffset, xxh128: digests[0]), tensors: tensors)
            parsed[i] = nil  // unmaps the file once its batch is done
        })
        if let failure { throw failure }
        let manifest = Manifest(created: options.created ?? ManifestWriter.now(), tool: options.tool, files: entries.compactMap { $0 })
        return (manifest, findings)
    }

    /// Writes `manifest`'s canonical text to `path`, replacing any file there atomically.
    public static func write(_ manifest: Manifest, to path: String) throws(ManifestError) {
        do {
            try Paths.writeAtomically(manifest.serialized(), to: path)
        } catch {
            throw ManifestError(file: path, "cannot write: \(error.localizedDescription)")
        }
    }

    /// The current time as ISO 8601 in UTC, to the second: `2025-06-01T12:00:00Z`.
    public static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date())
    }

    /// Whether the file at `path` is a manifest (named `weightcheck.manifest.json`, or a JSON file that
    /// begins like one): walks never list manifests as content.
    public static func isManifest(_ path: String) -> Bool {
        if Paths.name(path) == Manifest.defaultFileName { return true }
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 256) else { return false }
        let squeezed = head.filter { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        return squeezed.starts(with: Array("{\"format\":\"\(Manifest.formatName)\"".utf8))
    }

    /// The deepest folder holding every path — a folder stands for itself, a file for its parent — where
    /// `manifest create` puts the manifest by default.
    public static func commonFolder(_ paths: [String]) -> String {
        let folders = paths.map { p -> [Substring] in
            let full = Paths.absolute(p)
            let folder = DirectoryWalker.kind(of: full) == .directory ? full : Paths.parent(full)
            return folder.split(separator: "/")
        }
        guard var common = folders.first else { return Paths.absolute(".") }
        for f in folders.dropFirst() {
            var n = 0
            while n < min(common.count, f.count) && common[n] == f[n] { n += 1 }
            common = Array(common.prefix(n))
        }
        return "/" + common.joined(separator: "/")
    }

    /// The files a walk of `folder` lists as content: regular files and links to regular files, not hidden,
    /// not manifests, not in `exclude`; `relative` is prefixed with `prefix` (the folder's own relative path).
    static func contentFiles(under folder: String, prefix: String, exclude: Set<String>) -> [(relative: String, full: String)] {
        var out: [(relative: String, full: String)] = []
        for f in DirectoryWalker.files(under: folder) {
            if exclude.contains(f.path) || isManifest(f.path) { continue }
            if f.isSymlink && DirectoryWalker.kind(of: f.path) != .file { continue }  // dangling, or not a file
            out.append((prefix.isEmpty ? f.relativePath : prefix + "/" + f.relativePath, f.path))
        }
        return out
    }

    /// The relative paths of every file to list, sorted, without duplicates.
    static func collect(root: String, paths: [String], exclude: Set<String>) throws(ManifestError) -> [String] {
        let prefix = root == "/" ? "/" : root + "/"
        var out: Set<UTF8Key> = []
        for p in paths {
            let full = Paths.absolute(p)
            let rel: String
            if full == root {
                rel = ""
            } else if full.hasPrefix(prefix) {
                rel = String(full.dropFirst(prefix.count))
            } else {
                throw ManifestError(file: p, "lies outside the manifest's folder \(root); write the manifest higher up (-o)")
            }
            var folder = ""
            for part in rel.split(separator: "/").dropLast() {
                folder += (folder.isEmpty ? "" : "/") + part
                if case .success(let s) = Sys.status(of: Paths.join(root, folder), follow: false), s.isSymlink {
                    throw ManifestError(file: p, "reached through the link '\(folder)'; links to folders are not followed")
                }
            }
            switch DirectoryWalker.kind(of: full) {
            case .missing: throw ManifestError(file: p, "no such file or folder")
            case .other: throw ManifestError(file: p, "not a regular file or folder")
            case .file:
                if exclude.contains(full) || isManifest(full) { continue }
                if let problem = ManifestPath.problem(rel) { throw ManifestError(file: p, "cannot be listed in a manifest: \(problem)") }
                out.insert(UTF8Key(rel))
            case .directory:
                if !rel.isEmpty, case .success(let s) = Sys.status(of: full, follow: false), s.isSymlink {
                    throw ManifestError(file: p, "is a link to a folder; links to folders are not followed")
                }
                for f in contentFiles(under: full, prefix: rel, exclude: exclude) {
                    if let problem = ManifestPath.problem(f.relative) {
                        throw ManifestError(file: f.full, "cannot be listed in a manifest: \(problem)")
                    }
                    out.insert(UTF8Key(f.relative))
                }
            }
        }
        return out.map(\.string).sorted(by: Manifest.pathOrder)
    }
}
