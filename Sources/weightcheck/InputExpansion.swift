// InputExpansion: the paths a command was given, turned into the weight files to read and the shard
// sets they form (GGUF split sets, safetensors index sets), for commands that read weight files.
import Foundation
import WeightCheck

enum InputExpansion {
    /// Weight files named by `paths`: files as given, folders searched (by content, not extension).
    /// A missing path is a failure naming it.
    static func weightFiles(_ paths: [String]) -> [Result<String, Finding>] {
        var out: [Result<String, Finding>] = []
        for p in paths {
            switch DirectoryWalker.kind(of: p) {
            case .file where p.hasSuffix(".index.json"):
                // An index names a set: its shards are the weight files of its folder.
                let folder = (p as NSString).deletingLastPathComponent
                out += DirectoryWalker.files(under: folder.isEmpty ? "." : folder).map(\.path)
                    .filter(DirectoryWalker.looksLikeWeightFile).map { .success($0) }
            case .file:
                out += shardSiblings(of: p).map { .success($0) }
            case .directory:
                let files = DirectoryWalker.files(under: p).map(\.path).filter(DirectoryWalker.looksLikeWeightFile)
                if files.isEmpty {
                    out.append(.failure(Finding(.error, "no-weights", file: p, "no GGUF or safetensors files in this folder")))
                }
                out += files.map { .success($0) }
            case .missing: out.append(.failure(Finding(.error, "missing", file: p, "no such file or folder")))
            case .other: out.append(.failure(Finding(.error, "unreadable", file: p, "not a regular file or folder")))
            }
        }
        return out
    }

    /// A shard of a split GGUF set stands for its whole set: the shards of that set present on disk, in
    /// order; any other file stands for itself.
    static func shardSiblings(of path: String) -> [String] {
        guard let (prefix, _, count) = GGUFSplitSet.parseName(path), count > 1 else { return [path] }
        return (1...count).map { GGUFSplitSet.shardName(prefix: prefix, number: $0, count: count) }
            .filter { $0 == path || FileManager.default.fileExists(atPath: $0) }
    }

    /// The `*.safetensors.index.json` files named by or found under `paths`.
    static func safetensorsIndexes(_ paths: [String]) -> [String] {
        var out: [String] = []
        for p in paths {
            switch DirectoryWalker.kind(of: p) {
            case .file where p.hasSuffix(".index.json"): out.append(p)
            case .directory: out += DirectoryWalker.files(under: p).map(\.path).filter { $0.hasSuffix(".safetensors.index.json") }
            default: break
            }
        }
        return out
    }
}
