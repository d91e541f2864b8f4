// ModelLayouts: builds the layouts people keep models in — a Hugging Face hub cache with blobs named by
// their digests and symlinked snapshots, a local_dir download with its metadata — inside a temporary folder.
import Foundation
@testable import WeightCheck

extension Array where Element == UInt8 {
    var sha256Hex: String { withUnsafeBytes { SHA256.hash($0).hexString } }
    var gitBlobHex: String { withUnsafeBytes { GitBlobSHA1.digest(of: $0).hexString } }
}

struct HubCacheBuilder {
    let root: String
    let repo: String
    let commit = "0123456789abcdef0123456789abcdef01234567"

    /// A cache at `root` holding `models--ORG--NAME`.
    init(root: String, id: String = "org/model") {
        self.root = root
        repo = root + "/models--" + id.replacingOccurrences(of: "/", with: "--")
        try! FileManager.default.createDirectory(atPath: repo + "/blobs", withIntermediateDirectories: true)
        try! FileManager.default.createDirectory(atPath: repo + "/snapshots/" + commit, withIntermediateDirectories: true)
        try! FileManager.default.createDirectory(atPath: repo + "/refs", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: repo + "/refs/main", contents: Data(commit.utf8))
    }

    /// Adds `name` to the snapshot: a blob named by its digest (SHA-256 when `lfs`, else git blob SHA-1) and a link.
    /// Returns the blob's path.
    @discardableResult
    func add(_ name: String, _ bytes: [UInt8], lfs: Bool = true) -> String {
        let blobName = lfs ? bytes.sha256Hex : bytes.gitBlobHex
        let blob = repo + "/blobs/" + blobName
        _ = FileManager.default.createFile(atPath: blob, contents: Data(bytes))
        let link = repo + "/snapshots/" + commit + "/" + name
        let depth = name.split(separator: "/").count - 1
        try? FileManager.default.createDirectory(atPath: (link as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let up = String(repeating: "../", count: 2 + depth)
        try! FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: up + "blobs/" + blobName)
        return blob
    }

    var snapshot: String { repo + "/snapshots/" + commit }
}

/// Overwrites bytes of the file at `path`.
func patchFile(_ path: String, at offset: Int, _ bytes: [UInt8]) {
    var data = [UInt8].contents(of: path)
    for (i, b) in bytes.enumerated() { data[offset + i] = b }
    _ = FileManager.default.createFile(atPath: path, contents: Data(data))
}

/// Truncates the file at `path` to `length` bytes.
func truncateFile(_ path: String, to length: Int) {
    let data = [UInt8].contents(of: path)
    _ = FileManager.default.createFile(atPath: path, contents: Data(data.prefix(length)))
}

/// A GGUF with one F32 matrix of `rows × cols` random values (seeded) and a zero bias vector.
func ggufWithMatrix(rows: Int, cols: Int, seed: UInt64 = 7) -> [UInt8] {
    var b = GGUFBuilder()
    b.header(tensors: 2, kvs: 1)
    b.kvString("general.architecture", "llama")
    b.tensorInfo("w", dims: [Int64(cols), Int64(rows)], type: 0, offset: 0)
    let size = rows * cols * 4
    let padded = (size + 31) / 32 * 32
    b.tensorInfo("bias", dims: [Int64(cols)], type: 0, offset: UInt64(padded))
    b.pad()
    var state = seed
    for _ in 0..<(rows * cols) {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        let f = Float(Int64(bitPattern: state >> 11) % 2000 - 1000) / 1000 + 0.0001
        withUnsafeBytes(of: f.bitPattern.littleEndian) { b.bytes += $0 }
    }
    b.pad()
    b.zeros(cols * 4)
    return b.bytes
}
