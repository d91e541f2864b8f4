// FuzzManifest: libFuzzer target for the archival manifest reader. An accepted manifest must print (serialized())
// to text that reads back equal; a rejection's byte offset, when it names one, must lie inside the input.
@testable import WeightCheck

/// libFuzzer entry point: one input of `size` bytes at `data`; returns 0 (a broken promise traps).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzManifest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let manifest: Manifest
    do throws(ManifestError) {
        manifest = try ManifestReader.parse(bytes, name: "fuzz.manifest.json")
    } catch {
        if let o = error.offset { precondition(o >= 0 && o <= size, "offset \(o) outside the \(size)-byte input") }
        _ = error.description
        return 0
    }
    for entry in manifest.files {
        precondition(ManifestPath.problem(entry.path) == nil, "accepted an unsafe path")
        for t in entry.tensors ?? [] {
            precondition(t.offset >= 0 && t.size >= 0 && t.offset + t.size <= entry.size, "tensor outside its file")
        }
    }
    _ = manifest.sha256sumLines
    guard let again = try? ManifestReader.parse(manifest.serialized(), name: "again") else {
        preconditionFailure("serialized manifest does not read back: \(manifest.serialized())")
    }
    precondition(again == manifest, "manifest changed in a round trip")
    return 0
}
