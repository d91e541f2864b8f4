// Manifest create and check on copies of the fixtures: the recorded figures equal gguf-py's tables and
// sha256sum / xxhsum digests; each kind of damage (flipped tensor byte, header, padding, truncation,
// missing, extra, renamed) is named exactly; serial and parallel runs agree.
import Foundation
import Testing
@testable import WeightCheck

@Suite struct ManifestTests {
    @Test func createRecordsWhatTheReferenceToolsSay() throws {
        let fx = ManifestFixture()
        let m = try fx.create()
        #expect(m.version == 2)
        #expect(m.created == ManifestFixture.created)
        #expect(m.tool == "weightcheck test")
        // Hidden files and folders are not listed.
        #expect(m.files.map(\.path) == ManifestFixture.expectedEntries.map(\.path))
        for (got, want) in zip(m.files, ManifestFixture.expectedEntries) {
            #expect(got == want, "\(got.path)")
        }
    }

    @Test func writtenTextReadsBackEqualAndIsStable() throws {
        let fx = ManifestFixture()
        let m = try fx.createAndWrite()
        let text = String(decoding: [UInt8].contents(of: fx.path(Manifest.defaultFileName)), as: UTF8.self)
        #expect(text == m.serialized())
        #expect(try ManifestReader.read(path: fx.path(Manifest.defaultFileName)) == m)
        // The same folder gives the same text; the written manifest is not listed in the next one.
        #expect(try fx.create().serialized() == text)
        // Key order as documented; one tensor per line.
        let lines = text.split(separator: "\n")
        #expect(lines[1] == "  \"format\": \"weightcheck-manifest\",")
        #expect(lines[2] == "  \"version\": 2,")
        #expect(lines.contains { $0.hasPrefix("        {\"name\":\"token_embd.weight\",\"type\":\"F32\",\"shape\":[64,8],\"offset\":3456,") })
        // The parsed text is the same JSON value the model gives.
        #expect(try JSONParser().parse(text) == m.json)
    }

    @Test func createThenCheckPasses() throws {
        let fx = ManifestFixture()
        try fx.createAndWrite()
        let r = try fx.check(strict: true)
        #expect(r.ok)
        #expect(r.notOK == [])
        #expect(r.files.count == ManifestFixture.expectedEntries.count)
        #expect(r.bytesScanned == ManifestFixture.expectedEntries.reduce(0) { $0 + $1.size })
    }

    @Test func aFlippedByteInATensorNamesThatTensorOnly() throws {
        let fx = ManifestFixture()
        try fx.createAndWrite()
        for entry in ManifestFixture.expectedEntries {
            for t in entry.tensors ?? [] where t.size > 0 {
                let original = [UInt8].contents(of: fx.path(entry.path))
                let at = t.offset + t.size / 2
                patchFile(fx.path(entry.path), at: at, [original[at] ^ 0x10])
                let r = try fx.check()
                let c = r.file(entry.path)
                #expect(!r.ok)
                #expect(r.notOK == [entry.path])
                #expect(c?.status == .changed)
                #expect(c?.changedTensors == [t.name], "\(entry.path) byte \(at)")
                #expect(c?.headerChanged == false)
                #expect(Set(c?.findings.map(\.code.rawValue) ?? []) == ["tensor-changed", "digest-mismatch"])
                #expect(c?.findings.first { $0.code == "tensor-changed" }?.tensor == t.name)
                fx.restore(entry.path, original)
            }
        }
        #expect(try fx.check().ok)
    }

