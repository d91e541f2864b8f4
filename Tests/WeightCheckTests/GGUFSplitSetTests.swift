// GGUF split sets read as one model: names parsed as llama.cpp writes them, and each way a set can be
// incomplete or inconsistent reported as a problem of the set.
import Foundation
import Testing
@testable import WeightCheck

@Suite struct GGUFSplitSetTests {
    @Test func names() {
        #expect(GGUFSplitSet.parseName("/m/model-00002-of-00003.gguf")! == ("/m/model", 2, 3))
        #expect(GGUFSplitSet.parseName("a-b-00001-of-00010.gguf")! == ("a-b", 1, 10))
        #expect(GGUFSplitSet.parseName("model-1-of-3.gguf") == nil)
        #expect(GGUFSplitSet.parseName("model.gguf") == nil)
        #expect(GGUFSplitSet.shardName(prefix: "x", number: 7, count: 12) == "x-00007-of-00012.gguf")
    }

    /// A shard with split keys and one F32 tensor per name.
    func shard(no: UInt16, count: UInt16, total: Int32, tensors: [String]) -> [UInt8] {
        var b = GGUFBuilder()
        b.header(tensors: UInt64(tensors.count), kvs: 3)
        b.string("split.no"); b.u32(2); b.u16(no)
        b.string("split.count"); b.u32(2); b.u16(count)
        b.string("split.tensors.count"); b.u32(5); b.int(total)
        for (i, name) in tensors.enumerated() { b.tensorInfo(name, dims: [8], type: 0, offset: UInt64(32 * i)) }
        b.pad()
        for _ in tensors { b.zeros(32) }
        return b.bytes
    }

    func check(_ files: [(String, [UInt8])]) throws -> [Finding] {
        let dir = TemporaryDirectory()
        var parsed: [String: WeightFile] = [:]
        for (name, bytes) in files { let p = dir.write(name, bytes); parsed[p] = try WeightFile(path: p) }
        return ShardSets.find(files: parsed, indexes: []).flatMap(\.findings)
    }

    @Test func completeSetPasses() throws {
        let f = try check([("m-00001-of-00002.gguf", shard(no: 0, count: 2, total: 3, tensors: ["a", "b"])),
                           ("m-00002-of-00002.gguf", shard(no: 1, count: 2, total: 3, tensors: ["c"]))])
        #expect(f.isEmpty)
    }

    @Test func problemsOfTheSet() throws {
        let dup = try check([("m-00001-of-00002.gguf", shard(no: 0, count: 2, total: 3, tensors: ["a", "b"])),
                             ("m-00002-of-00002.gguf", shard(no: 1, count: 2, total: 3, tensors: ["a"]))])
        #expect(dup.map(\.code.rawValue) == ["duplicate-tensor"])
        #expect(dup[0].tensor == "a")
        let count = try check([("m-00001-of-00002.gguf", shard(no: 0, count: 3, total: 2, tensors: ["a"])),
                               ("m-00002-of-00002.gguf", shard(no: 1, count: 2, total: 2, tensors: ["b"]))])
        #expect(count.map(\.code.rawValue) == ["split-mismatch"])
        #expect(count[0].message == "split.count is 3 but the file name says 2 shards")
        let number = try check([("m-00001-of-00002.gguf", shard(no: 1, count: 2, total: 2, tensors: ["a"])),
                                ("m-00002-of-00002.gguf", shard(no: 1, count: 2, total: 2, tensors: ["b"]))])
        #expect(number.map(\.code.rawValue) == ["split-mismatch"])
        let total = try check([("m-00001-of-00002.gguf", shard(no: 0, count: 2, total: 5, tensors: ["a"])),
                               ("m-00002-of-00002.gguf", shard(no: 1, count: 2, total: 5, tensors: ["b"]))])
        #expect(total.map(\.code.rawValue) == ["tensor-count-mismatch"])
        #expect(total[0].message == "split.tensors.count is 5 but the shards hold 2 tensors")
        let missing = try check([("m-00002-of-00003.gguf", shard(no: 1, count: 3, total: 3, tensors: ["b"]))])
        #expect(Set(missing.map(\.code.rawValue)) == ["missing-shard"])
        #expect(missing.count == 2)
        let many = try check([("m-00003-of-00020.gguf", shard(no: 2, count: 20, total: 1, tensors: ["b"]))])
        #expect(many.map(\.message) == ["19 of 20 shards are missing: 1–2, 4–20"])
    }
}
