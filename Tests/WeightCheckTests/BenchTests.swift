// The benchmark's own parts: the memory-read kernel against its scalar twin, generated blocks (sane scales,
// finite weight-like values, deterministic), the generated GGUF (parses and verifies clean), size parsing,
// the verify-time estimate, and a tiny end-to-end run. No figure is asserted: performance never is.
import Foundation
import Testing
@testable import WeightCheck

@Suite struct BenchTests {
    /// Random bytes from a fixed seed.
    func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var g = WyRand(seed: seed)
        return (0..<count).map { _ in UInt8(truncatingIfNeeded: g.next()) }
    }

    @Test func memoryReadEqualsScalarTwinOnEveryLength() {
        let bytes = randomBytes(2048 + 64, seed: 7)
        bytes.withUnsafeBytes { all in
            for length in 0...2048 {
                for start in [0, 1, 3] {
                    let b = UnsafeRawBufferPointer(rebasing: all[start..<start + length])
                    #expect(memoryReadChecksum(b) == memoryReadChecksumScalar(b), "length \(length) at \(start)")
                }
            }
        }
    }

    @Test func memoryReadEqualsScalarTwinOnLargeInput() {
        let bytes = randomBytes((1 << 20) + 77, seed: 8)
        bytes.withUnsafeBytes { b in
            #expect(memoryReadChecksum(b) == memoryReadChecksumScalar(b))
            // An independent reference: the sum of little-endian words and tail bytes, from the array.
            var sum: UInt64 = 0
            var i = 0
            while i + 8 <= bytes.count {
                var w: UInt64 = 0
                for k in 0..<8 { w |= UInt64(bytes[i + k]) << (8 * UInt64(k)) }
                sum &+= w
                i += 8
            }
            while i < bytes.count { sum &+= UInt64(bytes[i]); i += 1 }
            #expect(memoryReadChecksum(b) == sum)
        }
    }

    @Test(arguments: ElementType.allKnown.filter(\.canDequantize))
    func syntheticBlocksHaveSaneScalesAndFiniteValues(_ type: ElementType) throws {
        let blocks = 300
        var bytes = [UInt8](repeating: 0, count: blocks * type.bytesPerBlock)
        bytes.withUnsafeMutableBytes { SyntheticBlocks.fill(type, $0, seed: 42) }
        try bytes.withUnsafeBytes { b in
            #expect(countBadScales(type, blocks: b) == 0)
            var stats = TensorStatistics()
            try stats.add(type, blocks: b)
            #expect(stats.count == blocks * type.elementsPerBlock)
            #expect(stats.badScales == 0)
            if type.isBlockQuantized || [.f32, .f16, .bf16, .f64].contains(type) {
                #expect(stats.nanCount == 0 && stats.infCount == 0, "\(type)")
                // Weight-like: nothing near the type's range limits.
                #expect(abs(stats.minimum ?? 0) < 100 && abs(stats.maximum ?? 0) < 100, "\(type): \(String(describing: stats.minimum))…\(String(describing: stats.maximum))")
            }
            if [.f32, .f16, .bf16, .f64].contains(type) {
                #expect(stats.zeroCount == 0)
                #expect((stats.maximum ?? 1) < 0.25 && (stats.minimum ?? -1) > -0.25)
                #expect((stats.maximum ?? 0) > 0 && (stats.minimum ?? 0) < 0)  // both signs
            }
        }
        // Deterministic per seed, different across seeds.
        var again = [UInt8](repeating: 0, count: bytes.count)
        again.withUnsafeMutableBytes { SyntheticBlocks.fill(type, $0, seed: 42) }
        #expect(again == bytes)
        again.withUnsafeMutableBytes { SyntheticBlocks.fill(type, $0, seed: 43) }
        #expect(again != bytes)
    }

    @Test func syntheticBlocksFillPartialTails() {
        for count in [0, 1, 7, 9, 33] {
            var bytes = [UInt8](repeating: 0, count: count)
            bytes.withUnsafeMutableBytes { SyntheticBlocks.fill(.q4_K, $0, seed: 1) }  // shorter than a block
            #expect(count < 9 || bytes.contains { $0 != 0 })
        }
    }

    @Test func benchmarkModelParsesAndVerifiesClean() throws {
        let bytes = BenchmarkModel.gguf(approximateBytes: 2 << 20)
        let dir = TemporaryDirectory()
        let path = dir.write("bench.gguf", bytes)
        let file = try WeightFile(path: path)
        #expect(file.table.tensors.count == 16)
        #expect(Set(file.table.tensors.map(\.type)) == Set(BenchmarkModel.typeCycle))
        #expect(abs(bytes.count - (2 << 20)) < (2 << 20) / 8)
        let report = Verifier.verify([path], options: VerifyOptions(threads: 2))
        #expect(report.ok)
        #expect(report.files.first?.problems.filter { $0.severity != .note }.isEmpty == true,
                "\(report.files.first?.problems ?? [])")
        #expect(report.files.first?.sha256 == bytes.sha256Hex)
    }

    @Test(arguments: [
        ("70GB", UInt64(70_000_000_000)), ("500MB", 500_000_000), ("1.5TB", 1_500_000_000_000),
        ("8GiB", 8 << 30), ("8 gib", 8 << 30), ("4096", 4096), ("10k", 10_000), ("2.5 MiB", 2_621_440),
        ("1PB", 1_000_000_000_000_000), ("0", 0), ("12B", 12), (" 3G ", 3_000_000_000),
    ])
    func byteSizesParse(_ text: String, _ bytes: UInt64) {
        #expect(ByteSize.parse(text) == bytes)
    }

    @Test(arguments: ["", "GB", "-1GB", "1..5GB", "1.5.2", "70 XB", "nan", "1e3", "99999999999PB", ".", "0x10"])
    func badByteSizesAreRejected(_ text: String) {
        #expect(ByteSize.parse(text) == nil)
    }

    @Test func estimateUsesVerifyAndDisk() {
        var report = BenchmarkReport(cores: 2, threadCounts: [1, 2], sha256Hardware: true)
        #expect(report.verifySeconds(bytes: 1) == nil)
        report.figures = [
            KernelThroughput(kernel: "memory-read", threads: 1, gbps: 10, bytes: 1, runs: 1),
            KernelThroughput(kernel: "memory-read", threads: 2, gbps: 12, bytes: 1, runs: 1),
            KernelThroughput(kernel: "verify", threads: 1, gbps: 1.5, bytes: 1, runs: 1),
            KernelThroughput(kernel: "verify", threads: 2, gbps: 2, bytes: 1, runs: 1),
        ]
        #expect(report.memoryReadGBps == 12)
        #expect(report.memoryRead(threads: 1) == 10)
        #expect(report.verifySeconds(bytes: 70_000_000_000) == 35)
        #expect(report.verifySecondsFromDisk(bytes: 70_000_000_000) == nil)
        report.diskReadGBps = 1
        #expect(report.verifySecondsFromDisk(bytes: 70_000_000_000) == 70)
        report.diskReadGBps = 4
        #expect(report.verifySecondsFromDisk(bytes: 70_000_000_000) == 35)
        #expect(report.kernels == ["memory-read", "verify"])
    }

    @Test func defaultWorkingSetIsPastTheLastLevelCache() {
        let llc = BenchmarkOptions.lastLevelCacheBytes
        #expect(BenchmarkOptions.defaultWorkingSetBytes >= max(64 << 20, min(4 << 30, 2 * (llc ?? 0))))
        #expect(BenchmarkOptions().passFileBytes == 64 << 20)
    }

    @Test func tinyRunMeasuresWhatWasAskedAndCleansUp() throws {
        let dir = TemporaryDirectory()
        let options = BenchmarkOptions(workingSetBytes: 1 << 20, passFileBytes: 1 << 20, threads: 2, secondsPerFigure: 0.001,
                                       only: ["xxh3", "stats-f32", "dequant-q4_k", "verify", "scan"], temporaryDirectory: dir.path)
        var seen: [String] = []
        let report = KernelBenchmark.run(options) { seen.append($0) }
        #expect(report.threadCounts == [1, 2])
        #expect(report.kernels == ["memory-read", "xxh3", "stats-f32", "dequant-q4_k", "verify", "scan"])
        for f in report.figures {
            #expect(f.gbps > 0 && f.gbps.isFinite && f.runs >= 2 && f.bytes > 0, "\(f)")
        }
        #expect(seen.contains("xxh3") && seen.contains("verify"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        #expect(KernelBenchmark.kernelNames.contains("dequant-iq2_xxs"))
        #expect(!KernelBenchmark.kernelNames.contains("dequant-c64"))
    }
}
