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

@Suite struct PyTorchShardSetTests {
    @Test func indexedShardSetIsCheckedAsOneModel() throws {
        let index = TestData.path("pytorch/sharded/pytorch_model.bin.index.json")
        let report = try SafetensorsShardIndex(path: index).check()
        #expect(report.kind == "pytorch-index")
        #expect(report.shards.count == 2 && report.shards.allSatisfy { $0.table != nil })
        #expect(report.tensors.count == 6)
        #expect(report.findings.filter { $0.severity == .error }.isEmpty, "\(report.findings)")
        let verify = Verifier.verify([TestData.path("pytorch/sharded")])
        #expect(verify.sets.count == 1)
    }

    @Test func missingShardIsNamed() throws {
        let dir = TemporaryDirectory()
        for name in ["pytorch_model.bin.index.json", "pytorch_model-00001-of-00002.bin"] {
            dir.write(name, [UInt8](try Data(contentsOf: URL(fileURLWithPath: TestData.path("pytorch/sharded/" + name)))))
        }
        let report = try SafetensorsShardIndex(path: dir.path + "/pytorch_model.bin.index.json").check()
        #expect(report.findings.contains { $0.code == "missing-shard" && $0.file.hasSuffix("pytorch_model-00002-of-00002.bin") })
    }
}

@Suite(.needsWeightcheck)
struct PyTorchCLITests {
    @Test func convertedSafetensorsEqualsTheCheckpointTensorByTensor() throws {
        let r = try CLIRunner.run(["compare", "--json", "testdata/pytorch/pytorch_model.bin", "testdata/pytorch/model.safetensors"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try r.json() as! [String: Any]
        let rows = doc["tensors"] as! [[String: Any]]
        #expect(rows.count == 6)
        for row in rows {
            #expect(row["ok"] as? Bool == true)
            #expect((row["max_abs"] as? NSNumber)?.doubleValue == 0, "\(row)")
        }
        #expect((doc["unmatched_reference"] as? [String])?.isEmpty == true)
    }

    @Test func inspectHashAndVerifyWork() throws {
        let inspect = try CLIRunner.run(["inspect", "--json", "testdata/pytorch/shared.pt"])
        #expect(inspect.status == 0, "\(inspect.stderr)")
        let top = try inspect.json() as! [String: Any]
        let doc = try #require((top["files"] as? [[String: Any]])?.first)
        #expect(doc["format"] as? String == "pytorch")
        #expect((doc["strided_tensors"] as? [Any])?.count == 2)  // transposed, every_other
        let hash = try CLIRunner.run(["hash", "--tensors", "testdata/pytorch/pytorch_model.bin", "testdata/pytorch/model.safetensors"])
        #expect(hash.status == 0)
        let lines = hash.stdout.split(separator: "\n").filter { $0.contains(":") }
        let digests = Dictionary(grouping: lines) { String($0.split(separator: ":").last!) }
        #expect(digests.count == 6)
        for (_, pair) in digests { #expect(pair.count == 2 && pair[0].prefix(64) == pair[1].prefix(64), "\(pair)") }
        let bad = try CLIRunner.run(["verify", "testdata/pytorch/malicious/os_system.pkl"])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("loading this file runs code: posix.system at byte 2"))
        let folder = try CLIRunner.run(["verify", "--json", "testdata/pytorch/malicious"])
        #expect(folder.status == 1 && !folder.crashed)
    }
}
