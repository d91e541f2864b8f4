// CLIRunner: runs the built `weightcheck` binary as a user would, capturing stdout, stderr and the exit
// status, for the end-to-end tests.
import Foundation

struct CLIResult {
    let status: Int32
    let stdout: String
    let stderr: String
    /// Whether the process ended by a signal (a crash or a trap) rather than exiting.
    let crashed: Bool

    /// stdout parsed as JSON.
    func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(stdout.utf8)) }
}

enum CLIRunner {
    /// The binary beside the test bundle (`swift test` builds every product into the same folder).
    static let binary: String? = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("weightcheck").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir.deleteLastPathComponent()
        }
        let fallback = TestData.root.appendingPathComponent(".build/debug/weightcheck").path
        return FileManager.default.isExecutableFile(atPath: fallback) ? fallback : nil
    }()

    static func run(_ arguments: [String]) throws -> CLIResult {
        guard let binary else { throw CocoaError(.fileNoSuchFile) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = arguments
        p.currentDirectoryURL = TestData.root
        // Output goes to temporary files, so a large output can never block the child on a full pipe.
        let dir = TemporaryDirectory()
        let outPath = dir.write("stdout", []), errPath = dir.write("stderr", [])
        p.standardOutput = FileHandle(forWritingAtPath: outPath)
        p.standardError = FileHandle(forWritingAtPath: errPath)
        try p.run()
        p.waitUntilExit()
        let outData = FileManager.default.contents(atPath: outPath) ?? Data()
        let errData = FileManager.default.contents(atPath: errPath) ?? Data()
        return CLIResult(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self), crashed: p.terminationReason == .uncaughtSignal)
    }
}
