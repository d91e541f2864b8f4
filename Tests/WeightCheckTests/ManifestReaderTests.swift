// ManifestReader on tampered manifests: not JSON, another format, an unknown version, missing or mistyped
// fields, paths that would leave the folder, duplicates, impossible tensor ranges — each a clear error that
// names the manifest, the entry and the byte; and ManifestPath's rules one by one.
import Foundation
import Testing
@testable import WeightCheck

@Suite struct ManifestReaderTests {
    static let sha = String(repeating: "ab", count: 32)
    static let xxh = String(repeating: "cd", count: 16)

    /// A valid manifest text with `files` as given (JSON text of the array's members).
    func text(version: String = "1", files: [String]) -> String {
        """
        {"format": "weightcheck-manifest", "version": \(version), "created": "2025-01-01T00:00:00Z", "tool": "weightcheck 0.1.0",
         "files": [\(files.joined(separator: ",\n"))]}
        """
    }

    func plain(_ path: String, size: Int = 3) -> String {
        "{\"path\": \(JSONValue.string(path).serialized()), \"size\": \(size), \"sha256\": \"\(Self.sha)\", \"format\": null}"
    }

    func weights(tensors: String, header: Int = 8, size: Int = 100) -> String {
        "{\"path\": \"m.gguf\", \"size\": \(size), \"sha256\": \"\(Self.sha)\", \"format\": \"gguf\", "
            + "\"header\": {\"bytes\": \(header), \"xxh128\": \"\(Self.xxh)\"}, \"tensors\": [\(tensors)]}"
    }

    func tensor(_ name: String, offset: Int, size: Int) -> String {
        "{\"name\": \"\(name)\", \"type\": \"F32\", \"shape\": [\(size / 4)], \"offset\": \(offset), \"size\": \(size), \"xxh128\": \"\(Self.xxh)\"}"
    }

    /// The error reading `text`, named m.json.
    func rejection(_ text: String) -> ManifestError? {
        do {
            _ = try ManifestReader.parse(text, name: "m.json")
            return nil
        } catch {
            return error
        }
    }

    @Test func aValidManifestReads() throws {
        let m = try ManifestReader.parse(text(files: [plain("b.txt"), plain("a/c.json"), weights(tensors: tensor("w", offset: 8, size: 92))]), name: "m.json")
        #expect(m.files.map(\.path) == ["a/c.json", "b.txt", "m.gguf"])  // sorted
        #expect(m.files[2].tensors?.first?.byteRange == 8..<100)
    }

    @Test func notJSON() {
        let e = rejection("{\"format\": \"weightcheck-manifest\", \"version\": 1,,}")
        #expect(e?.file == "m.json")
        #expect(e?.offset == 48)
        #expect(e?.description.hasPrefix("m.json at byte 48: not JSON:") == true)
        #expect(rejection("")?.reason.hasPrefix("not JSON") == true)
        #expect(rejection("PK\u{3}\u{4} zip")?.reason.hasPrefix("not JSON") == true)
    }

    @Test func anotherDocument() {
        #expect(rejection("[1, 2]")?.reason == "not a weightcheck manifest: the document is a JSON array, not an object")
        #expect(rejection("{\"files\": []}")?.reason == "not a weightcheck manifest: no \"format\" key")
        #expect(rejection("{\"format\": \"sha256sums\", \"version\": 1}")?.reason.contains("format is \"sha256sums\"") == true)
    }

    @Test func unknownVersion() {
        let e = rejection(text(version: "3", files: []))
        #expect(e?.reason == "unknown manifest version 3: this weightcheck reads versions 1 to 2")
        #expect(e?.offset != nil)
        #expect(rejection(text(version: "\"1\"", files: []))?.reason.contains("must be an integer") == true)
        #expect(rejection(text(version: "1.0", files: []))?.reason.contains("must be an integer") == true)
    }

    @Test func versionTwoRecordsEachFilesXXH128AndVersionOneHasNone() throws {
        let x = "\"xxh128\": \"\(Self.xxh)\", "
        let v2 = "{\"path\": \"a\", \"size\": 3, \"sha256\": \"\(Self.sha)\", \(x)\"format\": null}"
        #expect(try ManifestReader.parse(text(version: "2", files: [v2]), name: "m.json").files[0].xxh128 == Self.xxh)
        #expect(try ManifestReader.parse(text(files: [plain("a")]), name: "m.json").files[0].xxh128 == nil)
        #expect(rejection(text(version: "2", files: [plain("a")]))?.reason.contains("xxh128") == true)
        #expect(rejection(text(version: "1", files: [v2]))?.reason.contains("xxh128") == true)
    }

