// PyTorch checkpoints against torch's own view of each fixture (testdata/pytorch/expected.json, written by
// testdata/make_pytorch_fixtures.py): tensor tables as torch.load(weights_only=True) builds them, zip entries
// and CRCs as zipfile/zlib read them, statistics as torch computes them.
import Foundation
import Testing
@testable import WeightCheck

enum PyTorchFixtures {
    // nonisolated(unsafe): written once by the lazy initializer, only read afterwards.
    nonisolated(unsafe) static let expected: [String: [String: Any]] = {
        let doc = try! TestData.json("pytorch/expected.json") as! [String: Any]
        return doc["files"] as! [String: [String: Any]]
    }()

    static func open(_ name: String) throws -> PyTorchFile {
        guard case .pytorch(let p) = try WeightFile(path: TestData.path("pytorch/" + name)) else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return p
    }

    static let withTables = expected.filter { $0.value["tensors"] is [Any] }.keys.sorted()
}

@Suite struct PyTorchFixtureTests {
    @Test(arguments: PyTorchFixtures.withTables)
    func tableEqualsTorch(_ name: String) throws {
        let p = try PyTorchFixtures.open(name)
        let rows = PyTorchFixtures.expected[name]!["tensors"] as! [[String: Any]]
        #expect(p.tensors.map(\.name) == rows.map { $0["name"] as! String })
        for (t, row) in zip(p.tensors, rows) {
            let dtype = row["dtype"] as! String
            #expect(t.type == PickleAllowList.dtypes[dtype], "\(name) \(t.name): \(t.typeName) vs \(dtype)")
            #expect(t.shape == (row["shape"] as! [Int]).map(UInt64.init), "\(t.name) shape")
            #expect(t.strides == (row["stride"] as! [Int]).map(Int64.init), "\(t.name) strides")
            #expect(t.storageOffset == Int64(row["storage_offset"] as! Int), "\(t.name) offset")
            #expect(t.isContiguous == (row["contiguous"] as! Bool), "\(t.name) contiguity")
            #expect((t.byteRange != nil) == t.isContiguous, "\(t.name): contiguous tensors, and only they, have bytes")
        }
        #expect(!p.findings.contains { $0.severity == .error }, "\(p.findings)")
        #expect(!p.runsCode)
    }

    @Test(arguments: PyTorchFixtures.withTables)
    func statisticsEqualTorch(_ name: String) throws {
        let w = try WeightFile(path: TestData.path("pytorch/" + name))
        let rows = PyTorchFixtures.expected[name]!["tensors"] as! [[String: Any]]
        let byName = Dictionary(uniqueKeysWithValues: rows.map { ($0["name"] as! String, $0) })
        let result = ScanEngine(threads: 2).run([ScanRequest(w, statistics: true)])[0]
        var checked = 0
        for t in result.tensors {
            guard let row = byName[t.tensor.name], let min = row["min"] as? Double, let s = t.statistics,
                  let lo = s.minimum, let hi = s.maximum, let mean = s.mean else { continue }
            let max = row["max"] as! Double, torchMean = row["mean"] as! Double
            #expect(abs(lo - min) <= 1e-6 * Swift.max(1, abs(min)), "\(name) \(t.tensor.name) min")
            #expect(abs(hi - max) <= 1e-6 * Swift.max(1, abs(max)), "\(name) \(t.tensor.name) max")
            #expect(abs(mean - torchMean) <= 1e-5 * Swift.max(1, abs(torchMean)), "\(name) \(t.tensor.name) mean")
            checked += 1
        }
        #expect(checked > 0)
    }

    @Test(arguments: PyTorchFixtures.expected.filter { $0.value["zip_entries"] is [Any] }.keys.sorted())
    func zipEntriesAndCRCsEqualZlib(_ name: String) throws {
        let p = try PyTorchFixtures.open(name)
        let rows = PyTorchFixtures.expected[name]!["zip_entries"] as! [[String: Any]]
        let archive = try #require(p.archive)
        #expect(archive.entries.map(\.name) == rows.map { $0["name"] as! String })
        #expect(archive.findings.isEmpty)
        for (e, row) in zip(archive.entries, rows) {
            #expect(e.crc32 == UInt32(row["crc32"] as! Int))
            #expect(e.uncompressedSize == UInt64(row["size"] as! Int))
            #expect(crc32(p.file.bytes(in: e.dataRange)) == UInt32(row["zlib_crc32"] as! Int), "\(e.name)")
        }
    }

    @Test func legacyAndBarePicklesAreRecognized() throws {
        let legacy = try PyTorchFixtures.open("legacy.pt")
        #expect(legacy.kind == .legacy)
        #expect(legacy.table.tensors.map(\.name) == ["w", "b"])
        let plain = try PyTorchFixtures.open("plain.pkl")
        #expect(plain.kind == .pickle)
        #expect(plain.findings.isEmpty)
        let dtypes = try PyTorchFixtures.open("dtypes.pt")
        #expect(dtypes.kind == .zip && !dtypes.bigEndian)
        #expect(WeightFile.detectFormat(dtypes.file.bytes) == .pytorch)
    }
}
