// ProcessRunner: runs the built `weightcheck` in a chosen folder with chosen stdin, for tests of lists read
// from stdin and of relative names; a run still going after a generous limit is killed (a hang fails the
// test instead of stopping the suite; no test asserts on time).
import Foundation

enum ProcessRunner {
    /// Runs the binary with `arguments` in `directory`, feeding `stdin` (nil: /dev/null).
    static func run(_ arguments: [String], in directory: String, stdin: [UInt8]? = nil,
                    killAfter seconds: Double = 120) throws -> CLIResult {
        let binary = try CLIRunner.requireBinary()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = arguments
        p.currentDirectoryURL = URL(fileURLWithPath: directory)
        let io = TemporaryDirectory()
        let outPath = io.write("stdout", []), errPath = io.write("stderr", [])
        let inPath = io.write("stdin", stdin ?? [])
        p.standardInput = FileHandle(forReadingAtPath: inPath)
        p.standardOutput = FileHandle(forWritingAtPath: outPath)
        p.standardError = FileHandle(forWritingAtPath: errPath)
        try p.run()
        let deadline = Date().addingTimeInterval(seconds)
        while p.isRunning && Date() < deadline { usleep(10_000) }
        if p.isRunning { p.terminate() }
        p.waitUntilExit()
        let outData = FileManager.default.contents(atPath: outPath) ?? Data()
        let errData = FileManager.default.contents(atPath: errPath) ?? Data()
        return CLIResult(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self), crashed: p.terminationReason == .uncaughtSignal)
    }
}
