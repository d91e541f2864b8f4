// Throughput of dequantize and TensorStatistics.add per type, single thread, on ~96 MiB of random blocks with
// sane scales (best of 3). Not part of the package build. To run it, add a temporary target to Package.swift:
//     .executableTarget(name: "dqbench", dependencies: ["WeightCheck"], path: "benchmarks/dequant", exclude: ["RESULTS.md"]),
// then: swift build -c release --product dqbench && .build/release/dqbench [TYPE …]
import WeightCheck
import Foundation

func now() -> Double { var t = timespec(); clock_gettime(CLOCK_MONOTONIC, &t); return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9 }
let args = CommandLine.arguments.dropFirst()
let wanted = Set(args)
let targetBytes = 96 << 20
var rngState: UInt64 = 12345
@MainActor func next() -> UInt64 { rngState &+= 0x9E3779B97F4A7C15; var z = rngState; z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9; z = (z ^ (z >> 27)) &* 0x94D049BB133111EB; return z ^ (z >> 31) }
let scaleOffsets: [ElementType: [Int]] = [.q4_0: [0], .q4_1: [0, 2], .q5_0: [0], .q5_1: [0, 2], .q8_0: [0], .q2_K: [80, 82], .q3_K: [108], .q4_K: [0, 2], .q5_K: [0, 2], .q6_K: [208], .iq2_xxs: [0], .iq2_xs: [0], .iq2_s: [0], .iq3_xxs: [0], .iq3_s: [0], .iq1_s: [0], .iq4_nl: [0], .iq4_xs: [0], .tq1_0: [52], .tq2_0: [64], .q1_0: [0]]
for type in ElementType.allKnown where type.canDequantize {
    if !wanted.isEmpty && !wanted.contains(type.name) { continue }
    let blocks = targetBytes / type.bytesPerBlock
    let size = blocks * type.bytesPerBlock
    let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
    let words = raw.bindMemory(to: UInt64.self)
    for i in 0..<(size / 8) { words[i] = next() }
    for b in 0..<blocks { for off in scaleOffsets[type] ?? [] { raw.storeBytes(of: UInt16(0x1C00 | (next() & 0x1FF)), toByteOffset: b * type.bytesPerBlock + off, as: UInt16.self) } }
    if type == .f32 { let f = raw.bindMemory(to: Float.self); for i in 0..<f.count { f[i] = Float(Int(next() % 2000) - 1000) * 1e-4 } }
    if type == .f16 || type == .bf16 { let h = raw.bindMemory(to: UInt16.self); for i in 0..<h.count { h[i] = UInt16(0x2000 | (next() & 0x1FFF)) | UInt16((next() & 1) << 15) } }
    if type == .f64 { let f = raw.bindMemory(to: Double.self); for i in 0..<f.count { f[i] = Double(Int(next() % 2000) - 1000) * 1e-4 } }
    let input = UnsafeRawBufferPointer(raw)
    let per = type.elementsPerBlock
    let batchBlocks = max(1, 4096 / per)
    let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: batchBlocks * per)
    var bestDq = 1e9, bestSt = 1e9
    var sink: Float = 0
    for _ in 0..<3 {
        var t = now()
        var b = 0
        while b < blocks {
            let n = min(batchBlocks, blocks - b)
            _ = try! dequantize(type, blocks: UnsafeRawBufferPointer(rebasing: input[(b * type.bytesPerBlock)..<((b + n) * type.bytesPerBlock)]), into: buffer)
            sink += buffer[0]
            b += n
        }
        bestDq = min(bestDq, now() - t)
        t = now()
        var stats = TensorStatistics()
        try! stats.add(type, blocks: input)
        bestSt = min(bestSt, now() - t)
        sink += Float(stats.mean ?? 0)
    }
    let gb = Double(size) / 1e9
    print(String(format: "%-12@ dequant %6.2f GB/s (%5.2f Gelem/s)   dequant+stats %6.2f GB/s (%5.2f Gelem/s) %@", type.name as NSString, gb / bestDq, Double(blocks * per) / bestDq / 1e9, gb / bestSt, Double(blocks * per) / bestSt / 1e9, sink.isNaN ? " " : ""))
    raw.deallocate(); buffer.deallocate()
}
