// Discovery invariance: every way of naming the same bytes — cache root, HF_HOME, repository, snapshots/,
// snapshot, a file or subfolder in it, the blob, a link to it, repeats and orders — gives the same verdict.
import Foundation
import Testing
@testable import WeightCheck

@Suite struct DiscoveryInvarianceTests {
    let tiny = [UInt8].contents(of: TestData.path("gguf/tiny.gguf"))
    let shard1 = [UInt8].contents(of: TestData.path("safetensors/sharded/model-00001-of-00002.safetensors"))
    let shard2 = [UInt8].contents(of: TestData.path("safetensors/sharded/model-00002-of-00002.safetensors"))
    let index = [UInt8].contents(of: TestData.path("safetensors/sharded/model.safetensors.index.json"))

    /// Error codes per file name (the last path component), the shape of a verdict that naming cannot change.
    func verdict(_ r: VerifyReport) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for f in r.files { out[Paths.name(f.path), default: []] += f.problems.filter { $0.severity == .error }.map(\.code.rawValue).sorted() }
        return out
    }

    /// A cache holding a GGUF model and a sharded safetensors model, each in a `sub/` folder of the snapshot too.
    func cache(_ dir: TemporaryDirectory) -> HubCacheBuilder {
        let c = HubCacheBuilder(root: dir.path + "/home/hub")
        c.add("model.gguf", tiny)
        c.add("config.json", Array("{\"model_type\": \"llama\"}\n".utf8), lfs: false)
        return c
    }

    /// Every way a user can point at the cached `model.gguf`.
    func namings(_ c: HubCacheBuilder, _ dir: TemporaryDirectory, blob: String) -> [[String]] {
        let file = c.snapshot + "/model.gguf"
        let link = dir.path + "/elsewhere.gguf"
        try? FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: file)
        return [[c.root], [dir.path + "/home"], [c.repo], [c.repo + "/snapshots"], [c.snapshot], [file], [blob], [link],
                [file, file], [file, c.root], [c.root, file], [blob, c.snapshot], [c.repo + "/refs"]]
    }

    @Test func aFlippedBlobIsCaughtHoweverItIsNamed() {
        let dir = TemporaryDirectory()
        let c = cache(dir)
        let blob = c.repo + "/blobs/" + tiny.sha256Hex
        patchFile(blob, at: 5000, [tiny[5000] ^ 0x01])
        for paths in namings(c, dir, blob: blob) {
            let r = Verifier.verify(paths)
            #expect(!r.ok, "\(paths)")
            #expect(verdict(r)["model.gguf"] == ["digest-mismatch"], "\(paths): \(verdict(r))")
            let gguf = r.files.first { $0.path.hasSuffix("model.gguf") }
            #expect(gguf?.path.contains("org/model@01234567/model.gguf") == true, "\(paths): \(gguf?.path ?? "-")")
            #expect(gguf?.problems.first?.message.contains("hf download org/model model.gguf --revision") == true)
        }
    }

    @Test func aHealthyBlobIsProvedHoweverItIsNamed() {
        let dir = TemporaryDirectory()
        let c = cache(dir)
        let blob = c.repo + "/blobs/" + tiny.sha256Hex
        for paths in namings(c, dir, blob: blob) {
            let r = Verifier.verify(paths)
            #expect(r.ok, "\(paths): \(verdict(r)) \(r.layoutProblems)")
            let gguf = r.files.first { $0.path.hasSuffix("model.gguf") }
            #expect(gguf?.provedBy?.kind == .hfBlob, "\(paths)")
            #expect(r.files.filter { $0.path.hasSuffix("model.gguf") }.count == 1)
        }
    }

    @Test func aShardSetIsFoundFromAnyMember() throws {
        let dir = TemporaryDirectory()
        let folder = dir.path + "/m"
        dir.write("m/model-00001-of-00002.safetensors", shard1)
        dir.write("m/model-00002-of-00002.safetensors", shard2)
        dir.write("m/model.safetensors.index.json", index)
        let whole = Verifier.verify([folder])
        #expect(whole.ok)
        for paths in [[folder + "/model-00001-of-00002.safetensors"], [folder + "/model-00002-of-00002.safetensors"],
                      [folder + "/model.safetensors.index.json"]] {
            let r = Verifier.verify(paths)
            #expect(r.ok, "\(paths): \(verdict(r)) \(r.layoutProblems)")
            #expect(r.sets.count == 1, "\(paths)")
            #expect(r.files.filter(\.isWeightFile).count == 2, "\(paths)")
        }
        // GGUF split sets: any shard stands for the set (the README's own usage).
        let split = Verifier.verify([TestData.path("gguf/split/model-00002-of-00003.gguf")])
        #expect(split.ok)
        #expect(split.files.count == 3)
    }

    @Test func inSnapshotsAMissingShardIsAnError() {
        let dir = TemporaryDirectory()
        let c = HubCacheBuilder(root: dir.path + "/hub")
        c.add("model.safetensors.index.json", index, lfs: false)
        c.add("model-00001-of-00002.safetensors", shard1)
        for path in [c.root, c.snapshot, c.snapshot + "/model-00001-of-00002.safetensors"] {
            let r = Verifier.verify([path])
            #expect(!r.ok, "\(path)")
            #expect(r.sets.flatMap(\.findings).contains { $0.code == "missing-shard" }, "\(path)")
        }
    }
}
