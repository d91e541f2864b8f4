// A file cut short by another program while the library reads it: the library's own SIGBUS guard and the
// digest lane's short reads give a finding naming the file and the offset, never a crash of the test process.
import Foundation
import Testing
@testable import WeightCheck

@Suite struct TruncatedWhileReadTests {
    /// Cuts the file at `path` to `length` bytes in place (same inode, as `truncate(1)` does).
    static func cut(_ path: String, to length: Int) {
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        try? handle.truncate(atOffset: UInt64(length))
        try? handle.close()
    }

    /// `count` bytes of a seeded pattern with no zero page in it.
    static func pattern(_ count: Int) -> [UInt8] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 33) | 1
        }
    }

    @Test(arguments: [(FileFeed.Mode.read, false), (.read, true), (.mapped, false)])
    func aDigestLaneOverACutFileRecordsWhereTheBytesEnded(mode: FileFeed.Mode, readAhead: Bool) throws {
        let dir = TemporaryDirectory()
        let path = dir.write("cut.bin", Self.pattern(3 << 20))
        let file = try MappedFile(path: path)
        let cutAt = (1 << 20) + 100  // inside a page: the mapping's fault comes at the next page, the size says where
        Self.cut(path, to: cutAt)
        var engine = ScanEngine(threads: 2)
        engine.feedMode = mode
        engine.readAhead = readAhead  // the reader thread finds the end early, the lane records it
        let result = engine.run([ScanRequest(file: file, fileDigests: [.sha256, .xxh3])])[0]
        #expect(result.firstMissingByte == cutAt)
        #expect(result.missingBytesReason?.contains("offset \(cutAt)") == true)
    }

    @Test func statisticsItemsOverACutFileReadZerosAndRecordTheFault() throws {
        let dir = TemporaryDirectory()
        let path = dir.write("m.gguf", ggufWithMatrix(rows: 1024, cols: 1024))  // 4 MiB of F32
        let weights = try WeightFile(path: path)
        let cutAt = 1 << 20
        Self.cut(path, to: cutAt)
        let result = ScanEngine(threads: 2).run([ScanRequest(weights, statistics: true)])[0]
        #expect(result.firstMissingByte == cutAt)
    }

    @Test func theFaultGuardTurnsAReadPastTheNewEndIntoZeros() throws {
        let dir = TemporaryDirectory()
        let page = MappedFile.pageSize
        let path = dir.write("z.bin", [UInt8](repeating: 7, count: 8 * page))
        let file = try MappedFile(path: path)
        Self.cut(path, to: 2 * page)
        let sum = file.withBytes { bytes in bytes.reduce(0) { $0 + Int($1) } }  // faults on page 2 and is let go on
        #expect(sum == 2 * page * 7)
        #expect(file.firstMissingByte == 2 * page)
    }

    @Test func verifyReportsACutWhileScanningAsUnreadableAtTheOffset() throws {
        let dir = TemporaryDirectory()
        let path = dir.write("model.gguf", ggufWithMatrix(rows: 2048, cols: 2048))  // 16 MiB: several lane steps
        let cutAt = 2 << 20
        let once = Locked(false)
        // Cut at the first progress report: the lane and the items have read some of the file and not the rest.
        let report = Verifier.verify([path]) { _, _ in
            if once.withLock({ let first = !$0; $0 = true; return first }) { Self.cut(path, to: cutAt) }
        }
        let problems = report.files.flatMap(\.problems)
        let finding = try #require(problems.first { $0.code == .unreadable }, "\(problems)")
        #expect(finding.offset == cutAt)
        #expect(finding.file.hasSuffix("model.gguf"))
        #expect(!report.ok)
    }

    @Test func hashReportsACutWhileHashingAsAnErrorNotADigest() throws {
        let dir = TemporaryDirectory()
        let path = dir.write("blob.bin", Self.pattern(12 << 20))
        let once = Locked(false)
        let hashed = FileHashing.hash([path], algorithm: .xxh3) { _, _ in
            if once.withLock({ let first = !$0; $0 = true; return first }) { Self.cut(path, to: 5 << 20) }
        }
        #expect(hashed.count == 1)
        #expect(hashed.first?.digest == nil)
        #expect(hashed.first?.error?.contains("offset \(5 << 20)") == true)
    }
}
