// The bounded-memory rule the scan is built on: resident memory follows the engine's lead and chunk sizes,
// never the file's size. A 384 MiB tensor (a sparse file: its pages are zeros the kernel fills on first read)
// is scanned with an 8 MiB lead; the process's peak resident memory must grow by far less than the file.
import Foundation
import Testing
@testable import WeightCheck

@Suite struct ScanMemoryTests {
    /// A safetensors file holding one F32 tensor of `bytes` bytes, all zero, written as a hole.
    func sparseWeights(bytes: Int, in dir: TemporaryDirectory) throws -> String {
        var header = Array("{\"w\":{\"dtype\":\"F32\",\"shape\":[\(bytes / 4)],\"data_offsets\":[0,\(bytes)]}}".utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        var length = UInt64(header.count).littleEndian
        let prefix = withUnsafeBytes(of: &length) { Array($0) } + header
        let path = dir.write("big.safetensors", prefix)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(prefix.count + bytes))
        try handle.close()
        return path
    }

    /// This process's resident memory now, in bytes (`/proc/self/statm`: the high-water mark `ru_maxrss` would
    /// read nothing once an earlier test has raised it above what this scan could reach).
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        return fields.count > 1 ? (Int(fields[1]) ?? 0) * MappedFile.pageSize : 0
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/statm"), "resident memory is read from /proc (Linux)"),
          arguments: [false, true])
    func scanOfAFileManyTimesTheBoundStaysWithinTheBound(histograms: Bool) throws {
        let dir = TemporaryDirectory()
        let size = 384 << 20
        let path = try sparseWeights(bytes: size, in: dir)
        var growth = Int.max
        // Suites run in parallel in this process: a neighbour's allocation passes on a retry, a scan that keeps
        // what it read fails every time.
        for _ in 0..<3 where growth >= 96 << 20 {
            let weights = try WeightFile(path: path)
            var engine = ScanEngine(threads: 2)
            engine.maximumLead = 8 << 20
            engine.laneChunkBytes = 1 << 20
            var request = ScanRequest(weights, statistics: true)  // as `stats` asks: items only, no digest lane
            if histograms { request.histogramBins = 16 }
            let before = Self.residentBytes()
            let peak = Locked(before)
            let result = engine.run([request]) { _, _ in
                let now = Self.residentBytes()
                peak.withLock { $0 = max($0, now) }
            }[0]
            growth = max(peak.withLock { $0 }, Self.residentBytes()) - before
            #expect(result.tensors.first?.statistics?.zeroCount == size / 4)
            #expect(result.trailingZeroBytes == size)
        }
        #expect(growth < 96 << 20, "scanning \(size >> 20) MiB raised resident memory by \(growth >> 20) MiB")
    }
}
