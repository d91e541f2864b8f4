// Partition and ShardSpec: the byte-balanced, deterministic cut of a run's inputs into N parts — largest unit
// first onto the lightest part, ties by key, sets and repositories whole — and ReportMerge's refusals.
import Foundation
import Testing
@testable import WeightCheck

struct PartitionTests {
    @Test func parsesShardSpecs() {
        #expect(ShardSpec(parsing: "0/4") == ShardSpec(index: 0, count: 4))
        #expect(ShardSpec(parsing: "3/4")?.description == "3/4")
        for bad in ["4/4", "-1/4", "1/0", "1", "a/4", "1/4/2", "", "/", " 1/4", "1/+4", "0/99999999"] {
            #expect(ShardSpec(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func largestFirstOntoTheLightestPartTiesByKey() {
        let inputs = [("a", 10), ("b", 7), ("c", 5), ("d", 5), ("e", 3), ("f", 1)].map {
            ShardInput(path: $0.0, size: $0.1, unit: $0.0)
        }
        // 10→0, 7→1, c(5)→1 (7 < 10), d(5)→0 (10 < 12), e(3)→1 (12 < 15), f(1)→0 (15 = 15: lowest index).
        #expect(Partition.assign(inputs, count: 2) == ["a": 0, "b": 1, "c": 1, "d": 0, "e": 1, "f": 0])
        // Input order does not matter.
        #expect(Partition.assign(inputs.reversed(), count: 2) == Partition.assign(inputs, count: 2))
        // One part holds everything; more parts than units leave parts empty.
        #expect(Set(Partition.assign(inputs, count: 1).values) == [0])
        #expect(Set(Partition.assign(inputs, count: 9).values) == Set(0..<6))
    }

    @Test func keepsSetsFoldersAndRepositoriesWhole() {
        let paths = ["/m/q/model-00001-of-00002.gguf", "/m/q/model-00002-of-00002.gguf", "/m/q/other.gguf",
                     "/m/st/model-00001-of-00002.safetensors", "/m/st/config.json", "/m/st/model.safetensors.index.json",
                     "/m/README.md"]
        let units = Partition.units(paths, cache: false)
        #expect(units[0] == units[1])
        #expect(units[2] != units[0])
        #expect(Set(units[3...5]).count == 1)
        #expect(units[6] == "file:/m/README.md")
        // A cache repository is one unit, whatever file in it.
        let dir = TemporaryDirectory()
        let cache = HubCacheBuilder(root: dir.path)
        cache.add("a.gguf", ggufWithMatrix(rows: 2, cols: 4))
        cache.add("b/c.json", Array("{}".utf8))
        let repoUnits = Partition.units([cache.snapshot + "/a.gguf", cache.snapshot + "/b/c.json"])
        #expect(repoUnits[0] == repoUnits[1] && repoUnits[0].hasPrefix("repo:"))
    }

    @Test func fingerprintCoversPathsSizesAndDetails() {
        let a = [ShardInput(path: "x", size: 1, unit: "x"), ShardInput(path: "y", size: 2, unit: "y")]
        #expect(Partition.fingerprint(a) == Partition.fingerprint(a.reversed()))
        #expect(Partition.fingerprint(a) != Partition.fingerprint([a[0], ShardInput(path: "y", size: 3, unit: "y")]))
        #expect(Partition.fingerprint(a) != Partition.fingerprint([a[0], ShardInput(path: "y", size: 2, unit: "y", detail: "d")]))
        #expect(Partition.fingerprint(a).count == 64)
    }

    static func part(_ i: Int, _ n: Int, inputs: String = "f00d", command: String = "verify", name: String? = nil) -> ReportMerge.Part {
        let doc: JSONValue = ["ok": true, "files": [], "sets": [], "problems": [], "seconds": 1.0,
                              "shard": ["command": .string(command), "index": JSONValue(i), "count": JSONValue(n),
                                        "inputs_sha256": .string(inputs)]]
        return ReportMerge.Part(name: name ?? "p\(i)of\(n).json", report: doc)
    }

    @Test func mergeRefusesIncompleteDuplicatedOrForeignParts() throws {
        #expect(throws: MergeError("missing part 1/3 of verify of 3 parts, inputs f00d…")) {
            try ReportMerge.merge([Self.part(0, 3), Self.part(2, 3)])
        }
        #expect(throws: MergeError("part 0/2 given 2 times (a.json, b.json)")) {
            try ReportMerge.merge([Self.part(0, 2, name: "a.json"), Self.part(0, 2, name: "b.json"), Self.part(1, 2)])
        }
        #expect(throws: MergeError.self) { try ReportMerge.merge([Self.part(0, 2), Self.part(1, 3)]) }
        #expect(throws: MergeError.self) { try ReportMerge.merge([Self.part(0, 2), Self.part(1, 2, inputs: "beef")]) }
        #expect(throws: MergeError.self) { try ReportMerge.merge([Self.part(0, 2), Self.part(1, 2, command: "manifest check")]) }
        #expect(throws: MergeError.self) { try ReportMerge.merge([ReportMerge.Part(name: "x", report: ["ok": true])]) }
        #expect(throws: MergeError.self) { try ReportMerge.merge([]) }
        let merged = try ReportMerge.merge([Self.part(1, 2), Self.part(0, 2)])
        #expect(merged["ok"] == true)
        #expect(merged["shard"] == nil)
        #expect(merged["merged"]?["parts"] == ["p0of2.json", "p1of2.json"])
    }
}
