// Test support for the JSON and safetensors suites: where testdata/ is, reading its files, and building
// safetensors files by hand in memory.
import Foundation
@testable import WeightCheck

enum STTestData {
    /// The package root, found by walking up from this file to the folder holding Package.swift.
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
            url = url.deletingLastPathComponent()
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// testdata/
    static var root: URL { packageRoot.appendingPathComponent("testdata") }

    /// The path of `relative` under testdata/.
    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// The bytes of a file under testdata/.
    static func bytes(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(relative)))
    }

    /// A file under testdata/ parsed with our own JSON parser.
    static func json(_ relative: String) throws -> JSONValue {
        try JSONParser().parse(try bytes(relative))
    }

    /// A fresh empty temporary folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("weightcheck-st-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Builds a safetensors file by hand: the u64 length, the header text exactly as given, then the data.
func safetensorsBytes(header: String, data: [UInt8] = [], length: UInt64? = nil) -> [UInt8] {
    let h = Array(header.utf8)
    let n = length ?? UInt64(h.count)
    var out: [UInt8] = []
    withUnsafeBytes(of: n.littleEndian) { out.append(contentsOf: $0) }
    out.append(contentsOf: h)
    out.append(contentsOf: data)
    return out
}
