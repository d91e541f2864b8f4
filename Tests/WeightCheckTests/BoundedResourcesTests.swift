// Bounded resources: files that claim 2^60 tensors, 1 GiB strings or 10^9-element arrays must fail fast, with
// memory bounded by the file's real size, never by the numbers inside it.
import Foundation
import Testing
@testable import WeightCheck

@Suite struct BoundedResourcesTests {
    /// Peak resident memory of this process so far, in bytes.
    static func peakRSS() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024  // kilobytes on Linux
    }

    /// Runs `body` and checks it raised the process's peak memory by < 64 MiB (no timed assertion: on a shared
    /// machine time proves nothing; memory sized by a claim — the smallest here is 1 GiB — is what a bad bound does).
    /// Tests run in parallel and the peak is the whole process's, so a high reading is retried twice: a neighbour's
    /// spike passes on a retry, memory sized by a claim fails every time.
    func bounded(_ label: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () -> Void) {
        var growth = Int.max
        for _ in 0..<3 where growth >= 64 << 20 {
            let before = Self.peakRSS()
            body()
            growth = Self.peakRSS() - before
        }
        #expect(growth < 64 << 20, "\(label) raised peak memory by \(growth >> 20) MiB", sourceLocation: sourceLocation)
    }

    func expectGGUF(_ bytes: [UInt8], _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        // (Not through `bounded`'s closure: a #expect there crashes this compiler's SendNonSendable pass.)
        var found: String? = nil
        bounded(message, sourceLocation: sourceLocation) { found = ggufMessage(bytes) }
        #expect(found == message, sourceLocation: sourceLocation)
        checkGGUFDamage(bytes, message, sourceLocation: sourceLocation)
    }

    @Test func twoToTheSixtyTensors() throws {
        var b = GGUFBuilder()
        b.header(tensors: 1 << 60, kvs: 0)
        b.zeros(4096)
        expectGGUF(b.bytes, "tensor count 1152921504606846976 at byte 8 cannot fit in the 4096 bytes left")
        var k = GGUFBuilder()
        k.header(tensors: 0, kvs: 1 << 60)
        k.zeros(4096)
        expectGGUF(k.bytes, "metadata count 1152921504606846976 at byte 16 cannot fit in the 4096 bytes left")
        // Through the file API too: the mapping is the file's 4 KB, nothing more.
        let dir = TemporaryDirectory()
        let path = dir.write("many.gguf", b.bytes)
        bounded("2^60 tensors from a file") {
            #expect(throws: WeightFileError.self) { try GGUFFile(path: path) }
        }
    }

    /// A count just inside the header's bytes-left check: the table reserved for it is bounded by the file size.
    @Test func countAtTheLimitOfTheFile() {
        var b = GGUFBuilder()
        b.header(tensors: (1 << 20) / 24, kvs: 0)
        b.zeros(1 << 20)  // 1 MiB of zeros: empty names, so the second tensor is a duplicate
        expectGGUF(b.bytes, "duplicate tensor '' at byte 48")
    }

    @Test func oneGiBStrings() {
        let gib: UInt64 = 1 << 30
        var key = GGUFBuilder()
        key.header(tensors: 0, kvs: 1)
        key.u64(gib); key.zeros(64)
        expectGGUF(key.bytes, "truncated metadata key at byte 24: length 1073741824 but only 64 bytes left")
        var value = GGUFBuilder()
        value.header(tensors: 0, kvs: 1)
        value.string("general.name"); value.u32(8); value.u64(gib); value.zeros(64)
        expectGGUF(value.bytes, "truncated value of metadata key 'general.name' at byte 48: length 1073741824 but only 64 bytes left")
        var element = GGUFBuilder()
        element.header(tensors: 0, kvs: 1)
        element.string("tokens"); element.u32(9); element.u32(8); element.u64(2); element.string("a"); element.u64(gib)
        element.zeros(64)
        expectGGUF(element.bytes, "truncated string in array 'tokens' at byte 63: length 1073741824 but only 64 bytes left")
        var name = GGUFBuilder()
        name.header(tensors: 1, kvs: 0)
        name.u64(gib); name.zeros(64)
        expectGGUF(name.bytes, "truncated tensor name at byte 24: length 1073741824 but only 64 bytes left")
        // safetensors: a 1 GiB header length is refused before anything is read.
        var st: [UInt8] = []
        withUnsafeBytes(of: gib.littleEndian) { st += $0 }
        st += Array("{}".utf8)
        bounded("1 GiB safetensors header") {
            #expect(throws: SafetensorsError.headerTooLarge(file: "m", length: gib)) { try parseSafetensors(st) }
        }
    }

    @Test func billionElementArrays() {
        let billion: UInt64 = 1_000_000_000
        for (type, size) in [(GGUFValueType.uint8, 1), (.float32, 4), (.float64, 8)] {
            var b = GGUFBuilder()
            b.header(tensors: 0, kvs: 1)
            b.string("arr"); b.u32(9); b.u32(type.rawValue); b.u64(billion); b.zeros(64)
            expectGGUF(b.bytes, "truncated array 'arr' (1000000000 × \(type.name)) at byte 51: need \(size * Int(billion)) bytes, have 64")
        }
        var s = GGUFBuilder()
        s.header(tensors: 0, kvs: 1)
        s.string("arr"); s.u32(9); s.u32(8); s.u64(billion); s.zeros(64)
        expectGGUF(s.bytes, "array 'arr' count 1000000000 at byte 43 cannot fit in the 64 bytes left")
        // safetensors: a billion-element tensor whose offsets say so, in a file of a few bytes.
        let header = #"{"w":{"dtype":"F32","shape":[1000000000],"data_offsets":[0,4000000000]}}"#
        let bytes = safetensorsBytes(header: header, data: [0, 0, 0, 0])
        bounded("billion-element safetensors tensor") {
            let e = checkSafetensorsDamage(bytes, "billion-element tensor")
            #expect(e?.code == "truncated")
        }
    }
}
