// FuzzShardIndex: libFuzzer target for the `model.safetensors.index.json` reader: parse, then every derived
// view (shard names, shard paths, the safe-name rule). A rejection must name a byte offset.
@testable import WeightCheck

/// libFuzzer entry point: one input of `size` bytes at `data`; returns 0 (a broken promise traps).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzShardIndex(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    do throws(ShardIndexError) {
        let index = try SafetensorsShardIndex(parsing: bytes, path: "dir/model.safetensors.index.json")
        precondition(index.weightMap.count == index.weightMapOffsets.count, "offsets not parallel to the map")
        for o in index.weightMapOffsets { precondition(o >= 0 && o < max(size, 1), "offset \(o) outside the file") }
        for name in index.shardNames {
            _ = SafetensorsShardIndex.isSafeShardName(name)
            _ = index.path(ofShard: name)
            _ = Paths.name(name)
        }
    } catch {
        precondition(error.offset != nil && error.message.contains("byte "), "error without offset: \(error)")
        _ = error.description
        _ = error.finding
    }
    return 0
}
