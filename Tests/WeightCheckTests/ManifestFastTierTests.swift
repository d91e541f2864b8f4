// `manifest check --fast`: every byte proved by the whole file's XXH3-128 (schema version 2) instead of its
// SHA-256, damage still named to the tensor, the tier of each file reported; version 1 manifests, which have
// no whole-file XXH3-128, are still read and proved by SHA-256. Held equal to the SHA-256 tier's verdicts.
import Foundation
import Testing
@testable import WeightCheck

struct ManifestFastTierTests {
    @Test func fastTierProvesEveryFileByXXH128() throws {
        let fx = ManifestFixture()
        let m = try fx.create()
        // Whole-file XXH3-128 as `xxhsum -H2` gives it (testdata/make_manifest_fixtures.py).
        #expect(m.files.map(\.xxh128) == ManifestFixture.expectedEntries.map(\.xxh128))
        #expect(m.files.allSatisfy { $0.xxh128 != nil })
        let fast = ManifestChecker.check(m, root: fx.root, fast: true)
        #expect(fast.ok)
        #expect(fast.files.allSatisfy { $0.tier == .xxh128 && $0.sha256 == nil && $0.xxh128 == $0.expected?.xxh128 })
        let slow = ManifestChecker.check(m, root: fx.root)
        #expect(slow.files.allSatisfy { $0.tier == .sha256 && $0.xxh128 == nil })
        #expect(fast.bytesScanned == slow.bytesScanned)
    }

    @Test func aFlippedByteIsNamedToTheTensorByBothTiers() throws {
        let fx = ManifestFixture()
        let m = try fx.create()
        let t = ManifestFixture.entry("tiny.gguf").tensors![2]
        let original = [UInt8].contents(of: fx.path("tiny.gguf"))
        patchFile(fx.path("tiny.gguf"), at: t.offset + 1, [original[t.offset + 1] ^ 0x04])
        for fast in [false, true] {
            let r = ManifestChecker.check(m, root: fx.root, fast: fast)
            #expect(!r.ok)
            let tiny = try #require(r.file("tiny.gguf"))
            #expect(tiny.changedTensors == [t.name])
            #expect(tiny.findings.map(\.code) == ["tensor-changed", "digest-mismatch"])
            #expect(tiny.findings.last?.message.hasPrefix(fast ? "XXH3-128 is " : "SHA-256 is ") == true)
            #expect(r.files.filter { !$0.ok }.map(\.path) == ["tiny.gguf"])
        }
    }

    @Test func bytesOutsideTensorsAreCaughtByTheWholeFileDigest() throws {
        let fx = ManifestFixture()
        let m = try fx.create()
        // The last byte of a non-weight file, and of a weight file's padding are covered only by the file digest.
        let plain = try #require(m.files.first { $0.format == nil && $0.size > 0 })
        let bytes = [UInt8].contents(of: fx.path(plain.path))
        patchFile(fx.path(plain.path), at: bytes.count - 1, [bytes[bytes.count - 1] ^ 0x01])
        let r = ManifestChecker.check(m, root: fx.root, fast: true)
        let f = try #require(r.file(plain.path))
        #expect(f.status == .changed && f.tier == .xxh128)
        #expect(f.findings.map(\.code) == ["digest-mismatch"])
    }

    @Test func versionOneManifestsAreReadAndProvedBySHA256() throws {
        let fx = ManifestFixture()
        var m = try fx.create()
        m.version = 1
        for i in m.files.indices { m.files[i].xxh128 = nil }
        let text = m.serialized()
        #expect(!text.contains("\"xxh128\": \""))
        let read = try ManifestReader.parse(text, name: "v1.json")
        #expect(read == m)
        let r = ManifestChecker.check(read, root: fx.root, fast: true)
        #expect(r.ok)
        #expect(r.files.allSatisfy { $0.tier == .sha256 })
    }
}
