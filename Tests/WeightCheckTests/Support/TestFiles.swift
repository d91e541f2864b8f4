// Helpers for tests: where testdata lives, and temporary files that clean up after themselves.
import Foundation
@testable import WeightCheck

enum TestData {
    /// The package root, found from this file's path.
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("package root not found from \(#filePath)")
    }()

    /// Absolute path of `relative` under testdata/.
    static func path(_ relative: String) -> String { root.appendingPathComponent("testdata").appendingPathComponent(relative).path }

    /// Parses the JSON file at testdata/`relative`.
    static func json(_ relative: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path(relative))))
    }
}

/// A fresh temporary directory, removed when the value is deinitialized.
final class TemporaryDirectory {
    let path: String
    init() {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("weightcheck-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.path
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `bytes` to `name` inside the directory (creating parent folders) and returns the path.
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) -> String {
        let p = (path as NSString).appendingPathComponent(name)
        try! FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: p, contents: Data(bytes))
        return p
    }
}

extension Array where Element == UInt8 {
    /// The contents of the file at `path`.
    static func contents(of path: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: path)!) }
}
