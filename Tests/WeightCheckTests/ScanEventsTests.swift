// The engine's events against its own results: every file is reported once, as soon as it is done, with the
// result the pass returns (so `--json-lines` needs no second pass); progress totals equal the input's bytes and
// files and the last report says all of them are done; `--io sequential` never runs two digest lanes at once.
import Foundation
import Testing
@testable import WeightCheck

@Suite struct ScanEventsTests {
    static func requests(_ dir: TemporaryDirectory) throws -> [ScanRequest] {
        var requests: [ScanRequest] = []
        for (k, rows) in [512, 64, 8, 256].enumerated() {
            let w = try WeightFile(path: dir.write("m\(k).gguf", ggufWithMatrix(rows: rows, cols: 1024, seed: UInt64(k))))
            requests.append(ScanRequest(w, fileDigests: [.sha256], tensorDigests: [.xxh128], statistics: true))
        }
        // A file without a digest lane (statistics only) and one with nothing to do at all.
        let w = try WeightFile(path: dir.write("s.gguf", ggufWithMatrix(rows: 32, cols: 64, seed: 7)))
        requests.append(ScanRequest(w, statistics: true))
        requests.append(ScanRequest(file: try MappedFile(path: dir.write("empty.bin", []))))
        return requests
    }

    @Test(arguments: [1, 2, 3], [ReadPolicy.parallel, .sequential])
    func eachFileOnceWithThePassResult(threads: Int, policy: ReadPolicy) throws {
        let dir = TemporaryDirectory()
        let requests = try Self.requests(dir)
        var engine = ScanEngine(threads: threads)
        engine.itemBytes = 64 << 10
        engine.laneChunkBytes = 128 << 10
        engine.readPolicy = policy
        let done = Locked<[Int: ScanResult]>([:])
        let twice = Locked(0)
        let seen = Locked<[ScanProgress]>([])
        let results = engine.run(requests, events: ScanEvents(
            progress: { p in seen.withLock { $0.append(p) } },
            fileDone: { i, r in done.withLock { if $0[i] != nil { twice.withLock { $0 += 1 } }; $0[i] = r } }))
        let events = done.withLock { $0 }
        #expect(twice.withLock { $0 } == 0)
        #expect(Set(events.keys) == Set(requests.indices))
        for (i, r) in results.enumerated() {
            let e = try #require(events[i])
            #expect(e.displayPath == r.displayPath && e.size == r.size)
            #expect(e.digests == r.digests)
            #expect(e.tensors.map(\.digests) == r.tensors.map(\.digests))
            #expect(e.tensors.map(\.statistics) == r.tensors.map(\.statistics))
        }
        let input = requests.reduce(0) { $0 + $1.file.size }
        let reports = seen.withLock { $0 }
        #expect(reports.allSatisfy { $0.bytesTotal == input && $0.bytesDone <= input })
        #expect(reports.allSatisfy { $0.filesTotal == requests.count && $0.filesDone <= requests.count })
        #expect(reports.map(\.bytesDone).max() == input)
        #expect(reports.map(\.filesDone).max() == requests.count)
        #expect(reports.contains { $0.current != nil && $0.reading > 0 })
    }

    @Test(arguments: [2, 3])
    func sequentialReadsOneFileAtATime(threads: Int) throws {
        let dir = TemporaryDirectory()
        let requests = try Self.requests(dir)
        let running = Locked((now: 0, most: 0, lanes: 0))
        var engine = ScanEngine(threads: threads)
        engine.itemBytes = 64 << 10
        engine.laneChunkBytes = 64 << 10
        engine.readPolicy = .sequential
        engine.laneWatch = { _, starts in
            running.withLock { r in
                r.now += starts ? 1 : -1
                r.most = max(r.most, r.now)
                if starts { r.lanes += 1 }
            }
        }
        let sequential = engine.run(requests)
        let r = running.withLock { $0 }
        #expect(r.most == 1 && r.now == 0)
        #expect(r.lanes == requests.filter { !$0.fileDigests.isEmpty }.count)
        engine.readPolicy = .parallel  // the same items: statistics merge in the same order, to the bit
        engine.laneWatch = nil
        let parallel = engine.run(requests)
        #expect(sequential.map(\.digests) == parallel.map(\.digests))
        #expect(sequential.map { $0.tensors.map(\.statistics) } == parallel.map { $0.tensors.map(\.statistics) })
    }
}
