// Test support for `compare`: finds testdata/compare, reads the expected figures written by
// testdata/make_compare_fixtures.py, and decodes the few storage types the fixtures use (test-only oracles).
import Foundation
@testable import WeightCheck

enum CompareFixtures {
    /// testdata/compare, found from this file's path.
    static let directory: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent("testdata/compare")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("name_map_expected.json").path) {
                return candidate
            }
        }
        fatalError("testdata/compare not found above \(#filePath)")
    }()

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    static func json(_ name: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: data(name)) as! [String: Any]
    }

    /// The candidates whose expected figures the script wrote.
    static let candidates = ["llama_f16", "llama_q8_0", "llama_q4_0", "llama_q5_1", "llama_broken_q4_0"]

    static func elementType(named name: String) -> ElementType {
        ElementType.allKnown.first { $0.name == name }!
    }

    // MARK: - Decoders (the simplest readings of the formats; their output is checked against numpy's figures)

    static func f16(_ b: Data, _ at: Int) -> Float {
        Float(Float16(bitPattern: UInt16(b[b.startIndex + at]) | UInt16(b[b.startIndex + at + 1]) << 8))
    }

    static func f32(_ b: Data, _ at: Int) -> Float {
        var bits: UInt32 = 0
        for k in 0..<4 { bits |= UInt32(b[b.startIndex + at + k]) << (8 * UInt32(k)) }
        return Float(bitPattern: bits)
    }

    /// `count` values of type `type` stored from byte `offset` of `file`.
    static func decode(_ file: Data, offset: Int, count: Int, type: ElementType) -> [Float] {
        var out = [Float]()
        out.reserveCapacity(count)
        switch type {
        case .f32:
            for i in 0..<count { out.append(f32(file, offset + 4 * i)) }
        case .f16:
            for i in 0..<count { out.append(f16(file, offset + 2 * i)) }
        case .q8_0:
            for b in 0..<count / 32 {
                let base = offset + 34 * b
                let d = f16(file, base)
                for j in 0..<32 { out.append(d * Float(Int8(bitPattern: file[file.startIndex + base + 2 + j]))) }
            }
        case .q4_0:
            for b in 0..<count / 32 {
                let base = offset + 18 * b
                let d = f16(file, base)
                var block = [Float](repeating: 0, count: 32)
                for j in 0..<16 {
                    let q = file[file.startIndex + base + 2 + j]
                    block[j] = Float(Int(q & 0xF) - 8) * d
                    block[j + 16] = Float(Int(q >> 4) - 8) * d
                }
                out += block
            }
        case .q5_1:
            for b in 0..<count / 32 {
                let base = offset + 24 * b
                let d = f16(file, base), m = f16(file, base + 2)
                var qh: UInt32 = 0
                for k in 0..<4 { qh |= UInt32(file[file.startIndex + base + 4 + k]) << (8 * UInt32(k)) }
                var block = [Float](repeating: 0, count: 32)
                for j in 0..<16 {
                    let q = UInt32(file[file.startIndex + base + 8 + j])
                    let x0 = (q & 0xF) | (((qh >> UInt32(j)) << 4) & 0x10)
                    let x1 = (q >> 4) | ((qh >> UInt32(j + 12)) & 0x10)
                    block[j] = Float(x0) * d + m
                    block[j + 16] = Float(x1) * d + m
                }
                out += block
            }
        default:
            fatalError("fixtures do not use \(type)")
        }
        return out
    }

    // MARK: - Tables from the expected figures

    struct Row {
        let doc: [String: Any]
        var reference: String { doc["reference"] as! String }
        var candidate: String { doc["candidate"] as! String }
        var type: ElementType { CompareFixtures.elementType(named: doc["type"] as! String) }
        var referenceShape: [UInt64] { (doc["reference_shape"] as! [Int]).map(UInt64.init) }
        var candidateNE: [UInt64] { (doc["candidate_ne"] as! [Int]).map(UInt64.init) }
        var referenceOffset: Int { doc["reference_offset"] as! Int }
        var referenceBytes: Int { doc["reference_bytes"] as! Int }
        var candidateOffset: Int { doc["candidate_offset"] as! Int }
        var candidateBytes: Int { doc["candidate_bytes"] as! Int }
        var count: Int { doc["count"] as! Int }
        var transform: [String: Any] { doc["transform"] as! [String: Any] }
        var expectOK: Bool { doc["expect_ok"] as! Bool }
        func figure(_ key: String) -> Double? { (doc[key] as? NSNumber)?.doubleValue }
    }

    static func rows(_ candidate: String) throws -> [Row] {
        (try json("expected_\(candidate).json")["tensors"] as! [[String: Any]]).map(Row.init)
    }

    /// The reference and candidate tensor tables as the parsers will hand them over, rebuilt from the expected
    /// figures (which the script took from the safetensors header and gguf-py's reader), plus the unmatched ones.
    static func tables(_ candidate: String) throws -> (reference: [TensorInfo], candidate: [TensorInfo]) {
        var ref: [TensorInfo] = []
        var cand: [TensorInfo] = []
        for r in try rows(candidate) {
            ref.append(TensorInfo(name: r.reference, type: .f32, shape: r.referenceShape,
                                  byteRange: r.referenceOffset ..< r.referenceOffset + r.referenceBytes))
            cand.append(TensorInfo(name: r.candidate, type: r.type, shape: r.candidateNE,
                                   byteRange: r.candidateOffset ..< r.candidateOffset + r.candidateBytes))
        }
        ref.append(TensorInfo(name: "model.layers.0.self_attn.rotary_emb.inv_freq", type: .f32, shape: [8],
                              byteRange: 0..<32))
        cand.append(TensorInfo(name: "rope_freqs.weight", type: .f32, shape: [8], byteRange: 0..<32))
        return (ref, cand)
    }
}

/// A small deterministic generator (SplitMix64) for the differential tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