    @Test func headerDamageNamesTheHeaderOnly() throws {
        let fx = ManifestFixture()
        try fx.createAndWrite()
        for rel in ["tiny.gguf", "dtypes.safetensors"] {
            let entry = ManifestFixture.entry(rel)
            let original = [UInt8].contents(of: fx.path(rel))
            // A byte of the header's middle (a key or a tensor name), and the first magic byte.
            for at in [entry.header!.bytes / 2, 0] {
                patchFile(fx.path(rel), at: at, [original[at] ^ 0x01])
                let c = try fx.check().file(rel)
                #expect(c?.status == .changed)
                #expect(c?.headerChanged == true, "\(rel) byte \(at)")
                #expect(c?.changedTensors == [])
                #expect(c?.findings.filter { $0.code == "header-changed" }.count == 1)
                if at == 0 { #expect(c?.findings.first?.message.contains("no longer parses") == true) }
                fx.restore(rel, original)
            }
        }
    }

    @Test func damageInPaddingIsTheWholeFileDigestOnly() throws {
        let fx = ManifestFixture()
        try fx.createAndWrite()
        let original = [UInt8].contents(of: fx.path("tiny.gguf"))
        patchFile(fx.path("tiny.gguf"), at: 11540, [original[11540] ^ 0xFF])  // between ffn_down (ends 11528) and attn_norm.bias (11552)
        let c = try #require(try fx.check().file("tiny.gguf"))
        #expect(c.status == .changed)
        #expect(c.changedTensors == [] && !c.headerChanged)
        #expect(c.findings.map(\.code.rawValue) == ["digest-mismatch"])
        #expect(c.findings[0].message.contains("padding"))
    }

    @Test func truncationCutsOffTheLastTensors() throws {
        let fx = ManifestFixture()
        try fx.createAndWrite()
        truncateFile(fx.path("tiny.gguf"), to: 8064 + 100)  // inside blk.0.attn_output.weight
        let c = try #require(try fx.check().file("tiny.gguf"))
        #expect(c.status == .changed)
        #expect(c.size == 8164)
        #expect(c.changedTensors == [])
        #expect(c.cutOffTensors == ["blk.0.attn_output.weight", "blk.0.ffn_up.weight", "blk.0.ffn_down.weight", "blk.0.attn_norm.bias",
                                 "rope_freqs.weight"])
        #expect(c.findings.contains { $0.code == "size-changed" && $0.message.contains("shorter") })
        #expect(!c.headerChanged)
        // Cut inside the header: the header is named, every tensor cut off.
        truncateFile(fx.path("tiny.gguf"), to: 1000)
        let h = try #require(try fx.check().file("tiny.gguf"))
        #expect(h.headerChanged)
        #expect(h.cutOffTensors.count == 10)
    }

    @Test func appendedBytesChangeOnlySizeAndDigest() throws {
        let fx = ManifestFixture()
        try fx.createAndWrite()
        let original = [UInt8].contents(of: fx.path("dtypes.safetensors"))
        fx.restore("dtypes.safetensors", original + [0, 0, 0, 0])
        let c = try #require(try fx.check().file("dtypes.safetensors"))
        #expect(Set(c.findings.map(\.code.rawValue)) == ["size-changed", "digest-mismatch"])
        #expect(c.changedTensors == [] && !c.headerChanged)
    }

    @Test func aChangedPlainFileIsADigestMismatch() throws {
        let fx = ManifestFixture()
        try fx.createAndWrite()
        patchFile(fx.path("sharded/config.json"), at: 5, [0x5A])
        let r = try fx.check()
        #expect(r.notOK == ["sharded/config.json"])
        #expect(r.file("sharded/config.json")?.findings.map(\.code.rawValue) == ["digest-mismatch"])
    }

    @Test func missingFileIsAnError() throws {
        let fx = ManifestFixture()
        try fx.createAndWrite()
        try FileManager.default.removeItem(atPath: fx.path("align64.gguf"))
        let r = try fx.check()
        #expect(!r.ok)
        #expect(r.file("align64.gguf")?.status == .missing)
        #expect(r.file("align64.gguf")?.findings.map(\.code.rawValue) == ["missing"])
        #expect(r.notOK == ["align64.gguf"])
    }

    @Test func extraFileIsAWarningOrWithStrictAnError() throws {
        let fx = ManifestFixture()
        try fx.createAndWrite()
        fx.dir.write("notes/README.md", Array("new\n".utf8))
        fx.dir.write(".cache/huggingface/x.metadata", [1])             // hidden folder: not extra
        fx.dir.write("sub/" + Manifest.defaultFileName, Array("{}".utf8))  // another manifest: not extra
        let r = try fx.check()
        #expect(r.ok)
        #expect(r.notOK == ["notes/README.md"])
        #expect(r.file("notes/README.md")?.status == .extra)
        #expect(r.file("notes/README.md")?.findings.map(\.severity) == [.warning])
        let strict = try fx.check(strict: true)
        #expect(!strict.ok)
        #expect(strict.file("notes/README.md")?.findings.map(\.severity) == [.error])
    }

    @Test func renamedFileIsNamedAsSuch() throws {
        let fx = ManifestFixture()
        try fx.createAndWrite()
        try FileManager.default.createDirectory(atPath: fx.path("moved"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: fx.path("dtypes.safetensors"), toPath: fx.path("moved/weights.safetensors"))
        let r = try fx.check()
        #expect(!r.ok)
        let c = try #require(r.file("dtypes.safetensors"))
        #expect(c.status == .renamed)
        #expect(c.renamedTo == "moved/weights.safetensors")
        #expect(c.findings.map(\.code.rawValue) == ["renamed"])
        // The file holding the bytes is explained by the rename, not reported as extra.
        #expect(r.file("moved/weights.safetensors") == nil)
        #expect(r.notOK == ["dtypes.safetensors"])
    }

    @Test func renameDetectionNeedsTheSameBytes() throws {
        let fx = ManifestFixture()
        try fx.createAndWrite()
        var bytes = [UInt8].contents(of: fx.path("dtypes.safetensors"))
        try FileManager.default.removeItem(atPath: fx.path("dtypes.safetensors"))
        bytes[790] ^= 1
        fx.dir.write("other.safetensors", bytes)  // same size, other bytes
        let r = try fx.check()
        #expect(r.file("dtypes.safetensors")?.status == .missing)
        #expect(r.file("other.safetensors")?.status == .extra)
        #expect(r.file("other.safetensors")?.sha256 == bytes.sha256Hex)
    }

    @Test func serialAndParallelRunsAgree() throws {
        let fx = ManifestFixture()
        let one = try fx.create(threads: 1)
        #expect(try fx.create(threads: 4) == one)
        try fx.createAndWrite()
        patchFile(fx.path("tiny.gguf"), at: 6000, [0xAB])
        try FileManager.default.removeItem(atPath: fx.path("align64.gguf"))
        let a = try fx.check(threads: 1), b = try fx.check(threads: 3)
        #expect(a.files.map(\.status) == b.files.map(\.status))
        #expect(a.allFindings == b.allFindings)
    }

    @Test func aFolderLinkIsNotFollowed() throws {
        let fx = ManifestFixture()
        let outside = TemporaryDirectory()
        outside.write("secret.bin", [1, 2, 3])
        try FileManager.default.createSymbolicLink(atPath: fx.path("linked"), withDestinationPath: outside.path)
        // create does not walk into it …
        let m = try fx.create()
        #expect(!m.files.contains { $0.path.hasPrefix("linked") })
        // … and check does not read through it, even when a manifest lists a path there.
        var tampered = m
        tampered.files.append(ManifestEntry(path: "linked/secret.bin", size: 3, sha256: [UInt8]([1, 2, 3]).sha256Hex))
        let r = ManifestChecker.check(tampered, root: fx.root)
        let c = try #require(r.file("linked/secret.bin"))
        #expect(c.status == .unreadable)
        #expect(c.sha256 == nil)
        #expect(c.findings.first?.message.contains("symbolic link") == true)
        #expect(throws: ManifestError.self) { try ManifestWriter.create(root: fx.root, paths: [fx.path("linked/secret.bin")]) }
    }

    @Test func aLinkToAFileIsFollowedAsHuggingFaceSnapshotsNeed() throws {
        let dir = TemporaryDirectory()
        let c = HubCacheBuilder(root: dir.path + "/hub")
        let tiny = [UInt8].contents(of: TestData.path("gguf/tiny.gguf"))
        c.add("model.gguf", tiny)
        let m = try ManifestWriter.create(root: c.snapshot, paths: [c.snapshot])
        #expect(m.files.map(\.path) == ["model.gguf"])
        #expect(m.files[0].sha256 == tiny.sha256Hex)
        #expect(m.files[0].tensors?.count == 10)
        #expect(ManifestChecker.check(m, root: c.snapshot).ok)
    }

    @Test func pathsOutsideTheRootAreRefused() throws {
        let fx = ManifestFixture()
        let other = TemporaryDirectory()
        other.write("a.bin", [1])
        #expect(throws: ManifestError.self) { try ManifestWriter.create(root: fx.root, paths: [other.path + "/a.bin"]) }
        #expect(throws: ManifestError.self) { try ManifestWriter.create(root: fx.root + "/sharded", paths: [fx.path("tiny.gguf")]) }
        #expect(throws: ManifestError.self) { try ManifestWriter.create(root: fx.root, paths: [fx.path("no-such-file")]) }
    }

    @Test func filesAndFoldersGivenExplicitly() throws {
        let fx = ManifestFixture()
        let m = try ManifestWriter.create(root: fx.root, paths: [fx.path("sharded"), fx.path("tiny.gguf"), fx.path("sharded/config.json"), fx.path(".DS_Store")])
        // Duplicates collapse; a hidden file named explicitly is listed.
        #expect(m.files.map(\.path) == [".DS_Store", "sharded/config.json", "sharded/model-00001-of-00002.safetensors", "tiny.gguf"])
        #expect(ManifestWriter.commonFolder([fx.path("sharded/config.json"), fx.path("tiny.gguf")]) == Paths.absolute(fx.root))
        #expect(ManifestWriter.commonFolder([fx.path("sharded")]) == Paths.absolute(fx.path("sharded")))
    }

    @Test func aWeightFileThatDoesNotParseIsRecordedByItsDigest() throws {
        let dir = TemporaryDirectory()
        var bad = [UInt8].contents(of: TestData.path("gguf/tiny.gguf"))
        bad[4] = 9  // GGUF version 9
        dir.write("bad.gguf", bad)
        let (m, findings) = try ManifestWriter.build(root: dir.path, paths: [dir.path])
        #expect(m.files.count == 1)
        #expect(m.files[0].format == nil && m.files[0].tensors == nil)
        #expect(m.files[0].sha256 == bad.sha256Hex)
        #expect(findings.map(\.code.rawValue) == ["unparsed-weights"])
    }

    static let sha256sum = ["/usr/bin/sha256sum", "/bin/sha256sum"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: sha256sum != nil, "needs coreutils sha256sum"))
    func sha256sumAcceptsTheList() throws {
        let tool = try #require(ManifestTests.sha256sum)
        let fx = ManifestFixture()
        let m = try fx.createAndWrite()
        let list = fx.dir.write("SHA256SUMS", Array((m.sha256sumLines.joined(separator: "\n") + "\n").utf8))
        func run() throws -> (Int32, String) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: tool)
            p.arguments = ["-c", list]
            p.currentDirectoryURL = URL(fileURLWithPath: fx.root)
            let out = Pipe()
            p.standardOutput = out
            p.standardError = Pipe()
            try p.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            return (p.terminationStatus, text)
        }
        let (status, text) = try run()
        #expect(status == 0)
        #expect(text.split(separator: "\n").count == m.files.count)
        #expect(text.contains("tiny.gguf: OK"))
        patchFile(fx.path("tiny.gguf"), at: 6000, [0xAB])
        let (bad, badText) = try run()
        #expect(bad != 0)
        #expect(badText.contains("tiny.gguf: FAILED"))
    }
}
