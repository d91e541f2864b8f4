// verify, compare and shard sets on PyTorch checkpoints: every zip entry's CRC-32 is checked in the scan's
// pass (one flipped byte names its entry), a converted model.safetensors equals its pytorch_model.bin tensor
// by tensor, and the unsafe-import error reaches verify's report.
import Foundation
import Testing
@testable import WeightCheck

@Suite struct PyTorchVerifyTests {
    @Test func intactCheckpointPasses() {
        let report = Verifier.verify([TestData.path("pytorch/dtypes.pt")])
        #expect(report.files.count == 1)
        #expect(report.files[0].problems.filter { $0.severity == .error }.isEmpty, "\(report.files[0].problems)")
        #expect(report.files[0].format == .pytorch)
    }

    @Test func aFlippedStorageByteNamesItsEntry() throws {
        let p = try PyTorchFixtures.open("dtypes.pt")
        let entry = try #require(p.archive?.entries.first { $0.name.hasSuffix("data/0") })
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: TestData.path("pytorch/dtypes.pt"))))
        bytes[entry.dataRange.lowerBound + 5] ^= 0x10
        let dir = TemporaryDirectory()
        let path = dir.write("damaged.pt", bytes)
        let report = Verifier.verify([path])
        let crc = report.files[0].problems.filter { $0.code == "crc-mismatch" }
        #expect(crc.count == 1)
        #expect(crc.first?.message.contains(entry.name) == true)
        #expect(crc.first?.offset == entry.dataRange.lowerBound)
        // --quick reads no data: no CRC verdict.
        #expect(Verifier.verify([path], options: VerifyOptions(quick: true)).files[0].problems.allSatisfy { $0.code != "crc-mismatch" })
    }

    @Test func parallelChecksumPiecesJoinToTheEntryCRC() throws {
        let w = try WeightFile(path: TestData.path("pytorch/nested.pt"))
        var request = ScanRequest(w, entryChecksums: true)
        #expect(!request.checksums.isEmpty)
        request.checksums.append(ChecksumRange(name: "whole", range: 0..<w.file.size, expected: crc32(w.file.bytes)))
        let plan = ScanPlan(request, itemBytes: 64)  // many small pieces per entry
        #expect(plan.items.count > request.checksums.count)
        var engine = ScanEngine(threads: 3)
        engine.itemBytes = 64
        let result = engine.run([request])[0]
        #expect(result.checksums == request.checksums.map(\.expected))
    }

    @Test func maliciousCheckpointFailsVerify() {
        let report = Verifier.verify([TestData.path("pytorch/malicious/payload.pt")])
        let f = report.files[0].problems.first { $0.code == "unsafe-import" }
        #expect(f?.severity == .error)
        #expect(f?.message == "loading this file runs code: posix.system at byte \(f?.offset ?? -1)")
    }
}
