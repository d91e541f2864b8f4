// FuzzSafetensorsHeader: libFuzzer target for the safetensors header parser. An accepted header must keep its
// promises (ranges inside the file, contiguous, sized as dtype × shape); a rejection must name a byte offset.
@testable import WeightCheck

/// libFuzzer entry point: one input of `size` bytes at `data`; returns 0 (a broken promise traps).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafetensorsHeader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    _ = SafetensorsFile.looksLikeSafetensors(bytes, fileSize: size)
    do throws(SafetensorsError) {
        let h = try SafetensorsHeader(parsing: bytes, file: "fuzz.safetensors")
        precondition(h.dataOffset == 8 + h.headerLength && h.dataOffset <= size, "data offset outside the file")
        var end = h.dataOffset
        for t in h.tensors.sorted(by: { ($0.byteRange.lowerBound, $0.byteCount) < ($1.byteRange.lowerBound, $1.byteCount) }) {
            precondition(t.byteRange.lowerBound == end, "tensor '\(t.name)' not contiguous")
            precondition(UInt64(t.byteCount) == t.type.byteCount(elements: t.elementCount), "tensor '\(t.name)' size")
            end = t.byteRange.upperBound
        }
        precondition(end == size, "data does not fill the file")
        _ = h.metadataValue("format")
    } catch {
        precondition(error.offset != nil && error.message.contains("byte "), "error without offset: \(error)")
        _ = error.description
        _ = error.finding
    }
    return 0
}
