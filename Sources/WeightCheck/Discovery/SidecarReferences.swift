// SidecarReferences: the digest records that sit beside or above a file — `SHA256SUMS`-style lists and
// `weightcheck.manifest.json` — read once per folder and looked up by the file's path relative to them.
import Foundation

/// Checksum lists and manifests found in a file's folder and the folders above it, read once each.
final class SidecarReferences {
    /// How many folders above a file are searched for lists and manifests.
    static let searchDepth = 8

    /// One folder's records: relative path → reference (lists first, then the manifest).
    private var byFolder: [String: [String: [Reference]]] = [:]

    /// The references recorded for the file at `path` (absolute, as reached), searching its folder and up to
    /// `searchDepth` folders above, but not above `boundary` (a snapshot's root) when given.
    func references(for path: String, boundary: String? = nil) -> [Reference] {
        var out: [Reference] = []
        var folders = Array(([Paths.parent(path)] + Paths.ancestors(Paths.parent(path))).prefix(Self.searchDepth + 1))
        if let boundary, let k = folders.firstIndex(of: boundary) { folders = Array(folders.prefix(k + 1)) }
        for folder in folders {
            guard let rel = Paths.relative(path, to: folder) else { continue }
            for r in records(in: folder)[rel] ?? [] where !out.contains(r) { out.append(r) }
        }
        return out
    }

    /// Every file recorded by the lists directly in `folder`, relative to it (for files expected but absent).
    func listedFiles(in folder: String) -> [(relative: String, reference: Reference)] {
        records(in: folder).flatMap { rel, refs in refs.filter { $0.kind == .checksumList }.map { (rel, $0) } }
            .sorted { $0.relative < $1.relative }
    }

    private func records(in folder: String) -> [String: [Reference]] {
        if let cached = byFolder[folder] { return cached }
        var out: [String: [Reference]] = [:]
        // Filtered before sorting: a folder may hold thousands of names (a checkout, /tmp), and every ancestor of
        // a named file is listed here, so sorting them all took most of a small `hash`'s time.
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let lists = names.filter(ChecksumList.isChecksumListName).sorted()
            .map { WalkedFile(path: Paths.join(folder, $0), relativePath: $0, isSymlink: false) }
        for (rel, r) in ChecksumList.lists(in: folder, files: lists) { out[normalized(rel), default: []].append(r) }
        if names.contains(Manifest.defaultFileName), let manifest = try? ManifestReader.read(path: Paths.join(folder, Manifest.defaultFileName)) {
            for f in manifest.files {
                out[f.path, default: []].append(Reference(.manifest, .sha256, hex: f.sha256,
                                                          source: "\(Manifest.defaultFileName) entry '\(f.path)'"))
            }
        }
        byFolder[folder] = out
        return out
    }

    private func normalized(_ rel: String) -> String {
        var r = rel
        while r.hasPrefix("./") { r.removeFirst(2) }
        return r
    }
}
