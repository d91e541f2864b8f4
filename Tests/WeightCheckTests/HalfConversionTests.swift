// Half and bfloat16 conversion: scalar Swift, SIMD Swift and the C F16C path, held equal on all 65,536
// bit patterns and against the standard library's Float(Float16) (the slow library call on x86-64).
import Testing
import CWeightKernels
@testable import WeightCheck

@Suite struct HalfConversionTests {
    /// Every half as little-endian bytes, in order.
    static let allHalves: [UInt8] = (0..<65536).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }

    /// NaN-aware bit equality: NaNs must agree in sign and payload, with the quiet bit set.
    static func same(_ a: Float, _ b: Float) -> Bool { a.bitPattern == b.bitPattern }

    @Test func scalarMatchesStandardLibrary() {
        for h in 0..<65536 {
            let ours = HalfConversion.float(fromHalfBits: UInt16(h))
            #if !((os(macOS) || os(iOS)) && arch(x86_64))
            let library = Float(Float16(bitPattern: UInt16(h)))
            if library.isNaN {
                #expect(ours.isNaN && ours.sign == library.sign)
                #expect(ours.bitPattern & 0x0040_0000 != 0, "NaN not quiet for \(h)")
                #expect(ours.bitPattern & 0x003F_E000 == library.bitPattern & 0x003F_E000, "payload for \(h)")
            } else {
                #expect(ours.bitPattern == library.bitPattern, "half \(h)")
            }
            #endif
        }
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

    @Test func reportsF16C() {
        #if arch(x86_64) && os(Linux)
        // The kernel's own CPUID report is the oracle: the "f16c" flag of /proc/cpuinfo.
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let flags = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ") ?? []
        #expect(HalfConversion.hasF16C == flags.contains("f16c"))
        #elseif arch(x86_64)
        _ = HalfConversion.hasF16C  // no independent oracle on this OS
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
