// FuzzPickleMachine: libFuzzer target for the allow-listed pickle machine and the checkpoint reader — any
// bytes run as a pickle (bounded memo, nesting and sizes: an error, never a crash), then as a whole file
// (zip directory, legacy stream, bare pickle) with a scan of whatever tensors it placed and its CRCs.
import Foundation
@testable import WeightCheck

/// One file per fuzzing process, rewritten for each input (the reader works on a mapping).
private let fuzzPath: String = {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("weightcheck-fuzz-pickle-\(getpid())")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent("checkpoint.pt").path
}()

/// libFuzzer entry point: one input of `size` bytes at `data`; returns 0 (a broken promise traps).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPickleMachine(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let raw = UnsafeRawBufferPointer(start: data, count: size)
    var machine = PickleMachine(raw, base: 0, file: "fuzz")
    precondition(machine.error != nil || machine.end <= size, "STOP past the input")
    for i in machine.imports { precondition(i.offset >= 0 && i.offset < size, "import offset outside the input") }
    machine.release()
    guard FileManager.default.createFile(atPath: fuzzPath, contents: Data(raw)) else { preconditionFailure("cannot write \(fuzzPath)") }
    guard let mapped = try? MappedFile(path: fuzzPath), let p = try? PyTorchFile(mapped) else { return 0 }
    for t in p.table.tensors { precondition(t.byteRange.upperBound <= size && t.byteRange.lowerBound >= 0, "tensor outside the file") }
    let request = ScanRequest(.pytorch(p), fileDigests: [.xxh3], statistics: true, entryChecksums: true)
    let results = ScanEngine(threads: 2).run([request])
    precondition(results[0].checksums.count == request.checksums.count, "lost a checksum")
    return 0
}
