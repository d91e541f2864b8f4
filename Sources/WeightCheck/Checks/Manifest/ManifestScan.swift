// ManifestScan: how `create` and `check` use the scan engine — one request per file (SHA-256 of the file,
// XXH3-128 of the header and of each tensor, in the same pass), run in batches so open mappings stay bounded.

/// The scan work shared by `ManifestWriter` and `ManifestChecker`.
enum ManifestScan {
    /// Files mapped and scanned at once: bounds open mappings (the kernel allows ~65,000 per process)
    /// while leaving plenty of files for every core.
    static let batchSize = 512

    /// The request for one file. With `header`, the header range is digested as the first "tensor"
    /// (XXH3-128) followed by `tensors` in order; without, only the file's SHA-256 is computed.
    static func request(_ file: MappedFile, display: String, header: Range<Int>?, tensors: [Range<Int>],
                        fileDigests: [HashAlgorithm] = [.sha256]) -> ScanRequest {
        guard let header else { return ScanRequest(file: file, displayPath: display, fileDigests: fileDigests) }
        // Element types and the format do not matter here: no statistics are requested, only digests of byte ranges.
        var infos = [TensorInfo(name: "", type: .u8, shape: [UInt64(header.count)], byteRange: header)]
        for r in tensors { infos.append(TensorInfo(name: "", type: .u8, shape: [UInt64(r.count)], byteRange: r)) }
        let table = TensorTable(format: .gguf, dataOffset: header.upperBound, tensors: infos)
        return ScanRequest(file: file, displayPath: display, table: table, fileDigests: fileDigests, tensorDigests: [.xxh128])
    }

    /// The XXH3-128 digests (hex) of a result made by `request(_:display:header:tensors:)`: the header's
    /// first, then each tensor's.
    static func rangeDigests(_ result: ScanResult) -> [String] {
        result.tensors.map { $0.digests[.xxh128]?.hexString ?? "" }
    }

    /// Scans items `0..<count` in batches: `make(i)` maps item i and returns its request (nil: nothing to
    /// scan), `take(i, result)` receives its result after its batch, `done(i, result)` (from a worker thread) the
    /// moment item i's file is done. `totalBytes` is the expected sum of file sizes; progress counts bytes and
    /// items of the whole run (an item with no request is done when its batch starts).
    static func run(count: Int, threads: Int?, readPolicy: ReadPolicy = .parallel, totalBytes: Int,
                    progress: (@Sendable (ScanProgress) -> Void)?, done: (@Sendable (Int, ScanResult) -> Void)? = nil,
                    make: (Int) -> ScanRequest?, take: (Int, ScanResult) -> Void) {
        var engine = ScanEngine(threads: threads)
        engine.readPolicy = readPolicy
        var base = 0
        var start = 0
        while start < count {
            let end = min(count, start + batchSize)
            var owners: [Int] = []
            var requests: [ScanRequest] = []
            for i in start..<end {
                guard let r = make(i) else { continue }
                owners.append(i)
                requests.append(r)
            }
            let offset = base, filesBefore = start + (end - start - requests.count)
            let total = max(totalBytes, 1)
            let batchOwners = owners
            let events = ScanEvents(progress: progress.map { report in
                { @Sendable p in
                    var q = p
                    q.bytesDone = min(total, offset + p.bytesDone)
                    q.bytesTotal = total
                    q.filesDone = filesBefore + p.filesDone
                    q.filesTotal = count
                    report(q)
                }
            }, fileDone: done.map { report in { @Sendable k, r in report(batchOwners[k], r) } })
            let results = engine.run(requests, events: events)
            for (k, r) in results.enumerated() { take(owners[k], r) }
            base += requests.reduce(0) { $0 + $1.file.size }
            start = end
        }
    }
}
