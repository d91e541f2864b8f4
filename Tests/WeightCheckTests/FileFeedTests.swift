// The digest lane's feeds held equal: `pread` into a reused buffer (the default), the same copied by a reader thread
// a few pieces ahead (`ReadAhead`), and views of the mapping with read-ahead advice, for whole-file digests,
// per-tensor digests and zero-page runs, at every chunking.
import Foundation
import Testing
@testable import WeightCheck

@Suite struct FileFeedTests {
    /// Whether `piece` holds `bytes[offset...]` (memcmp: fast in debug builds too).
    static func equal(_ piece: UnsafeRawBufferPointer, _ bytes: [UInt8], at offset: Int) -> Bool {
        offset + piece.count <= bytes.count
            && bytes.withUnsafeBytes { memcmp($0.baseAddress! + offset, piece.baseAddress!, piece.count) == 0 }
    }

    @Test(arguments: [0, 1, 4095, 4096, FileFeed.bufferBytes - 1, FileFeed.bufferBytes, FileFeed.bufferBytes + 1, (3 << 20) + 17])
    func piecesCoverTheRangeInOrderWithTheMappingsBytes(count: Int) throws {
        let dir = TemporaryDirectory()
        let bytes = TruncatedWhileReadTests.pattern(count + 5000)
        let file = try MappedFile(path: dir.write("f.bin", bytes))
        #expect(FileFeed.preferredMode == .read)
        for range in [0..<count, 5000..<(count + 5000), 333..<(333 + count)] {
            let feed = FileFeed(file, mode: .read)
            #expect(feed.mode == .read)
            var next = range.lowerBound
            var same = true
            feed.read(range) { piece, offset in
                same = same && offset == next && piece.count <= FileFeed.bufferBytes
                    && piece.elementsEqual(bytes[offset..<(offset + piece.count)])
                next = offset + piece.count
            }
            #expect(same && next == range.upperBound, "range \(range)")
        }
    }

    @Test func aReaderThreadHandsTheFileOnInOrderAtEveryChunking() throws {
        let dir = TemporaryDirectory()
        let piece = ReadAhead.pieceBytes
        for count in [piece, piece + 1, ReadAhead.slotCount * piece + 3 * piece + 17] {
            let bytes = TruncatedWhileReadTests.pattern(count)
            let file = try MappedFile(path: dir.write("f\(count).bin", bytes))
            for step in [4096, piece, 3 * piece + 5, count] {
                let feed = FileFeed(file, mode: .read, readAhead: true)
                var next = 0
                var same = true
                while next < count {
                    let range = next..<min(count, next + step)
                    var at = range.lowerBound
                    feed.read(range) { p, offset in
                        same = same && offset == at && p.count <= piece && Self.equal(p, bytes, at: offset)
                        at = offset + p.count
                    }
                    same = same && at == range.upperBound
                    next = range.upperBound
                }
                #expect(same, "\(count) bytes, ranges of \(step)")
            }
        }
    }

    @Test func aFeedWithAReaderThreadReadsOutOfOrderRangesAndStopsHalfWay() throws {
        let dir = TemporaryDirectory()
        let count = 2 * ReadAhead.slotCount * ReadAhead.pieceBytes
        let bytes = TruncatedWhileReadTests.pattern(count)
        let file = try MappedFile(path: dir.write("f.bin", bytes))
        for _ in 0..<20 {
            // A range that does not start where the reader is is read directly; then the feed is dropped with its
            // reader waiting for a slot (the ring full): it must stop it, not hang or free buffers under it.
            let feed = FileFeed(file, mode: .read, readAhead: true)
            var same = true
            for range in [5000..<9000, 0..<(ReadAhead.pieceBytes + 3), 7..<70] {
                var at = range.lowerBound
                feed.read(range) { p, offset in
                    same = same && offset == at && Self.equal(p, bytes, at: offset)
                    at = offset + p.count
                }
                same = same && at == range.upperBound
            }
            #expect(same)
        }
    }

