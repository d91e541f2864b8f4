// Dequantization of every type against gguf-py / numpy / ml_dtypes fixtures, bit for bit, and the error
// cases (partial block, short output, unsupported type) that must throw rather than trap.
import Testing
@testable import WeightCheck

@Suite struct DequantizeTests {
    /// Every known type but C64 has a dequantizer and a fixture.
    @Test func everyTypeHasAFixture() {
        let names = Set(QuantFixture.stats.keys)
        for t in ElementType.allKnown where t != .c64 {
            #expect(t.canDequantize)
            #expect(names.contains(t.name), "no fixture for \(t.name)")
        }
        #expect(!ElementType.c64.canDequantize)
        #expect(!ElementType.unknownGGML(77).canDequantize)
    }

    /// Equal to the reference's bits for every value (NaNs: both NaN, since payloads are not part of any
    /// contract; F16/F8_E5M2 NaNs come back quiet here). No type needs the one-ulp allowance: our kernels
    /// round in the same order as gguf-py (d × q then ± m; d × (0.5 + s) × 0.25; (db × grid) × sign).
    @Test(arguments: QuantFixture.names)
    func matchesReference(_ name: String) throws {
        let fixture = QuantFixture.load(name)
        let ours = try fixture.dequantized()
        #expect(ours.count == fixture.reference.count)
        var mismatches = 0
        for (i, (a, b)) in zip(ours, fixture.reference).enumerated() {
            let same = (a.isNaN && b.isNaN) || a.bitPattern == b.bitPattern
            if !same {
                mismatches += 1
                if mismatches <= 5 { Issue.record("\(name)[\(i)]: got \(a) (\(a.bitPattern)), reference \(b) (\(b.bitPattern))") }
            }
        }
        #expect(mismatches == 0, "\(name): \(mismatches) values differ")
    }

    /// Dequantizing block by block gives the same as all at once (kernels carry no state across blocks).
    @Test(arguments: QuantFixture.names)
    func blockByBlock(_ name: String) throws {
        let fixture = QuantFixture.load(name)
        let whole = try fixture.dequantized()
        let size = fixture.type.bytesPerBlock, per = fixture.type.elementsPerBlock
        var pieces: [Float] = []
        var one = [Float](repeating: 0, count: per)
        for start in stride(from: 0, to: fixture.raw.count, by: size) {
            try fixture.raw[start..<start + size].withUnsafeBytes { src in
                _ = try one.withUnsafeMutableBufferPointer { try dequantize(fixture.type, blocks: src, into: $0) }
            }
            pieces += one
        }
        #expect(pieces.map(\.bitPattern) == whole.map(\.bitPattern))
    }

    @Test func errorsInsteadOfTraps() {
        var out = [Float](repeating: 0, count: 64)
        let bytes = [UInt8](repeating: 0, count: 36)
        bytes.withUnsafeBytes { src in
            out.withUnsafeMutableBufferPointer { dst in
                #expect(throws: DequantizeError.partialBlock(type: .q4_0, byteCount: 35, bytesPerBlock: 18)) {
                    try dequantize(.q4_0, blocks: UnsafeRawBufferPointer(rebasing: src[0..<35]), into: dst)
                }
                #expect(throws: DequantizeError.unsupportedType(.unknownGGML(99))) {
                    try dequantize(.unknownGGML(99), blocks: src, into: dst)
                }
                #expect(throws: DequantizeError.unsupportedType(.c64)) { try dequantize(.c64, blocks: src, into: dst) }
                #expect(throws: DequantizeError.outputTooSmall(needed: 64, available: 63)) {
                    try dequantize(.q4_0, blocks: src, into: UnsafeMutableBufferPointer(rebasing: dst[0..<63]))
                }
                #expect((try? dequantize(.q4_0, blocks: src, into: dst)) == 64)
                #expect((try? dequantize(.q4_0, blocks: UnsafeRawBufferPointer(rebasing: src[0..<0]), into: dst)) == 0)
            }
        }
    }

    /// Bad scales: the fixtures' spoiled blocks, and one spoiled field per type made here.
    @Test func badScales() throws {
        for fixture in QuantFixture.all {
            let expected = fixture.expected.badScales
            let got = fixture.raw.withUnsafeBytes { countBadScales(fixture.type, blocks: $0) }
            #expect(got == expected, "\(fixture.name)")
        }
        // A block of zeros has finite scales; an all-0xFF block has NaN ones in every checked field.
        for t in ElementType.allKnown where t.isBlockQuantized {
            let zeros = [UInt8](repeating: 0, count: 3 * t.bytesPerBlock)
            var spoiled = zeros
            for i in t.bytesPerBlock..<2 * t.bytesPerBlock { spoiled[i] = 0xFF }
            #expect(zeros.withUnsafeBytes { countBadScales(t, blocks: $0) } == 0)
            let expected = t == .nvfp4 ? 0 : 1
            #expect(spoiled.withUnsafeBytes { countBadScales(t, blocks: $0) } == expected, "\(t.name)")
        }
    }
}
