// CRC-32 (zip's checksum): slicing-by-8 against its bitwise twin on every length 0…2048 and unaligned
// starts, against zlib.crc32 (testdata/pytorch/expected.json), and crc32Combine against one pass.
import Foundation
import Testing
@testable import WeightCheck

@Suite struct CRC32Tests {
    static func bytes(_ n: Int, seed: UInt64 = 1) -> [UInt8] {
        var s = seed
        return (0..<n).map { _ in
            s = s &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: s >> 33)
        }
    }

    @Test func checkValue() {
        #expect(Array("123456789".utf8).withUnsafeBytes { crc32($0) } == 0xCBF4_3926)
        #expect([UInt8]().withUnsafeBytes { crc32($0) } == 0)
    }

    @Test func slicingEqualsBitwiseOnEveryLengthAndAlignment() {
        let data = Self.bytes(2048 + 8, seed: 7)
        data.withUnsafeBytes { raw in
            for start in 0..<8 {
                for n in stride(from: 0, through: 2048, by: start == 0 ? 1 : 37) {
                    let view = UnsafeRawBufferPointer(rebasing: raw[start..<(start + n)])
                    #expect(crc32(view) == crc32Bitwise(view), "length \(n) at +\(start)")
                }
            }
        }
        let big = Self.bytes(1 << 20, seed: 9)
        big.withUnsafeBytes { #expect(crc32($0) == crc32Bitwise($0)) }
    }

    @Test func equalsZlib() throws {
        let expected = try #require((try TestData.json("pytorch/expected.json") as? [String: Any])?["crc32_lengths"] as? [String: Int])
        #expect(expected.count > 100)
        let pattern = (0..<70000).map { UInt8($0 % 251) }
        pattern.withUnsafeBytes { raw in
            for (length, crc) in expected {
                let n = Int(length)!
                #expect(crc32(UnsafeRawBufferPointer(rebasing: raw[0..<n])) == UInt32(crc), "length \(n)")
            }
        }
    }

    @Test func continuingAndCombiningEqualOnePass() {
        let data = Self.bytes(100_000, seed: 3)
        data.withUnsafeBytes { raw in
            let whole = crc32(raw)
            for cut in [0, 1, 7, 8, 4095, 65_536, 99_999, 100_000] {
                let a = UnsafeRawBufferPointer(rebasing: raw[0..<cut]), b = UnsafeRawBufferPointer(rebasing: raw[cut...])
                #expect(crc32(b, continuing: crc32(a)) == whole, "continuing at \(cut)")
                #expect(crc32Combine(crc32(a), crc32(b), lengthB: b.count) == whole, "combined at \(cut)")
            }
        }
    }
}
