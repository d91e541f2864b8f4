// The progress bar of `verify`, forced onto stderr with `--progress` at 80 columns: every frame fits in 79
// columns (a long file name cut in the middle), and the last frame's totals are the input's bytes and files.
import Foundation
import Testing
@testable import WeightCheck

@Suite(.enabled(if: CLIRunner.binary != nil, "the weightcheck binary is built by swift test"))
struct ProgressBarCLITests {
    @Test func framesFitAndTotalsAreTheInput() throws {
        let dir = TemporaryDirectory()
        let long = String(repeating: "Meta-Llama-3.1-70B-Instruct-", count: 3)
        var paths: [String] = []
        for (k, rows) in [256, 64, 128].enumerated() {
            paths.append(dir.write("\(long)Q4_K_M-0000\(k + 1)-of-00003.gguf", ggufWithMatrix(rows: rows, cols: 256, seed: UInt64(k))))
        }
        let r = try TerminalRunner.run(["verify", "--progress", "--json", "--threads", "2"] + paths, environment: ["COLUMNS": "80"])
        #expect(!r.crashed, "\(r.stderr)")  // synthetic files without an architecture: the verdict may be FAILED
        let frames = r.stderr.split(separator: "\r").map { $0.replacingOccurrences(of: "\u{1B}[K", with: "") }
            .filter { $0.hasPrefix("verify ") }
        try #require(!frames.isEmpty, "no progress frames in: \(r.stderr)")
        #expect(frames.allSatisfy { $0.count <= 79 }, "\(frames.filter { $0.count > 79 })")
        let input = paths.reduce(0) { $0 + [UInt8].contents(of: $1).count }
        let doc = try #require(try JSONParser().parse(r.stdout).objectValue)
        #expect(doc["bytes_scanned"]?.intValue == input)
        // The input's size as the bar prints it (the CLI's Fmt.bytes).
        let units = ["B", "kB", "MB", "GB"]
        var v = Double(input), u = 0
        while v >= 1000 && u < units.count - 1 { v /= 1000; u += 1 }
        let total = String(format: v >= 100 ? "%.0f %@" : v >= 10 ? "%.1f %@" : "%.2f %@", v, units[u])
        let last = try #require(frames.last)
        #expect(last.contains("100%") && last.contains("\(total)/\(total)") && last.contains("3/3 files"), "\(last)")
        // While a file is being read its name shows, cut in the middle to fit.
        #expect(frames.filter { $0.contains("…") && $0.contains("files  Meta-Llama") }.allSatisfy { $0.count <= 79 })
    }
}
