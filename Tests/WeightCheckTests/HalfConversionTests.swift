// Half and bfloat16 conversion: the scalar Swift conversion held to numpy's on all 65,536 bit patterns, and the
// SIMD Swift and C F16C paths held equal to it.
import Foundation
import Testing
import CWeightKernels
@testable import WeightCheck

@Suite struct HalfConversionTests {
    /// Every half as little-endian bytes, in order.
    static let allHalves: [UInt8] = (0..<65536).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }

    /// NaN-aware bit equality: NaNs must agree in sign and payload, with the quiet bit set.
    static func same(_ a: Float, _ b: Float) -> Bool { a.bitPattern == b.bitPattern }

    /// numpy's float32 for every half (testdata/half/f16_to_f32.bin, written by testdata/make_half_table.py).
    static let numpyTable: [UInt32] = {
        let data = FileManager.default.contents(atPath: STTestData.path("half/f16_to_f32.bin")) ?? Data()
        return data.withUnsafeBytes { raw in
            (0..<raw.count / 4).map { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self)) }
        }
    }()

    /// The scalar conversion against numpy on all 65,536 halves, on every platform. NaNs: numpy keeps a signalling
    /// NaN signalling; ours comes back quiet (as F16C does), with the same sign and payload.
    @Test func scalarMatchesNumpy() throws {
        try #require(Self.numpyTable.count == 65536, "testdata/half/f16_to_f32.bin missing or short")
        var bad = 0
        for h in 0..<65536 {
            let ours = HalfConversion.float(fromHalfBits: UInt16(h)).bitPattern, want = Self.numpyTable[h]
            let quiet: UInt32 = 0x0040_0000
            let ok = Float(bitPattern: want).isNaN ? (ours & quiet != 0 && ours | quiet == want | quiet) : ours == want
            if !ok { bad += 1; if bad < 4 { Issue.record("half \(h): \(ours) vs numpy \(want)") } }
        }
        #expect(bad == 0)
    }

    @Test(arguments: [HalfConversion.Implementation.swift, .automatic])
    func bulkMatchesScalar(_ implementation: HalfConversion.Implementation) {
        Self.expectBulkMatchesScalar(implementation)
    }

    @Test(.enabled(if: HalfConversion.hasF16C, "no F16C on this CPU: .f16c would run the Swift path against itself"))
    func f16cMatchesScalar() {
        Self.expectBulkMatchesScalar(.f16c)
    }

    static func expectBulkMatchesScalar(_ implementation: HalfConversion.Implementation) {
        var out = [Float](repeating: 0, count: 65536)
        Self.allHalves.withUnsafeBytes { src in
            out.withUnsafeMutableBufferPointer { dst in
                HalfConversion.convert(halves: src.baseAddress!, count: 65536, into: dst.baseAddress!, implementation: implementation)
            }
        }
        var bad = 0
        for h in 0..<65536 where !Self.same(out[h], HalfConversion.float(fromHalfBits: UInt16(h))) {
            bad += 1
            if bad < 4 { Issue.record("half \(h): \(out[h].bitPattern) vs \(HalfConversion.float(fromHalfBits: UInt16(h)).bitPattern)") }
        }
        #expect(bad == 0)
    }

    /// Every length 0…70 at every byte offset 0…3, so tails and unaligned loads are covered on both paths.
    @Test(.enabled(if: HalfConversion.hasF16C, "no F16C on this CPU: .f16c would run the Swift path against itself"))
    func lengthsAndAlignment() {
        let bytes = Self.allHalves[0..<400].map { $0 } + [UInt8](repeating: 0x3C, count: 8)
        for offset in 0..<4 {
            for count in 0...70 {
                var swift = [Float](repeating: -1, count: count + 1), c = swift
                bytes.withUnsafeBytes { src in
                    let p = src.baseAddress! + offset
                    swift.withUnsafeMutableBufferPointer { HalfConversion.convert(halves: p, count: count, into: $0.baseAddress!, implementation: .swift) }
                    c.withUnsafeMutableBufferPointer { HalfConversion.convert(halves: p, count: count, into: $0.baseAddress!, implementation: .f16c) }
                }
                #expect(swift.map(\.bitPattern) == c.map(\.bitPattern), "offset \(offset) count \(count)")
                #expect(swift[count] == -1 && c[count] == -1, "wrote past the end")
            }
        }
    }

    /// Whether this platform has an oracle for the F16C report: /proc/cpuinfo on Linux x86-64; elsewhere off x86.
    static let hasF16COracle: Bool = {
        #if arch(x86_64) && !os(Linux)
        return false
        #else
        return true
        #endif
    }()

    @Test(.enabled(if: hasF16COracle, "x86-64 off Linux: no independent oracle for the CPU's F16C flag"))
    func reportsF16C() {
        #if arch(x86_64) && os(Linux)
        // The kernel's own CPUID report is the oracle: the "f16c" flag of /proc/cpuinfo.
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let flags = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ") ?? []
        #expect(HalfConversion.hasF16C == flags.contains("f16c"))
        #else
        #expect(!HalfConversion.hasF16C)
        #endif
    }

    /// Every bfloat16 against its value derived from the format (sign, 8-bit exponent, 7-bit fraction), in Double.
    @Test func bfloat16ValuesFromTheFormat() {
        var bad = 0
        for h in 0..<65536 {
            let sign: Double = h & 0x8000 != 0 ? -1 : 1
            let exponent = (h >> 7) & 0xFF, fraction = Double(h & 0x7F)
            let f = HalfConversion.float(fromBFloat16Bits: UInt16(h))
            let ok: Bool
            switch exponent {
            case 0xFF where fraction == 0: ok = Double(f) == sign * .infinity
            case 0xFF: ok = f.isNaN
            case 0: ok = Double(f) == sign * fraction / 128 * 0x1p-126 && f.sign == (sign < 0 ? .minus : .plus)
            default: ok = Double(f) == sign * (1 + fraction / 128) * Double(sign: .plus, exponent: exponent - 127, significand: 1)
            }
            if !ok { bad += 1; if bad < 4 { Issue.record("bfloat16 \(h): \(f)") } }
        }
        #expect(bad == 0)
    }
}
