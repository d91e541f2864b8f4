// Whole-file hashing over a read-only mapping, streamed in chunks with pages released behind,
// and several files hashed in parallel, one per core (SHA-256 is serial within a file).
import Dispatch

/// The digest of the file at `path` under `algorithm`, read through a mapping in `chunkSize` pieces.
///
/// Pages already hashed are released (`MappedFile.release`) after each chunk, so resident memory stays
/// near `chunkSize` whatever the file's size.
/// - Throws: `SystemError` when the file cannot be opened, is not a regular file, or cannot be mapped.
public func hashFile(_ path: String, algorithm: HashAlgorithm,
                     chunkSize: Int = 8 << 20) throws(SystemError) -> [UInt8] {
    let file = try MappedFile(path: path)
    file.adviseSequential()
    var hasher = algorithm.makeHasher(totalLength: file.size)
    let step = max(chunkSize, MappedFile.pageSize)
    var offset = 0
    while offset < file.size {
        let end = offset + min(step, file.size - offset)
        hasher.update(file.bytes(in: offset..<end))
        file.release(offset..<end)
        offset = end
    }
    return hasher.finalize()
}

/// Hashes every path under `algorithm`, several files at once (one per core), and returns one result per
/// path in the order given. A file that cannot be read is a `.failure` naming it; the others are still hashed.
///
/// - Parameters:
///   - paths: regular files (a folder or a missing path gives its `.failure`).
///   - algorithm: the digest to compute.
///   - maxConcurrency: at most this many files at once; nil (default) means one per online processor.
public func hashFiles(_ paths: [String], algorithm: HashAlgorithm,
                      maxConcurrency: Int? = nil) -> [Result<[UInt8], SystemError>] {
    let slots = ResultSlots<Result<[UInt8], SystemError>>(count: paths.count)
    let workers = max(1, min(maxConcurrency ?? Sys.processorCount, paths.count))
    let next = Locked(0)
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while true {
            let i = next.withLock { n in defer { n += 1 }; return n }
            guard i < paths.count else { return }
            let result: Result<[UInt8], SystemError>
            do throws(SystemError) {
                result = .success(try hashFile(paths[i], algorithm: algorithm))
            } catch {
                result = .failure(error)
            }
            slots.set(i, result)
        }
    }
    // Every index below count was taken and set before concurrentPerform returned.
    return slots.values.map { $0! }
}
