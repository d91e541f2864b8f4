// FuzzGGUFHeader: libFuzzer target for the GGUF header reader, strict and lenient (stats' truncated-data mode).
// Besides "no trap", it checks what an accepted header promises: every range inside the input, arrays decodable.
@testable import WeightCheck

/// libFuzzer entry point: one input of `size` bytes at `data`; returns 0 (a broken promise traps).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGGUFHeader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    for lenient in [false, true] {
        do throws(GGUFReadError) {
            let header = try GGUFHeaderReader.read(bytes, allowTruncatedData: lenient)
            checkAccepted(header, bytes)
        } catch {
            let e = error.error(file: "fuzz.gguf")
            precondition(e.message.contains("byte "), "GGUF error without a byte offset: \(e.message)")
            _ = e.finding
        }
    }
    return 0
}

/// The promises of an accepted header: data start and every tensor and array range inside the file,
/// tensor sizes as the type table says (unless clipped by truncation), array elements decodable.
private func checkAccepted(_ h: GGUFHeader, _ bytes: UnsafeRawBufferPointer) {
    precondition(h.dataOffset >= 0 && h.dataOffset <= bytes.count, "data offset \(h.dataOffset) outside the file")
    for t in h.tensors {
        precondition(t.byteRange.lowerBound >= 0 && t.byteRange.upperBound <= bytes.count,
                     "tensor '\(t.name)' range \(t.byteRange) outside \(bytes.count) bytes")
        _ = t.elementCount
        if h.truncated.isEmpty, t.type.isKnown, let n = t.type.byteCount(elements: t.elementCount) {
            precondition(UInt64(t.byteCount) == n, "tensor '\(t.name)' holds \(t.byteCount) bytes, type says \(n)")
        }
    }
    for m in h.metadata {
        guard case .array(let a) = m.value else { continue }
        precondition(a.byteRange.lowerBound >= 0 && a.byteRange.upperBound <= bytes.count, "array range outside file")
        var c = ByteCursor(UnsafeRawBufferPointer(rebasing: bytes[a.byteRange]), base: a.byteRange.lowerBound,
                           bigEndian: a.bigEndian)
        for _ in 0..<a.count {
            guard (try? GGUFHeaderReader.readScalar(a.elementType, &c, what: "element")) != nil else {
                preconditionFailure("validated array '\(m.key)' does not decode")
            }
        }
    }
}
