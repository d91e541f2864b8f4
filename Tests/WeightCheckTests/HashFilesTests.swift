// Whole-file hashing: files written from the fixture buffers hash to the reference tools' digests,
// in parallel, in any chunk size; missing files and folders are failures, not traps.
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
        let results = hashFiles(paths + [missing, dir.path], algorithm: algorithm)
        #expect(results.count == paths.count + 2)
        for (result, row) in zip(results, rows) {
            #expect((try? result.get())?.hexString == row.hex[algorithm], "length \(row.length)")
        }
        guard case .failure(let notFound) = results[paths.count] else {
            Issue.record("a missing file hashed")
            return
        }
        #expect(notFound.path == missing)
        #expect(notFound.code == ENOENT)
        guard case .failure(let folder) = results[paths.count + 1] else {
            Issue.record("a folder hashed")
            return
        }
        #expect(folder.code == EISDIR)
        #expect(hashFiles([], algorithm: algorithm).isEmpty)
    }

    @Test func smallChunksAndOneWorkerGiveTheSameDigests() throws {
        let (dir, paths, rows) = try writeFiles()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (path, row) in zip(paths, rows) {
            #expect(try hashFile(path, algorithm: .sha256, chunkSize: 4096).hexString == row.hex[.sha256])
            #expect(try hashFile(path, algorithm: .xxh3, chunkSize: 12_345).hexString == row.hex[.xxh3])
        }
        let serial = hashFiles(paths, algorithm: .xxh128, maxConcurrency: 1).map { try? $0.get() }
        let parallel = hashFiles(paths, algorithm: .xxh128).map { try? $0.get() }
        #expect(serial == parallel)
    }
}
