// CLIRunner: finds or builds the `weightcheck` binary once per test run and runs it as a user would, capturing
// stdout, stderr and the exit status, for the end-to-end tests; `.needsWeightcheck` skips visibly without it.
import Foundation
import Testing

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
    /// The binary every CLI suite runs, or why there is none. Looked for, in order: `$WEIGHTCHECK_BINARY`; beside
    /// the test bundle (`swift build --build-tests` and `swift test` build every product into
    /// `.build/<triple>/<config>/`); `.build/debug` and `.build/release` of the package; else built once with
    /// `swift build --product weightcheck` into its own scratch folder (`.build/cli-tests`, so that it never waits
    /// on the lock of the `swift test` that runs us).
    static let located: Result<String, Unavailable> = locate()

    /// The binary, when it was found or built.
    static var binary: String? { try? located.get() }

    /// Why the CLI suites are skipped, shown in the test report.
    static var skipReason: String {
        if case .failure(let why) = located { return why.reason }
        return "the weightcheck binary is available"
    }

    struct Unavailable: Error { let reason: String }

    private static func locate() -> Result<String, Unavailable> {
        let fm = FileManager.default
        if let given = ProcessInfo.processInfo.environment["WEIGHTCHECK_BINARY"], !given.isEmpty {
            return fm.isExecutableFile(atPath: given) ? .success(given)
                : .failure(Unavailable(reason: "WEIGHTCHECK_BINARY=\(given) is not an executable file"))
        }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var candidates: [String] = []
        for _ in 0..<3 {
            candidates.append(dir.appendingPathComponent("weightcheck").path)
            dir.deleteLastPathComponent()
        }
        for config in ["debug", "release"] {
            candidates.append(TestData.root.appendingPathComponent(".build/\(config)/weightcheck").path)
        }
        if let found = candidates.first(where: fm.isExecutableFile(atPath:)) { return .success(found) }
        return build()
    }

    /// `swift build --product weightcheck` into `.build/cli-tests`; the binary, or the build's last lines.
    private static func build() -> Result<String, Unavailable> {
        let scratch = TestData.root.appendingPathComponent(".build/cli-tests").path
        let swift = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
            .map { "\($0)/swift" }.first(where: FileManager.default.isExecutableFile(atPath:))
        guard let swift else {
            return .failure(Unavailable(reason: "no weightcheck binary beside the tests or in .build, and no swift on "
                                        + "PATH to build one: run swift build --product weightcheck"))
        }
        let common = ["build", "--product", "weightcheck", "--package-path", TestData.root.path, "--scratch-path", scratch]
        let built = runTool(swift, common)
        guard built.status == 0 else {
            let tail = built.output.split(separator: "\n").suffix(3).joined(separator: " / ")
            return .failure(Unavailable(reason: "swift build --product weightcheck failed (\(built.status)): \(tail)"))
        }
        let binPath = runTool(swift, common + ["--show-bin-path"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let binary = URL(fileURLWithPath: binPath).appendingPathComponent("weightcheck").path
        return FileManager.default.isExecutableFile(atPath: binary) ? .success(binary)
            : .failure(Unavailable(reason: "swift build --product weightcheck succeeded but left no binary at \(binary)"))
    }

    /// Runs a tool to completion, its output (stdout and stderr together) through a file.
    private static func runTool(_ tool: String, _ arguments: [String]) -> (status: Int32, output: String) {
        let dir = TemporaryDirectory()
        let outPath = dir.write("output", [])
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = arguments
        p.standardOutput = FileHandle(forWritingAtPath: outPath)
        p.standardError = FileHandle(forWritingAtPath: outPath)
        do { try p.run() } catch { return (-1, "\(error)") }
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self))
    }

    /// Runs the binary with `arguments` from the package root.
    static func run(_ arguments: [String]) throws -> CLIResult {
        try ProcessRunner.run(arguments, in: TestData.root.path, killAfter: 600)
    }

    /// The binary, or an error naming why it is missing (for runners inside suites that skipped nothing).
    static func requireBinary() throws -> String {
        try located.get()
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs a suite only where `CLIRunner` found or built the binary; elsewhere the skip and its reason show in the
    /// test report.
    static var needsWeightcheck: Self {
        .enabled(if: CLIRunner.binary != nil, Comment(rawValue: CLIRunner.skipReason))
    }
}
