// Completeness is a verdict: files that a layout, list or set expects but that are absent are errors, and an
// input that holds nothing to verify fails rather than passing with "0 files".
import Foundation
import Testing
@testable import WeightCheck

@Suite struct DiscoveryCompletenessTests {
    let tiny = [UInt8].contents(of: TestData.path("gguf/tiny.gguf"))
    let shard1 = [UInt8].contents(of: TestData.path("safetensors/sharded/model-00001-of-00002.safetensors"))

    func errors(_ r: VerifyReport) -> [String] {
        (r.files.flatMap(\.problems) + r.sets.flatMap(\.findings) + r.layoutProblems).filter { $0.severity == .error }.map(\.code.rawValue)
    }

    @Test func nothingToVerify() {
        let dir = TemporaryDirectory()
        try! FileManager.default.createDirectory(atPath: dir.path + "/empty", withIntermediateDirectories: true)
        dir.write("docs/README.md", Array("# hello\n".utf8))
        dir.write("dl/.cache/huggingface/download/abcd.0123.incomplete", [1, 2, 3])
        for (path, code) in [("empty", "nothing-to-verify"), ("docs", "nothing-to-verify"), ("dl", "incomplete-download")] {
            let r = Verifier.verify([dir.path + "/" + path])
            #expect(!r.ok, "\(path)")
            #expect(errors(r).contains(code), "\(path): \(errors(r))")
        }
        #expect(errors(Verifier.verify([dir.path + "/nope"])) == ["missing"])
    }

    @Test func filesNamedByMetadataOrListsButAbsent() {
        let dir = TemporaryDirectory()
        dir.write("dl/model.gguf", tiny)
        dir.write("dl/.cache/huggingface/download/model.gguf.metadata",
                  Array("0123456789abcdef0123456789abcdef01234567\n\(tiny.sha256Hex)\n1732000000.0\n".utf8))
        dir.write("dl/.cache/huggingface/download/gone.gguf.metadata",
                  Array("0123456789abcdef0123456789abcdef01234567\n\(tiny.sha256Hex)\n1732000000.0\n".utf8))
        let r = Verifier.verify([dir.path + "/dl"])
        #expect(errors(r) == ["missing-file"])
        #expect(r.files.first { $0.path.hasSuffix("model.gguf") }?.provedBy?.kind == .localDirMetadata)
        // The file alone is still proved by its metadata, whichever way it is named.
        #expect(Verifier.verify([dir.path + "/dl/model.gguf"]).files[0].provedBy?.kind == .localDirMetadata)

        dir.write("sums/model.gguf", tiny)
        dir.write("sums/SHA256SUMS", Array("\(tiny.sha256Hex)  model.gguf\n\(tiny.sha256Hex)  other.gguf\n".utf8))
        let s = Verifier.verify([dir.path + "/sums"])
        #expect(errors(s) == ["missing-file"])
        #expect(s.layoutProblems.first?.message.contains("SHA256SUMS line 2") == true)
        #expect(Verifier.verify([dir.path + "/sums/model.gguf"]).files[0].provedBy?.kind == .checksumList)
    }

    @Test func namedShardsWithoutAnIndex() {
        let dir = TemporaryDirectory()
        let one = dir.write("m/model-00001-of-00002.safetensors", shard1)
        dir.write("m/config.json", Array("{\"num_hidden_layers\": 32}\n".utf8))
        for path in [dir.path + "/m", one] {
            let r = Verifier.verify([path])
            #expect(errors(r) == ["missing-shard"], "\(path): \(errors(r))")
            #expect(r.layoutProblems.first?.message.contains("shard 2 of 2 is missing") == true)
        }
    }

    @Test func anIndexGivenDirectlyIsTheSet() {
        let r = Verifier.verify([TestData.path("safetensors/sharded/model.safetensors.index.json")])
        #expect(r.ok, "\(errors(r))")
        #expect(r.files.filter { $0.path.hasSuffix("index.json") }.count == 1)
    }

    @Test func expectSHA256JoinsTheOtherReferences() {
        let dir = TemporaryDirectory()
        let c = HubCacheBuilder(root: dir.path + "/hub")
        let blob = c.add("model.gguf", tiny)
        // The file first and the cache second: the blob name's reference is kept, not dropped.
        let r = Verifier.verify([blob, c.root])
        #expect(r.files.first { $0.path.hasSuffix("model.gguf") }?.references.map(\.kind) == [.hfBlob])
        let e = Verifier.verify([c.snapshot + "/model.gguf"], options: VerifyOptions(expectedSHA256: tiny.sha256Hex))
        #expect(Set(e.files[0].references.map(\.kind)) == [.hfBlob, .expectedSHA256])
    }
}