    @Test func theLaneCopiesAheadForADigestAloneOrASHA256BesideLightStatistics() throws {
        let dir = TemporaryDirectory()
        let f32 = try WeightFile(path: dir.write("m.gguf", ggufWithMatrix(rows: 1024, cols: 1024)))
        let iq1 = try WeightFile(path: TestData.path("llamacpp/IQ1_S.gguf"))  // IQ1_S matrices, F32 norms
        func copiesAhead(_ w: WeightFile, _ digests: [HashAlgorithm], _ statistics: Bool) -> Bool {
            ScanEngine.copiesAhead(ScanPlan(ScanRequest(w, fileDigests: digests, statistics: statistics), itemBytes: 1 << 20))
        }
        #expect(copiesAhead(f32, [.sha256], true))
        #expect(!copiesAhead(f32, [.xxh3], true))  // the lane is fast: the statistics need the other core
        #expect(!copiesAhead(iq1, [.sha256], true))
        #expect(copiesAhead(iq1, [.sha256], false))
        // With the reader or without, the same statistics and digest.
        var results: [ScanResult] = []
        for readAhead in [false, true] {
            var engine = ScanEngine(threads: 2)
            engine.readAhead = readAhead
            engine.laneChunkBytes = 3 << 19
            results += engine.run([ScanRequest(f32, fileDigests: [.sha256], statistics: true)])
        }
        #expect(results[0].digests == results[1].digests)
        #expect(results[0].digests[.sha256]?.hexString == [UInt8].contents(of: f32.file.path).sha256Hex)
        #expect(results[0].tensors.map { $0.statistics?.mean } == results[1].tensors.map { $0.statistics?.mean })
        #expect(results[0].tensors.map { $0.statistics?.std } == results[1].tensors.map { $0.statistics?.std })
    }

    @Test func aFileReplacedAtItsPathIsReadThroughItsMapping() throws {
        let dir = TemporaryDirectory()
        let path = dir.write("f.bin", [UInt8](repeating: 1, count: 10_000))
        let file = try MappedFile(path: path)
        try FileManager.default.removeItem(atPath: path)
        dir.write("f.bin", [UInt8](repeating: 2, count: 10_000))  // another inode at the same path
        let feed = FileFeed(file, mode: .read)
        #expect(feed.mode == .mapped)
        var sum = 0
        feed.read(0..<10_000) { piece, _ in sum += piece.reduce(0) { $0 + Int($1) } }
        #expect(sum == 10_000)
    }

    @Test func readAndMappedFeedsGiveTheSameDigestsAndZeroRuns() throws {
        let dir = TemporaryDirectory()
        var raw = TruncatedWhileReadTests.pattern(6 << 20)
        for i in (1 << 20)..<((1 << 20) + (2 << 20) + 4096) { raw[i] = 0 }  // a hole of whole pages
        let rawFile = try MappedFile(path: dir.write("hole.bin", raw))
        let weights = try WeightFile(path: dir.write("m.gguf", ggufWithMatrix(rows: 1536, cols: 1024)))
        var rawRequest = ScanRequest(file: rawFile, fileDigests: [.sha256, .xxh128])
        rawRequest.zeroRuns = true
        let requests = [rawRequest, ScanRequest(weights, fileDigests: [.xxh3], tensorDigests: [.sha256, .xxh3])]
        var reference: [ScanResult]? = nil
        for (mode, readAhead) in [(FileFeed.Mode.mapped, false), (.read, false), (.read, true)] {
            for chunk in [4096, 1 << 20, 4 << 20] {
                var engine = ScanEngine(threads: 3)  // two lanes at once and a core left: the readers run
                engine.laneChunkBytes = chunk
                engine.feedMode = mode
                engine.readAhead = readAhead
                let results = engine.run(requests)
                guard let ref = reference else { reference = results; continue }
                for (r, e) in zip(results, ref) {
                    #expect(r.digests == e.digests, "\(mode) read-ahead \(readAhead) chunk \(chunk)")
                    #expect(r.zeroPageRuns == e.zeroPageRuns)
                    #expect(r.tensors.map(\.digests) == e.tensors.map(\.digests))
                    #expect(r.firstMissingByte == nil)
                }
            }
        }
        #expect(reference?[0].digests[.sha256]?.hexString == raw.sha256Hex)
        #expect(reference?[0].zeroPageRuns == [(1 << 20)..<((3 << 20) + 4096)])
    }
}
