// Tests of sharded safetensors sets: the fixture set (testdata/safetensors/sharded/) against the reference
// view, then copies of it broken one way at a time, each with its exact findings.
import Foundation
import Testing
@testable import WeightCheck

@Suite struct SafetensorsShardIndexTests {
    static let indexName = "model.safetensors.index.json"
    static let shard1 = "model-00001-of-00002.safetensors"
    static let shard2 = "model-00002-of-00002.safetensors"

    /// A copy of the fixture set in a fresh folder, after `edit` changes the index JSON.
    static func copy(editIndex edit: (inout JSONObject) -> Void = { _ in }) throws -> URL {
        let folder = try STTestData.temporaryFolder()
        for name in [indexName, shard1, shard2, "config.json"] {
            try FileManager.default.copyItem(at: STTestData.root.appendingPathComponent("safetensors/sharded/\(name)"),
                                             to: folder.appendingPathComponent(name))
        }
        let indexURL = folder.appendingPathComponent(indexName)
        var index = try #require(try JSONParser().parse(Array(try Data(contentsOf: indexURL))).objectValue)
        edit(&index)
        try Data(JSONWriter(style: .pretty).bytes(.object(index))).write(to: indexURL)
        return folder
    }

    static func check(_ folder: URL) throws -> ShardSetReport {
        try SafetensorsShardIndex(path: folder.appendingPathComponent(indexName).path).check()
    }

    /// The findings as `code file-name tensor: message` lines, for exact comparison.
    static func lines(_ report: ShardSetReport) -> [String] {
        report.findings.map { f in
            let file = Paths.name(f.file)
            return "\(f.code.rawValue) \(file)\(f.tensor.map { " " + $0 } ?? ""): \(f.message)"
        }
    }

