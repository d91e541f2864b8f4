// The corruption matrix end to end: the built `weightcheck` run on damaged files with verify, inspect and stats.
// Each run must exit 1 (never by a signal), name the file, and say at which byte the damage is.
import Foundation
import Testing
@testable import WeightCheck

@Suite(.needsWeightcheck) struct CorruptionMatrixCLITests {
    /// The damaged files, written once into a temporary folder: name → bytes.
    static func damagedFiles() -> [(String, [UInt8])] {
        let tiny = [UInt8].contents(of: TestData.path("gguf/tiny.gguf"))
        let layout = GGUFLayout(tiny)
        let header = try! parseGGUF(tiny).get()
        var duplicate = tiny
        let (t0, t1) = (layout.infos[0], layout.infos[1])
        duplicate.replaceSubrange(t1.offset..<t1.nameBytes.upperBound, with: tiny[t0.offset..<t0.nameBytes.upperBound])
        var countBeyond = tiny
        layout.write(1 << 60, into: &countBeyond, at: 8, width: 8)
        var nested = tiny
        layout.write(9, into: &nested, at: layout.kvs.compactMap(\.arrayTypeOffset)[0], width: 4)
        let dtypes = [UInt8].contents(of: TestData.path("safetensors/dtypes.safetensors"))
        var lengthBeyond = dtypes
        lengthBeyond.replaceSubrange(0..<8, with: [0, 0, 1, 0, 0, 0, 0, 0])  // 65,536: past the end
        var lengthTooLarge = dtypes
        lengthTooLarge.replaceSubrange(0..<8, with: [0, 0, 0, 0, 1, 0, 0, 0])  // 2^32: above the 100 MB limit
        var badName = dtypes
        badName[badName.firstIndex(of: UInt8(ascii: "i"))!] = 0xFF  // the first tensor name, "ids"
        return [
            ("header-cut.gguf", Array(tiny.prefix(header.dataOffset / 2))),
            ("data-cut.gguf", Array(tiny.prefix(header.dataOffset + 100))),
            ("duplicate-tensor.gguf", duplicate),
            ("tensor-count-2-60.gguf", countBeyond),
            ("nested-array.gguf", nested),
            ("lenient-tensor-past-end.gguf", [UInt8].contents(of: TestData.path("regressions/gguf-lenient-tensor-past-end.gguf"))),
            ("length-beyond.safetensors", lengthBeyond),
            ("length-too-large.safetensors", lengthTooLarge),
            ("bad-name.safetensors", badName),
            ("data-cut.safetensors", Array(dtypes.dropLast(5))),
        ]
    }

    struct Run { let status: Int32; let signalled: Bool; let output: String }

    /// Runs `weightcheck` with `arguments`, killed after 20 seconds (a hang is a failure, not a wait).
    static func run(_ arguments: [String]) throws -> Run {
        let dir = TemporaryDirectory()
        let outPath = dir.write("stdout", []), errPath = dir.write("stderr", [])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try CLIRunner.requireBinary())
        process.arguments = arguments
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        process.environment = ["SWIFT_BACKTRACE": "enable=no", "PATH": "/usr/bin:/bin"]
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let output = [UInt8].contents(of: outPath) + [UInt8].contents(of: errPath)
        return Run(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                   output: String(decoding: output, as: UTF8.self))
    }

    @Test(arguments: ["verify", "inspect", "stats"])
    func damagedFilesExitOneAndSayWhere(_ command: String) throws {
        let dir = TemporaryDirectory()
        for (name, bytes) in Self.damagedFiles() {
            let path = dir.write(name, bytes)
            let r = try Self.run([command, "--no-progress", path])
            #expect(!r.signalled, "\(command) \(name) died by a signal: \(r.output)")
            #expect(r.status == 1, "\(command) \(name) exited \(r.status): \(r.output)")
            let lines = r.output.split(separator: "\n")
            #expect(lines.contains { $0.contains(name) }, "\(command) \(name): no line names the file: \(r.output)")
            // A header length above the limit too: "header too large" names byte 0.
            #expect(lines.contains { namesByteOffset(String($0)) }, "\(command) \(name): no byte offset: \(r.output)")
        }
    }

    /// A file whose name announces 99,999,999 shards is checked on its own, quickly (it used to hang verify).
    @Test
    func hugeShardCountInAFileName() throws {
        let dir = TemporaryDirectory()
        let path = dir.write("m-00001-of-99999999.gguf", [UInt8].contents(of: TestData.path("gguf/split/model-00001-of-00003.gguf")))
        for command in ["verify", "inspect", "stats"] {
            let r = try Self.run([command, "--no-progress", path])
            #expect(!r.signalled && r.status != 64, "\(command): \(r.output)")
        }
    }
}
