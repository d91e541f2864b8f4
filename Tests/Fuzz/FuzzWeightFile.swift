// FuzzWeightFile: libFuzzer target for the whole read path of one file — format detection, strict and lenient
// parse, then `verify` and a `stats`-style scan (digests, dequantization, statistics) over whatever was accepted.
import Foundation
@testable import WeightCheck

/// One file per fuzzing process, rewritten for each input (the parsers read files through a mapping).
private let fuzzPath: String = {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("weightcheck-fuzz-\(getpid())")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent("model.weights").path
}()

/// libFuzzer entry point: one input of `size` bytes at `data`; returns 0 (a broken promise traps).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWeightFile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Data(UnsafeRawBufferPointer(start: data, count: size))
    guard FileManager.default.createFile(atPath: fuzzPath, contents: bytes) else { preconditionFailure("cannot write \(fuzzPath)") }
    let report = Verifier.verify([fuzzPath], options: VerifyOptions(threads: 2))
    _ = report.files.map(\.problems.count)
    for lenient in [false, true] {
        guard let w = try? WeightFile(path: fuzzPath, allowTruncatedData: lenient) else { continue }
        let request = ScanRequest(w, fileDigests: [.xxh3], tensorDigests: [.xxh128], statistics: true)
        let results = ScanEngine(threads: 2).run([request])
        precondition(results.count == 1 && results[0].tensors.count == w.table.tensors.count, "scan lost tensors")
    }
    return 0
}