    @Test func fixtureSetIsComplete() throws {
        let expected = try STTestData.json("safetensors/expected/sharded.json")
        let index = try SafetensorsShardIndex(path: STTestData.path("safetensors/sharded/\(Self.indexName)"))
        #expect(index.totalSize == expected["total_size"]?.uint64Value)
        let weightMap = try #require(expected["index"]?["weight_map"]?.objectValue)
        #expect(index.weightMap.map(\.tensor) == weightMap.keys)
        #expect(index.weightMap.map { JSONValue.string($0.file) } == weightMap.values)
        #expect(index.shardNames == [Self.shard1, Self.shard2])

        let report = index.check()
        #expect(report.findings.isEmpty, "\(Self.lines(report))")
        #expect(report.isComplete)
        #expect(report.shards.map(\.name) == [Self.shard1, Self.shard2])
        #expect(report.tensorBytes == expected["total_size"]?.uint64Value)
        #expect(report.tensors.count == weightMap.count)
        // Each shard matches the reference reader's view of it.
        for (i, shard) in report.shards.enumerated() {
            let file = try SafetensorsFile(path: shard.path)
            try SafetensorsFixtureTests.compare(file, with: try #require(expected["shards"]?[shard.name]))
            #expect(report.tensors.filter { $0.shard == i }.map(\.info) == file.tensors)
            #expect(shard.table?.tensors == file.tensors)
            #expect(shard.file != nil)
        }
        #expect(report.parameterCount == 8 * 4 + 16 + 4 + 16 + 4 + 8 * 4)
    }

    @Test func missingShard() throws {
        let folder = try Self.copy()
        try FileManager.default.removeItem(at: folder.appendingPathComponent(Self.shard2))
        let report = try Self.check(folder)
        #expect(Self.lines(report) == [
            "missing-shard \(Self.shard2): missing shard, listed in model.safetensors.index.json for 3 tensors",
        ])
        #expect(!report.isComplete)
        #expect(report.tensors.count == 3)
        #expect(report.shards[1].table == nil)
    }

    @Test func brokenShard() throws {
        let folder = try Self.copy()
        let url = folder.appendingPathComponent(Self.shard1)
        let bytes = try Data(contentsOf: url)
        try bytes.prefix(bytes.count - 1).write(to: url)
        let report = try Self.check(folder)
        #expect(report.findings.count == 1)
        #expect(report.findings.first?.code == "truncated")
        #expect(report.findings.first?.file == url.path)
        #expect(report.findings.first?.tensor == "model.layers.0.self_attn.q_proj.weight")
        #expect(report.tensors.count == 3)  // shard 2 only; no total_size check with a shard unread
    }

    @Test func tensorListedButAbsent() throws {
        let folder = try Self.copy { index in
            var map = index["weight_map"]!.objectValue!
            map["model.layers.0.mlp.up_proj.weight"] = .string(Self.shard1)
            index["weight_map"] = .object(map)
        }
        let report = try Self.check(folder)
        let lines = Self.lines(report)
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("tensor-missing \(Self.shard1) model.layers.0.mlp.up_proj.weight: tensor "
            + "'model.layers.0.mlp.up_proj.weight' is listed for this shard in model.safetensors.index.json (byte ") == true)
        #expect(lines.first?.hasSuffix(") but is not in it") == true)
    }

    @Test func tensorPresentButUnlisted() throws {
        let folder = try Self.copy { index in
            var map = index["weight_map"]!.objectValue!
            map["lm_head.weight"] = nil
            index["weight_map"] = .object(map)
        }
        #expect(Self.lines(try Self.check(folder)) == [
            "tensor-unlisted \(Self.shard2) lm_head.weight: tensor 'lm_head.weight' is in this shard but not in "
                + "model.safetensors.index.json",
        ])
    }

    @Test func tensorInTheWrongShard() throws {
        let folder = try Self.copy { index in
            var map = index["weight_map"]!.objectValue!
            map["model.norm.weight"] = .string(Self.shard1)
            index["weight_map"] = .object(map)
        }
        #expect(Self.lines(try Self.check(folder)) == [
            "tensor-misplaced \(Self.shard2) model.norm.weight: tensor 'model.norm.weight' is in this shard, but "
                + "model.safetensors.index.json lists it in '\(Self.shard1)'",
        ])
    }

    @Test func duplicateAcrossShards() throws {
        // A third shard, a copy of the first, listed for one of its tensors: every tensor is now in two shards.
        let folder = try Self.copy { index in
            var map = index["weight_map"]!.objectValue!
            map["model.embed_tokens.weight"] = "extra.safetensors"
            index["weight_map"] = .object(map)
        }
        try FileManager.default.copyItem(at: folder.appendingPathComponent(Self.shard1),
                                         to: folder.appendingPathComponent("extra.safetensors"))
        let report = try Self.check(folder)
        #expect(Set(Self.lines(report)) == [
            "duplicate-tensor \(Self.shard1) model.embed_tokens.weight: tensor 'model.embed_tokens.weight' is also in "
                + "'extra.safetensors'",
            "duplicate-tensor extra.safetensors model.layers.0.self_attn.q_proj.weight: tensor "
                + "'model.layers.0.self_attn.q_proj.weight' is also in '\(Self.shard1)'",
            "duplicate-tensor extra.safetensors model.layers.0.input_layernorm.weight: tensor "
                + "'model.layers.0.input_layernorm.weight' is also in '\(Self.shard1)'",
        ])
        #expect(report.findings.count == 3)
        #expect(report.tensors.count == 9)
        let expected = try STTestData.json("safetensors/expected/sharded.json")
        #expect(report.tensorBytes == expected["total_size"]?.uint64Value)  // duplicates counted once
    }

    @Test func totalSizeMismatch() throws {
        let folder = try Self.copy { index in
            index["metadata"] = ["total_size": 1000]
        }
        let report = try Self.check(folder)
        let total = try #require(try STTestData.json("safetensors/expected/sharded.json")["total_size"]?.uint64Value)
        #expect(Self.lines(report) == [
            "total-size-mismatch \(Self.indexName): total_size is 1000 bytes, but the shards hold \(total) bytes of tensors",
        ])
        #expect(report.findings.first?.offset == 22)  // `"total_size"` in the pretty-printed index
    }

    @Test func floatTotalSizeAndNoTotalSize() throws {
        let total = try #require(try STTestData.json("safetensors/expected/sharded.json")["total_size"]?.uint64Value)
        let asFloat = try Self.copy { index in index["metadata"] = ["total_size": .number(Double(total))] }
        #expect(try Self.check(asFloat).findings.isEmpty)
        let without = try Self.copy { index in index["metadata"] = nil }
        let report = try Self.check(without)
        #expect(Self.lines(report) == ["no-total-size \(Self.indexName): index has no metadata.total_size"])
        #expect(report.isComplete)
    }

    @Test func shardNameOutsideTheFolder() throws {
        let folder = try Self.copy { index in
            var map = index["weight_map"]!.objectValue!
            map["lm_head.weight"] = "../elsewhere.safetensors"
            index["weight_map"] = .object(map)
        }
        let lines = Self.lines(try Self.check(folder))
        #expect(lines.contains("invalid-shard-name \(Self.indexName): weight_map names shard "
            + "'../elsewhere.safetensors' outside the index's folder"))
        #expect(lines.contains("tensor-misplaced \(Self.shard2) lm_head.weight: tensor 'lm_head.weight' is in this "
            + "shard, but model.safetensors.index.json lists it in '../elsewhere.safetensors'"))
        #expect(SafetensorsShardIndex.isSafeShardName("sub/model.safetensors"))
        for bad in ["", "/abs.safetensors", "a/../b", "..", "a//b", "x\u{0}y"] {
            #expect(!SafetensorsShardIndex.isSafeShardName(bad), "\(bad)")
        }
    }

    /// Malformed index files and the exact error each gets.
    static let malformedIndexes: [(String, String)] = [
        ("", "invalid JSON index at byte 0: expected a value, found end of input"),
        ("[]", "invalid index at byte 0: index is a JSON array, not an object"),
        (#"{"metadata":{}}"#, "invalid index at byte 0: missing 'weight_map'"),
        (#"{"weight_map":[]}"#, "invalid index at byte 1: 'weight_map' is a JSON array, not an object"),
        (#"{"weight_map":{"a":"x","b":7}}"#, "invalid index at byte 23: 'weight_map' value of 'b' is a JSON integer, not a string"),
        (#"{"weight_map":{"a":"x","a":"y"}}"#, "invalid JSON index at byte 23: duplicate key 'a'"),
        (#"{"weight_map":{},"metadata":5}"#, "invalid index at byte 17: 'metadata' is a JSON integer, not an object"),
        (#"{"weight_map":{},"metadata":{"total_size":-1}}"#,
         "invalid index at byte 29: 'total_size' is -1, not a non-negative integer"),
        (#"{"weight_map":{},"metadata":{"total_size":"12"}}"#,
         "invalid index at byte 29: 'total_size' is \"12\", not a non-negative integer"),
        (#"{"weight_map":{},"metadata":{"total_size":1.5}}"#,
         "invalid index at byte 29: 'total_size' is 1.5, not a non-negative integer"),
    ]

    @Test(arguments: malformedIndexes)
    func rejectsMalformedIndex(_ text: String, _ message: String) {
        let bytes = Array(text.utf8)
        do {
            let result = bytes.withUnsafeBytes { raw -> Result<SafetensorsShardIndex, ShardIndexError> in
                do throws(ShardIndexError) {
                    return .success(try SafetensorsShardIndex(parsing: raw, path: "m/\(Self.indexName)"))
                } catch { return .failure(error) }
            }
            _ = try result.get()
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.message == message)
            #expect(error.description == "m/\(Self.indexName): \(message)")
            #expect(error.finding.severity == .error)
        }
    }

    @Test func unreadableIndex() {
        do {
            _ = try SafetensorsShardIndex(path: "/nonexistent/\(Self.indexName)")
            Issue.record("accepted a missing index")
        } catch {
            #expect(error.code == "unreadable")
            #expect(error.description == "/nonexistent/\(Self.indexName): cannot open: no such file or folder")
        }
    }

    @Test func shardPaths() throws {
        let text = Array(#"{"weight_map":{"b":"s2.safetensors","a":"s1.safetensors"}}"#.utf8)
        func index(_ path: String) throws -> SafetensorsShardIndex {
            let result = text.withUnsafeBytes { raw -> Result<SafetensorsShardIndex, ShardIndexError> in
                do throws(ShardIndexError) {
                    return .success(try SafetensorsShardIndex(parsing: raw, path: path))
                } catch { return .failure(error) }
            }
            return try result.get()
        }
        #expect(try index("x.json").path(ofShard: "s1.safetensors") == "s1.safetensors")
        #expect(try index("./x.json").path(ofShard: "s1.safetensors") == "./s1.safetensors")
        #expect(try index("/x.json").path(ofShard: "s1.safetensors") == "/s1.safetensors")
        #expect(try index("/a/b/x.json").path(ofShard: "s1.safetensors") == "/a/b/s1.safetensors")
        #expect(try index("x.json").shardNames == ["s1.safetensors", "s2.safetensors"])
        #expect(try index("x.json").weightMap.map(\.tensor) == ["b", "a"])
        #expect(try index("x.json").totalSize == nil)
    }
}
