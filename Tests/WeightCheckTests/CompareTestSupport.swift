// Test support for the compare pass: writing small safetensors and GGUF files (single, sharded with an index, GGUF
// split sets) from tensors in memory or from the committed fixtures, so layouts can be tested without new fixtures.
import Foundation
@testable import WeightCheck

/// A tensor to write: name, type, shape in the format's own order, and its bytes.
struct TensorBytes {
    let name: String
    let type: ElementType
    let shape: [Int]
    let bytes: [UInt8]
}

enum CompareFiles {
    /// A safetensors file holding `tensors` (shape outermost first).
    static func safetensors(_ tensors: [TensorBytes]) -> [UInt8] {
        var header = JSONObject()
        var data: [UInt8] = []
        for t in tensors {
            header[t.name] = ["dtype": .string(t.type.name), "shape": JSONValue(t.shape),
                              "data_offsets": [JSONValue(data.count), JSONValue(data.count + t.bytes.count)]]
            data += t.bytes
        }
        return safetensorsBytes(header: JSONValue.object(header).serialized(), data: data)
    }

    /// A GGUF v3 file with string and u32 metadata and `tensors` (shape as `ne`, innermost first), data aligned to 32.
    /// With `bigEndian`, the header's numbers are big-endian (the tensor bytes are written as given).
    static func gguf(strings: [(String, String)], integers: [(String, UInt32)], _ tensors: [TensorBytes],
                     bigEndian: Bool = false) -> [UInt8] {
        var b = GGUFBuilder()
        b.bigEndian = bigEndian
        b.header(tensors: UInt64(tensors.count), kvs: UInt64(strings.count + integers.count))
        for (k, v) in strings { b.kvString(k, v) }
        for (k, v) in integers { b.kvU32(k, v) }
        var offset = 0
        for t in tensors {
            b.tensorInfo(t.name, dims: t.shape.map(Int64.init), type: t.type.traits.ggmlID!, offset: UInt64(offset))
            offset = (offset + t.bytes.count + 31) / 32 * 32
        }
        b.pad()
        for t in tensors {
            b.raw(t.bytes)
            b.pad()
        }
        return b.bytes
    }

    /// The tensors of a weight file, with their bytes.
    static func tensors(of path: String) throws -> (WeightFile, [TensorBytes]) {
        let w = try WeightFile(path: path)
        let out = w.table.tensors.map { t in
            TensorBytes(name: t.name, type: t.type, shape: t.shape.map { Int($0) }, bytes: [UInt8](w.file.bytes(in: t.byteRange)))
        }
        return (w, out)
    }

    /// Writes the fixture reference as two shards and an index (and its config.json) into `dir`.
    static func shardedReference(into dir: String) throws {
        let (_, tensors) = try tensors(of: CompareFixtures.directory.appendingPathComponent("llama_ref/model.safetensors").path)
        let half = tensors.count / 2
        let shards = [Array(tensors[..<half]), Array(tensors[half...])]
        var map = JSONObject()
        for (k, shard) in shards.enumerated() {
            let name = "model-0000\(k + 1)-of-00002.safetensors"
            try Data(safetensors(shard)).write(to: URL(fileURLWithPath: dir + "/" + name))
            for t in shard { map[t.name] = .string(name) }
        }
        let index: JSONValue = ["metadata": ["total_size": JSONValue(tensors.reduce(0) { $0 + $1.bytes.count })],
                                "weight_map": .object(map)]
        try Data(index.serialized().utf8).write(to: URL(fileURLWithPath: dir + "/model.safetensors.index.json"))
        try FileManager.default.copyItem(atPath: CompareFixtures.directory.appendingPathComponent("llama_ref/config.json").path,
                                         toPath: dir + "/config.json")
    }

    /// Writes fixture GGUF `name` as a split set of `count` shards into `dir`; returns the first shard's path.
    @discardableResult
    static func splitGGUF(_ name: String, count: Int, into dir: String) throws -> String {
        let (w, tensors) = try tensors(of: CompareFixtures.directory.appendingPathComponent(name).path)
        guard case .gguf(let g) = w else { fatalError("not a GGUF fixture") }
        let arch = g["general.architecture"]!.string!
        let per = (tensors.count + count - 1) / count
        var first = ""
        for k in 0..<count {
            let part = Array(tensors[min(tensors.count, k * per) ..< min(tensors.count, (k + 1) * per)])
            var ints: [(String, UInt32)] = [("split.no", UInt32(k)), ("split.count", UInt32(count)),
                                            ("split.tensors.count", UInt32(tensors.count))]
            if k == 0 {
                ints += ["head_count", "head_count_kv"].map { key in
                    ("\(arch).attention.\(key)", UInt32(g["\(arch).attention.\(key)"]!.integer!))
                }
            }
            let path = dir + "/" + GGUFSplitSet.shardName(prefix: "model", number: k + 1, count: count)
            try Data(gguf(strings: [("general.architecture", arch)], integers: ints, part))
                .write(to: URL(fileURLWithPath: path))
            if k == 0 { first = path }
        }
        return first
    }
}

extension Array where Element == Float {
    /// The values' little-endian F32 bytes.
    var f32Bytes: [UInt8] { bytes(width: 4) { UInt64($0.bitPattern) } }

    /// The values' F16 bytes (rounded to nearest), little-endian unless `bigEndian`.
    func f16Bytes(bigEndian: Bool = false) -> [UInt8] {
        let le = bytes(width: 2) { UInt64(Float16($0).bitPattern) }
        return bigEndian ? le.swappedInPlaces(of: 2) : le
    }

    private func bytes(width: Int, _ bits: (Float) -> UInt64) -> [UInt8] {
        var out: [UInt8] = []
        for v in self {
            let b = bits(v)
            for k in 0..<width { out.append(UInt8(truncatingIfNeeded: b >> (8 * UInt64(k)))) }
        }
        return out
    }
}

extension Array where Element == UInt8 {
    /// Each run of `width` bytes reversed (little-endian values to big-endian).
    func swappedInPlaces(of width: Int) -> [UInt8] {
        var out = self
        for start in stride(from: 0, to: count - count % width, by: width) { out[start ..< start + width].reverse() }
        return out
    }
}
