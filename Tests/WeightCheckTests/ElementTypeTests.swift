// Tests of the type table against FORMATS.md's list and against ggml's own sizes (testdata/ggml_oracle).
import Foundation
import Testing
@testable import WeightCheck

@Suite struct ElementTypeTests {
    @Test func ggmlIDsRoundTrip() {
        for t in ElementType.allKnown {
            if let id = t.traits.ggmlID { #expect(ElementType(ggmlID: id) == t) }
            if t.traits.inSafetensors { #expect(ElementType(safetensorsName: t.name) == t) }
        }
        for removed: UInt32 in [4, 5, 31, 32, 33, 36, 37, 38, 42, 1000] {
            #expect(ElementType(ggmlID: removed) == .unknownGGML(removed))
            #expect(!ElementType(ggmlID: removed).isKnown)
        }
    }

    @Test func sizes() {
        #expect(ElementType.q4_K.byteCount(elements: 512) == 288)
        #expect(ElementType.q4_K.byteCount(elements: 100) == nil)
        #expect(ElementType.f4.byteCount(elements: 3) == nil)
        #expect(ElementType.f6_e2m3.byteCount(elements: 8) == 6)
        #expect(ElementType.f32.byteCount(elements: UInt64.max) == nil)
        #expect(ElementType.allKnown.filter { $0.traits.inSafetensors }.count == 22)
    }

    /// Every GGML type's block geometry equals ggml's `ggml_blck_size` / `ggml_type_size` (which its
    /// `static_assert`s pin), as testdata/ggml_oracle/gen.c wrote them: the loader, not gguf-py, is the authority.
    @Test func blockSizesAreGGMLs() throws {
        let text = try String(contentsOfFile: STTestData.path("ggml_oracle/type_sizes.tsv"), encoding: .utf8)
        var seen: Set<UInt32> = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let f = line.split(separator: "\t").map(String.init)
            try #require(f.count == 4, "bad row: \(line)")
            let id = try #require(UInt32(f[0])), type = ElementType(ggmlID: id)
            // Q2_0 (42) is newer than this table: it reads as an unknown type, as a fork's type would.
            guard type.isKnown else { #expect(id == 42, "ggml type \(f[1]) (\(id)) missing from ElementType"); continue }
            seen.insert(id)
            #expect(type.name.lowercased() == f[1].lowercased())
            #expect(type.elementsPerBlock == Int(f[2]), "\(type.name) elements per block")
            #expect(type.bytesPerBlock == Int(f[3]), "\(type.name) bytes per block")
        }
        let ours = Set(ElementType.allKnown.compactMap { $0.traits.ggmlID })
        #expect(ours == seen, "types ggml does not know: \(ours.subtracting(seen).sorted())")
        #expect(ElementType.q8_1.bytesPerBlock == 36)
    }
}
