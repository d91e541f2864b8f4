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

    /// Paths are printed as sha256sum prints them: the input as given (an absolute path stays absolute, so the list
    /// checks from any folder; `./x` keeps its `./`), a folder's files under the folder as given; an input with
    /// `..` (which discovery resolves lexically, the system through links) as the path discovery read.
    @Test func pathsArePrintedAsGiven() throws {
        let (dir, paths, _) = try writeFiles()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = paths[0], name = (file as NSString).lastPathComponent
        #expect(FileHashing.hash([file], algorithm: .xxh64).map(\.path) == [file])
        #expect(FileHashing.hash([dir.path + "/"], algorithm: .xxh64).map(\.path).contains(dir.path + "/" + name))
        // A file inside the current folder given by its absolute path stays absolute (a hidden folder made here).
        let here = Paths.absolute(".wc-hash-printed-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(atPath: here, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: here) }
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: here + "/m.bin"))
        #expect(FileHashing.hash([here + "/m.bin", here], algorithm: .xxh64).map(\.path) == [here + "/m.bin"])
        #expect(FileHashing.hash([here], algorithm: .xxh64).map(\.path) == [here + "/m.bin"])
        let inside = Paths.absolute("models/m.gguf")
        #expect(FileHashing.printed(inside, input: inside) == inside)
        #expect(FileHashing.printed(inside, input: Paths.absolute("models")) == inside)
        #expect(FileHashing.printed(Paths.absolute("sub/x.bin"), input: "./sub") == "./sub/x.bin")
        #expect(FileHashing.printed(Paths.absolute("x.bin"), input: "sub/../x.bin") == "x.bin")
        #expect(FileHashing.printed(Paths.absolute("set/b.gguf"), input: "set/a.gguf") == "set/b.gguf")  // a set member
    }
}
