// GGUFBuilder: writes GGUF bytes by hand, field by field, so tests can make exactly the malformed
// headers the loader must reject. Little-endian unless told otherwise.

struct GGUFBuilder {
    var bytes: [UInt8] = []
    var bigEndian = false

    mutating func raw(_ b: [UInt8]) { bytes += b }
    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) { int(v) }
    mutating func u32(_ v: UInt32) { int(v) }
    mutating func u64(_ v: UInt64) { int(v) }
    mutating func i64(_ v: Int64) { int(v) }
    mutating func int<T: FixedWidthInteger>(_ v: T) {
        let w = bigEndian ? v.bigEndian : v.littleEndian
        withUnsafeBytes(of: w) { bytes += $0 }
    }
    mutating func string(_ s: String) { u64(UInt64(s.utf8.count)); bytes += Array(s.utf8) }

    /// Magic, version, tensor count, KV count.
    mutating func header(version: UInt32 = 3, tensors: UInt64, kvs: UInt64) {
        raw(Array("GGUF".utf8)); u32(version); u64(tensors); u64(kvs)
    }
    mutating func kvU32(_ key: String, _ v: UInt32) { string(key); u32(4); u32(v) }
    mutating func kvString(_ key: String, _ v: String) { string(key); u32(8); string(v) }
    mutating func tensorInfo(_ name: String, dims: [Int64], type: UInt32, offset: UInt64) {
        string(name); u32(UInt32(dims.count)); for d in dims { i64(d) }; u32(type); u64(offset)
    }
    /// Pads with zeros to a multiple of `alignment`.
    mutating func pad(_ alignment: Int = 32) {
        while bytes.count % alignment != 0 { bytes.append(0) }
    }
    mutating func zeros(_ n: Int) { bytes += [UInt8](repeating: 0, count: n) }
}
