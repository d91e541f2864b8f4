// Progress counts bytes of input once: a byte read by the digest lane and by a statistics item is one byte,
// so the total shown is the input's size and the last report says all of it is done. Reports arrive in the order
// the run made them, so the last one delivered is the run's end (the workers report at once, outside the lock).
import Foundation
import Testing
@testable import WeightCheck

@Suite struct ScanProgressTests {
    @Test(arguments: [1, 2, 3])
    func totalsEqualInputBytes(threads: Int) throws {
        let dir = TemporaryDirectory()
        let a = dir.write("a.gguf", ggufWithMatrix(rows: 512, cols: 1024))
        let b = dir.write("b.gguf", ggufWithMatrix(rows: 64, cols: 64, seed: 9))
        let files = try [a, b].map { try WeightFile(path: $0) }
        let input = files.reduce(0) { $0 + $1.file.size }
        let seen = Locked<[(Int, Int)]>([])
        let requests = files.map { ScanRequest($0, fileDigests: [.sha256], statistics: true) }
        _ = ScanEngine(threads: threads).run(requests) { done, total in seen.withLock { $0.append((done, total)) } }
        let reports = seen.withLock { $0 }
        #expect(!reports.isEmpty)
        #expect(reports.allSatisfy { $0.1 == input && $0.0 <= input })
        #expect(reports.map(\.0).max() == input)
    }

    @Test func reportsNeverGoBackAndTheLastIsTheEnd() throws {
        let dir = TemporaryDirectory()
        let paths = (0..<12).map { dir.write("f\($0).gguf", ggufWithMatrix(rows: 64, cols: 256, seed: UInt64($0))) }
        let requests = try paths.map { ScanRequest(try WeightFile(path: $0), fileDigests: [.xxh3], statistics: true) }
        for _ in 0..<5 {
            let seen = Locked<[ScanProgress]>([])
            // A slow display (up to a millisecond a frame) widens the gap in which a later report could overtake.
            let slow: @Sendable (ScanProgress) -> Void = { p in
                usleep(UInt32.random(in: 0..<1000))
                seen.withLock { $0.append(p) }
            }
            _ = ScanEngine(threads: 4).run(requests, events: ScanEvents(progress: slow))
            let reports = seen.withLock { $0 }
            #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.bytesDone <= $1.bytesDone && $0.filesDone <= $1.filesDone })
            #expect(reports.last.map { $0.bytesDone == $0.bytesTotal && $0.filesDone == $0.filesTotal } == true)
        }
    }
}