    @Test func pathsThatLeaveTheFolder() {
        for (path, words) in [("../x", "'..'"), ("a/../../x", "'..'"), ("/etc/passwd", "absolute"), ("a\\..\\x", "backslash"),
                              ("a//b", "empty component"), ("./a", "'.'"), ("", "empty path"), ("a/\nb", "control character")] {
            let e = rejection(text(files: [plain("ok.txt"), plain(path)]))
            #expect(e?.entry == "files[1] (\(JSONValue.string(path).serialized()))", "\(path)")
            #expect(e?.reason.contains(words) == true, "\(path): \(e?.reason ?? "accepted")")
            #expect(e?.offset != nil)
            #expect(e?.description.hasPrefix("m.json: files[1]") == true)
        }
    }

    @Test func duplicatePaths() {
        let e = rejection(text(files: [plain("a.bin"), plain("b.bin"), plain("a.bin")]))
        #expect(e?.entry == "files[2] (\"a.bin\")")
        #expect(e?.reason == "duplicate path: also listed as files[0]")
    }

    @Test func missingAndMistypedFields() {
        let noSHA = "{\"path\": \"a\", \"size\": 3, \"format\": null}"
        #expect(rejection(text(files: [noSHA]))?.reason == "missing \"sha256\"")
        #expect(rejection(text(files: [noSHA]))?.entry == "files[0] (\"a\")")
        #expect(rejection(text(files: ["{\"size\": 3}"]))?.reason == "missing \"path\"")
        #expect(rejection(text(files: ["\"a.txt\""]))?.reason == "must be an object, found a string")
        #expect(rejection(text(files: [plain("a", size: -1)]))?.reason.contains("non-negative integer") == true)
        #expect(rejection(text(files: [plain("a").replacingOccurrences(of: Self.sha, with: "XYZ")]))?.reason.contains("64 lowercase hex digits") == true)
        #expect(rejection(text(files: [plain("a").replacingOccurrences(of: "null", with: "\"onnx\"")]))?.reason.contains("\"format\" must be") == true)
        #expect(rejection(text(files: [plain("a").replacingOccurrences(of: "}", with: ", \"mtime\": 5}")]))?.reason == "unknown key \"mtime\"")
        #expect(rejection("{\"format\": \"weightcheck-manifest\", \"version\": 1, \"created\": \"x\", \"tool\": \"t\"}")?.reason == "missing \"files\"")
        // A weight file needs its header and tensors; a plain file may not have them.
        #expect(rejection(text(files: ["{\"path\": \"m\", \"size\": 9, \"sha256\": \"\(Self.sha)\", \"format\": \"gguf\"}"]))?.reason == "missing \"header\"")
        let plainWithTensors = plain("a").replacingOccurrences(of: "}", with: ", \"tensors\": []}")
        #expect(rejection(text(files: [plainWithTensors]))?.reason.contains("only for weight files") == true)
    }

    @Test func impossibleTensorRanges() {
        #expect(rejection(text(files: [weights(tensors: tensor("w", offset: 90, size: 20))]))?.reason.contains("past the end of the file") == true)
        #expect(rejection(text(files: [weights(tensors: tensor("w", offset: 4, size: 4))]))?.reason.contains("inside the header") == true)
        #expect(rejection(text(files: [weights(tensors: tensor("w", offset: Int.max, size: 8))]))?.reason.contains("overflow") == true)
        let overlap = rejection(text(files: [weights(tensors: tensor("a", offset: 8, size: 40) + "," + tensor("b", offset: 40, size: 8))]))
        #expect(overlap?.reason == "tensor \"b\" overlaps tensor \"a\"")
        #expect(overlap?.entry == "files[0] (\"m.gguf\").tensors[1]")
        #expect(rejection(text(files: [weights(tensors: tensor("a", offset: 8, size: 4) + "," + tensor("a", offset: 12, size: 4))]))?.reason == "duplicate tensor name \"a\"")
        #expect(rejection(text(files: [weights(tensors: "", header: 200)]))?.reason.contains("longer than the file") == true)
        // Zero-size tensors may share an offset with anything.
        #expect(rejection(text(files: [weights(tensors: tensor("a", offset: 8, size: 8) + "," + tensor("z", offset: 8, size: 0))])) == nil)
    }

    @Test func aTamperedOrAbsentFileOnDiskIsRejected() throws {
        let dir = TemporaryDirectory()
        let p = dir.write("weightcheck.manifest.json", Array(text(files: [plain("../outside.txt")]).utf8))
        #expect(throws: ManifestError.self) { try ManifestReader.read(path: p) }
        #expect(throws: ManifestError.self) { try ManifestReader.read(path: dir.path + "/absent.json") }
    }

    @Test func pathRules() {
        for ok in ["a", "a/b.c", "snapshots/0123/model-00001-of-00002.safetensors", "naïve name.txt", "a..b", ".hidden", "a b/c"] {
            #expect(ManifestPath.problem(ok) == nil, "\(ok)")
        }
        for bad in ["", "/", "/a", "a/", "a//b", ".", "..", "a/..", "../a", "a/./b", "a\\b", "a\u{0}b", "a\tb", "a\u{7F}"] {
            #expect(ManifestPath.problem(bad) != nil, "\(bad)")
        }
    }
}
