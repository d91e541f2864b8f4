// ManifestFixture: a temporary folder holding copies of the fixture files that testdata/manifest/expected.json
// describes (written by gguf-py, sha256sum and xxhsum), plus hidden files a walk must skip.
import Foundation
@testable import WeightCheck

struct ManifestFixture {
    let dir = TemporaryDirectory()
    var root: String { dir.path }

    /// testdata/manifest/expected.json, parsed.
    static var expected: [String: Any] { try! TestData.json("manifest/expected.json") as! [String: Any] }

    /// Manifest path → fixture path under testdata/.
    static let fixtures: [String: String] = expected["fixtures"] as! [String: String]

    /// The manifest entries the reference tools give, sorted by path.
    static let expectedEntries: [ManifestEntry] = (expected["files"] as! [[String: Any]]).map { f in
        var e = ManifestEntry(path: f["path"] as! String, size: f["size"] as! Int, sha256: f["sha256"] as! String,
                              xxh128: f["xxh128"] as? String)
        if let format = f["format"] as? String {
            e.format = WeightFormat(rawValue: format)
            let h = f["header"] as! [String: Any]
            e.header = .init(bytes: h["bytes"] as! Int, xxh128: h["xxh128"] as! String)
            e.tensors = (f["tensors"] as! [[String: Any]]).map { t in
                ManifestEntry.Tensor(name: t["name"] as! String, type: t["type"] as! String,
                                     shape: (t["shape"] as! [Int]).map(UInt64.init), offset: t["offset"] as! Int,
                                     size: t["size"] as! Int, xxh128: t["xxh128"] as! String)
            }
        }
        return e
    }

    static let created = "2025-01-01T00:00:00Z"

    init() {
        for (rel, fixture) in ManifestFixture.fixtures {
            dir.write(rel, .contents(of: TestData.path(fixture)))
        }
        dir.write(".git/HEAD", Array("ref: refs/heads/main\n".utf8))
        dir.write(".DS_Store", [0, 1, 2])
    }

    func path(_ rel: String) -> String { (root as NSString).appendingPathComponent(rel) }

    /// The manifest of the whole folder.
    func create(threads: Int? = nil) throws -> Manifest {
        try ManifestWriter.create(root: root, paths: [root], options: .init(tool: "weightcheck test", created: ManifestFixture.created, threads: threads))
    }

    /// Creates the manifest, writes it as weightcheck.manifest.json in the folder, and returns it.
    @discardableResult
    func createAndWrite() throws -> Manifest {
        let m = try create()
        try ManifestWriter.write(m, to: path(Manifest.defaultFileName))
        return m
    }

    /// Checks the folder against the manifest written in it.
    func check(strict: Bool = false, threads: Int? = nil) throws -> ManifestCheckReport {
        let m = try ManifestReader.read(path: path(Manifest.defaultFileName))
        return ManifestChecker.check(m, root: root, strict: strict, threads: threads, exclude: [path(Manifest.defaultFileName)])
    }

    /// Puts `bytes` back as the content of `rel`.
    func restore(_ rel: String, _ bytes: [UInt8]) {
        _ = FileManager.default.createFile(atPath: path(rel), contents: Data(bytes))
    }

    /// The recorded entry for `rel`.
    static func entry(_ rel: String) -> ManifestEntry { expectedEntries.first { $0.path == rel }! }
}

extension ManifestCheckReport {
    /// The check of `path`.
    func file(_ path: String) -> FileCheck? { files.first { $0.path == path } }
    /// Paths whose status is not ok.
    var notOK: [String] { files.filter { $0.status != .ok }.map(\.path) }
}
