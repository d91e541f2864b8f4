// FileHashing: what `hash` computes — each input through Discovery (folders walked, a shard standing for its
// set, cache paths through their snapshot links), each file's digest (and each tensor's) in one scan pass.

/// The digests of one file, or why it could not be hashed.
public struct HashedFile: Sendable {
    /// A tensor's digest.
    public struct TensorDigest: Sendable {
        /// The tensor's name.
        public let name: String
        /// The digest of its bytes as stored.
        public let digest: [UInt8]
    }

    /// The path as printed: one `hash --check` can open again.
    public let path: String
    /// The file's size, when it was read.
    public var size: Int?
    /// The whole file's digest, when it was read.
    public var digest: [UInt8]?
    /// Per-tensor digests in header order, when asked for and the file is a weight file that parses.
    public var tensors: [TensorDigest]?
    /// Why the file (or its tensor table) could not be read: a reason without the path (`no such file or folder`).
    public var error: String?
}

/// Hashing files and tensors with the scan engine.
public enum FileHashing {
    /// The digest of what `fd` holds to its end (standard input for `-`, as sha256sum reads it), in 4 MiB reads.
    /// sha1-git puts the length before the bytes, so for it the stream is held in memory first, as
    /// `git hash-object --stdin` holds it.
    static func hashStream(_ fd: Int32, name: String, algorithm: HashAlgorithm) -> HashedFile {
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 4 << 20, alignment: 64)
        defer { chunk.deallocate() }
        var hasher = algorithm.makeHasher(totalLength: 0)
        var held: [UInt8] = []
        var size = 0
        while true {
            switch Sys.readNext(fd, into: chunk.baseAddress!, count: chunk.count) {
            case .failure(let e):
                return HashedFile(path: name, error: "cannot read: " + SystemError.reason(e.code))
            case .success(0):
                let digest = algorithm == .sha1Git
                    ? held.withUnsafeBytes { algorithm.digest(of: $0) } : hasher.finalize()
                return HashedFile(path: name, size: size, digest: digest)
            case .success(let n):
                let bytes = UnsafeRawBufferPointer(rebasing: chunk[0..<n])
                if algorithm == .sha1Git { held += bytes } else { hasher.update(bytes) }
                size += n
            }
        }
    }

    /// How a file is printed: as sha256sum prints it, the input as the user gave it where the file is that input or
    /// lies inside it (`/data/m.gguf`; `./models` → `./models/x.gguf`), so a list made from absolute paths checks
    /// from any folder; else (a set member or cache file reached from elsewhere, an input with `..`, which
    /// discovery resolves lexically) relative to the current folder when inside it, else absolute.
    static func printed(_ file: String, input: String) -> String {
        guard !input.split(separator: "/").contains(".."),
              let inside = Paths.relative(file, to: Paths.absolute(input)) else { return Paths.display(file) }
        return inside.isEmpty ? input : Paths.join(input, inside)
    }

    /// Hashes every file `paths` stand for, in the inputs' order (as sha256sum prints them), each file once; `-`
    /// is standard input, read to its end after the files.
    ///
    /// - Parameters:
    ///   - paths: files, folders, shard names or cache paths, as `Discovery.discover` reads them.
    ///   - algorithm: the digest.
    ///   - tensors: whether to digest each tensor's bytes too (weight files only).
    ///   - engine: the scan engine (threads, chunking).
    ///   - progress: (bytes done, bytes total), from worker threads.
    /// - Returns: one `HashedFile` per file, and one per input that named nothing readable (with `error`).
    public static func hash(_ paths: [String], algorithm: HashAlgorithm, tensors: Bool = false,
                            engine: ScanEngine = ScanEngine(),
                            progress: (@Sendable (Int, Int) -> Void)? = nil) -> [HashedFile] {
        var out: [HashedFile] = []
        var seen = Set<String>()
        var standardInput: [Int] = []  // where `-` stands in the output
        for path in paths {
            if path == "-" {
                standardInput.append(out.count)
                out.append(HashedFile(path: "-"))
                continue
            }
            let discovery = Discovery.discover([path])
            out += discovery.findings
                .filter { $0.severity == .error && ($0.code != .nothingToVerify || discovery.artifacts.isEmpty) }
                .map { HashedFile(path: $0.file, error: $0.message) }
            // FIFOs, devices and sockets (given by name or reached through a link) are refused without being opened.
            for a in discovery.artifacts where seen.insert(a.realPath).inserted {
                out.append(HashedFile(path: printed(a.path, input: path),
                                      error: DirectoryWalker.kind(of: a.path) == .other ? ChecksumCheck.notRegularFile : nil))
            }
        }
        var requests: [ScanRequest] = []
        var requestOf: [Int: Int] = [:]  // file index → request index
        var weightFiles = Set<Int>()
        for i in out.indices where out[i].error == nil && !standardInput.contains(i) {
            do throws(SystemError) {
                let file = try MappedFile(path: out[i].path)
                var request = ScanRequest(file: file, displayPath: out[i].path, fileDigests: [algorithm])
                if tensors, file.withBytes(WeightFile.detectFormat) != nil {
                    do throws(WeightFileError) {
                        let weights = try WeightFile(file)
                        weightFiles.insert(i)
                        request = ScanRequest(weights, displayPath: out[i].path, fileDigests: [algorithm], tensorDigests: [algorithm])
                    } catch {
                        out[i].error = "cannot list tensors: " + error.finding.message
                    }
                }
                requestOf[i] = requests.count
                requests.append(request)
            } catch {
                out[i].error = error.reasonWithoutPath
            }
        }
        let results = engine.run(requests, progress: progress)
        // Named as each reference tool names it: `-` (sha256sum, git), `stdin` (xxhsum). A second `-` reads the end: empty.
        let stdinName = algorithm == .sha256 || algorithm == .sha1Git ? "-" : "stdin"
        for i in standardInput { out[i] = hashStream(0, name: stdinName, algorithm: algorithm) }
        for (i, r) in requestOf {
            let result = results[r]
            if let reason = result.missingBytesReason {
                out[i].error = reason
                continue
            }
            guard let digest = result.digests[algorithm] else { continue }
            out[i].digest = digest
            out[i].size = result.size
            if weightFiles.contains(i) {
                out[i].tensors = result.tensors.compactMap { t in t.digests[algorithm].map { .init(name: t.tensor.name, digest: $0) } }
            }
        }
        return out
    }
}

extension SystemError {
    /// `cannot open: permission denied`: the description without the leading path.
    public var reasonWithoutPath: String {
        let text = description
        return text.hasPrefix(path + ": ") ? String(text.dropFirst(path.count + 2)) : text
    }
}
