// Loads the dequantization fixtures of testdata/quant (written by testdata/make_quant_fixtures.py with
// gguf-py, numpy and ml_dtypes): raw blocks, reference float32 values and numpy's float64 statistics.
import Foundation
@testable import WeightCheck

/// numpy's figures for one fixture (stats.json).
struct ExpectedStats: Sendable {
    let count, nan, inf, zeros, finite, badScales: Int
    let min, max, mean, std: Double?
    let hist16: [Int]?

    init(_ json: [String: Any]) {
        count = json["count"] as! Int
        nan = json["nan"] as! Int
        inf = json["inf"] as! Int
        zeros = json["zeros"] as! Int
        finite = json["finite"] as! Int
        badScales = json["bad_scales"] as! Int
        // Written as strings (Foundation's JSON number parsing is not always correctly rounded).
        min = (json["min"] as? String).flatMap(Double.init)
        max = (json["max"] as? String).flatMap(Double.init)
        mean = (json["mean"] as? String).flatMap(Double.init)
        std = (json["std"] as? String).flatMap(Double.init)
        hist16 = json["hist16"] as? [Int]
    }
}

/// One fixture: a type's raw blocks, gguf-py's (or numpy's) float32 output, and numpy's statistics.
struct QuantFixture: Sendable {
    let name: String
    let type: ElementType
    let raw: [UInt8]
    let reference: [Float]
    let expected: ExpectedStats

    /// The package's testdata/quant folder, found by walking up from this file.
    static let folder: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url = url.deletingLastPathComponent()
        }
        return url.appendingPathComponent("testdata/quant")
    }()

    /// stats.json: fixture name → expected figures.
    static let stats: [String: ExpectedStats] = {
        let data = try! Data(contentsOf: folder.appendingPathComponent("stats.json"))
        let json = try! JSONSerialization.jsonObject(with: data) as! [String: [String: Any]]
        return json.mapValues(ExpectedStats.init)
    }()

    /// Every fixture's name, sorted.
    static let names: [String] = stats.keys.sorted()

    /// Every fixture.
    static var all: [QuantFixture] { names.map { load($0) } }

    /// The type a fixture name denotes (GGML or safetensors name).
    static func type(named name: String) -> ElementType {
        ElementType.allKnown.first { $0.name == name }!
    }

    static func load(_ name: String) -> QuantFixture {
        let raw = [UInt8](try! Data(contentsOf: folder.appendingPathComponent("\(name).bin")))
        let refBytes = try! Data(contentsOf: folder.appendingPathComponent("\(name).f32"))
        let reference = refBytes.withUnsafeBytes { raw in
            (0..<raw.count / 4).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
        }
        return QuantFixture(name: name, type: type(named: name), raw: raw, reference: reference, expected: stats[name]!)
    }

    /// Dequantizes the fixture's bytes with the package.
    func dequantized() throws -> [Float] {
        var out = [Float](repeating: .nan, count: reference.count)
        try raw.withUnsafeBytes { src in
            _ = try out.withUnsafeMutableBufferPointer { dst in try dequantize(type, blocks: src, into: dst) }
        }
        return out
    }
}
