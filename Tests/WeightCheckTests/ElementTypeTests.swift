// Tests of the type table against FORMATS.md's list.
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
}
