// Progress counts bytes of input once: a byte read by the digest lane and by a statistics item is one byte,
// so the total shown is the input's size and the last report says all of it is done.
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
}
