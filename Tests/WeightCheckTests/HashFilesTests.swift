// Whole-file hashing through the engine `hash` uses (FileHashing over ScanEngine): files written from the
// fixture buffers hash to the reference tools' digests, in parallel, in any chunk size; a missing file is a
// failure, not a trap; a folder stands for the files below it.
import Foundation
import Testing
@testable import WeightCheck

@Suite struct HashFilesTests {
    /// Writes the large fixture prefixes, an empty file and a small one into a fresh temporary folder.
    private func writeFiles() throws -> (dir: URL, paths: [String], rows: [HashFixtures.Row]) {
        let fixtures = HashFixtures.shared
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("wc-hashfiles-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var paths = [String]()
        var rows = [HashFixtures.Row]()
        let large = fixtures.largeBuffer
        for row in fixtures.large {
            let url = dir.appendingPathComponent("large-\(row.length).bin")
            try Data(large[0..<row.length]).write(to: url)
            paths.append(url.path)
            rows.append(row)
        }
        let prefix = fixtures.prefixBuffer
        for row in fixtures.prefixSamples where [0, 1, 4096].contains(row.length) {
            let url = dir.appendingPathComponent("prefix-\(row.length).bin")
            try Data(prefix[0..<row.length]).write(to: url)
            paths.append(url.path)
            rows.append(row)
        }
        return (dir, paths, rows)
    }

    @Test(arguments: HashAlgorithm.allCases)
    func parallelFilesMatchReferenceTools(_ algorithm: HashAlgorithm) throws {
        let (dir, paths, rows) = try writeFiles()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("missing.bin").path
        let results = FileHashing.hash(paths + [missing], algorithm: algorithm)
        #expect(results.count == paths.count + 1)
        for (result, row) in zip(results, rows) {
            #expect(result.digest?.hexString == row.hex[algorithm], "length \(row.length)")
            #expect(result.size == row.length)
        }
        #expect(results[paths.count].digest == nil)
        #expect(results[paths.count].error?.contains("no such file") == true, "\(results[paths.count].error ?? "nil")")
        // The folder: every file below it, each hashed once, the same digests.
        let folder = FileHashing.hash([dir.path], algorithm: algorithm)
        #expect(folder.count == paths.count)
        let byName = Dictionary(uniqueKeysWithValues: folder.map { (($0.path as NSString).lastPathComponent, $0.digest?.hexString) })
        for (path, row) in zip(paths, rows) {
            #expect(byName[(path as NSString).lastPathComponent] == row.hex[algorithm])
        }
        #expect(FileHashing.hash([], algorithm: algorithm).isEmpty)
    }

    @Test func smallChunksAndOneWorkerGiveTheSameDigests() throws {
        let (dir, paths, rows) = try writeFiles()
        defer { try? FileManager.default.removeItem(at: dir) }
        for threads in [1, 3] {
            for chunk in [4096, 12_345] {
                var engine = ScanEngine(threads: threads)
                engine.laneChunkBytes = chunk
                for algorithm in [HashAlgorithm.sha256, .xxh3, .xxh128] {
                    let digests = FileHashing.hash(paths, algorithm: algorithm, engine: engine).map { $0.digest?.hexString }
                    #expect(digests == rows.map { $0.hex[algorithm] }, "\(threads) threads, \(chunk)-byte chunks, \(algorithm)")
                }
            }
        }
    }
}
