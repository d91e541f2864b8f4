// Regression tests for what the fuzzers (Tests/Fuzz/) and the hostile-input review found: each crashing input, kept
// as bytes or as a file under testdata/regressions/, must now be rejected with an offset or accepted safely.
import Testing
@testable import WeightCheck

@Suite struct FuzzRegressionTests {
    /// Parses `bytes` leniently (as `stats` does), keeping the typed error.
    func parseLenient(_ bytes: [UInt8]) -> Result<GGUFHeader, GGUFError> {
        bytes.withUnsafeBytes { raw in
            do throws(GGUFReadError) {
                return .success(try GGUFHeaderReader.read(raw, allowTruncatedData: true))
            } catch {
                return .failure(error.error(file: "t.gguf"))
            }
        }
    }

    /// fuzz-gguf-header, crash-d6f44ed5: in the lenient mode a zero-size (or unknown-type) tensor placed after a
    /// tensor cut off by the end of the file starts past the end, and building its range `start..<fileSize`
    /// trapped ("Range requires lowerBound <= upperBound"). `weightcheck stats` on this file crashed.
    @Test func lenientTensorStartingPastTheEnd() throws {
        let bytes = [UInt8].contents(of: TestData.path("regressions/gguf-lenient-tensor-past-end.gguf"))
        checkGGUFDamage(bytes, "crash-d6f44ed5")
        let h = try parseLenient(bytes).get()
        #expect(!h.truncated.isEmpty)
        #expect(ggufPromiseBroken(h, fileSize: bytes.count) == nil)
    }

    /// The same bug reduced by hand: an F32 tensor whose data is missing, then a zero-element tensor.
    @Test func lenientZeroSizeTensorAfterCutOne() throws {
        var b = GGUFBuilder()
        b.header(tensors: 2, kvs: 0)
        b.tensorInfo("a", dims: [4], type: 0, offset: 0)
        b.tensorInfo("b", dims: [0], type: 0, offset: 32)
        b.pad()
        let size = b.bytes.count
        #expect(ggufMessage(b.bytes) == "tensor 'a' data ends at byte \(size + 16), past the end of the \(size)-byte file: corrupted or incomplete")
        let h = try parseLenient(b.bytes).get()
        #expect(h.tensors.map(\.byteRange) == [size..<size, size..<size])
        #expect(h.truncated.map(\.tensor) == ["a", "b"])
        // An unknown type in the same place (its size runs to the end of the file).
        var u = GGUFBuilder()
        u.header(tensors: 2, kvs: 0)
        u.tensorInfo("a", dims: [4], type: 0, offset: 0)
        u.tensorInfo("b", dims: [4], type: 99, offset: 32)
        u.pad()
        let hu = try parseLenient(u.bytes).get()
        #expect(hu.tensors.allSatisfy { $0.byteRange == u.bytes.count..<u.bytes.count })
    }

    /// The general form: in every fixture, the last tensor made zero-size, the file cut at every byte of its data.
    @Test(arguments: GGUFFixtureTests.fixtures)
    func lenientCutBeforeAZeroSizeTensor(_ name: String) throws {
        var bytes = [UInt8].contents(of: TestData.path("gguf/" + name))
        let layout = GGUFLayout(bytes)
        let dataOffset = try parseGGUF(bytes).get().dataOffset
        let last = try #require(layout.infos.last?.dimOffsets.first)
        layout.write(0, into: &bytes, at: last, width: 8)
        for n in stride(from: dataOffset, through: bytes.count, by: 7) {
            let cut = Array(bytes.prefix(n))
            checkGGUFDamage(cut, "\(name) cut at \(n)")
            if case .success(let h) = parseLenient(cut) {
                #expect(ggufPromiseBroken(h, fileSize: n) == nil)
            }
        }
    }

    /// Found by review: a shard count comes from the file name, and verify walked every shard number up to it
    /// (a finding and a stat per missing shard): `m-00001-of-99999999.gguf` hung. Counts above llama.cpp's
    /// UINT16 `split.count` no longer make a name a shard name.
    @Test func splitCountFromAFileNameIsBounded() {
        #expect(GGUFSplitSet.parseName("d/m-00001-of-99999999.gguf") == nil)
        #expect(GGUFSplitSet.parseName("d/m-00001-of-9223372036854775807.gguf") == nil)
        #expect(GGUFSplitSet.parseName("d/m-00001-of-65536.gguf") == nil)
        #expect(GGUFSplitSet.parseName("d/m-00001-of-65535.gguf")?.count == 65_535)
        // At the limit the checks stay linear and quick, and many missing shards are one finding.
        let clock = ContinuousClock()
        let start = clock.now
        let sets = GGUFSplitSet.group(["d/m-00001-of-65535.gguf"])
        let findings = sets.first?.check(parsed: [:]) ?? []
        #expect(findings.map(\.message) == ["65534 of 65535 shards are missing: 2–65535"])
        #expect(clock.now - start < damageTimeLimit)
    }
}
