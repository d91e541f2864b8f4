// `weightcheck inspect --json` end to end against the reference readers' view of every fixture
// (gguf-py's GGUFReader, safetensors' safe_open), field by field; and the CLI contract for bad input.
import Foundation
import Testing

@Suite(.needsWeightcheck)
struct InspectCLITests {
    static let gguf = ["tiny.gguf", "bigendian.gguf", "align64.gguf", "split/model-00002-of-00003.gguf"]

    @Test(arguments: gguf)
    func ggufMatchesReference(_ name: String) throws {
        let r = try CLIRunner.run(["inspect", "--json", "testdata/gguf/" + name])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try r.json() as! [String: Any]
        let files = try #require(doc["files"] as? [[String: Any]])
        let ours = try #require(files.first { ($0["path"] as! String).hasSuffix(name) })
        let exp = try TestData.json("gguf/expected/" + name.replacingOccurrences(of: "/", with: "_") + ".json") as! [String: Any]
        #expect(ours["format"] as? String == "gguf")
        for key in ["version", "alignment", "data_offset", "tensor_count"] {
            #expect(ours[key] as? Int == exp[key] as? Int, "\(key)")
        }
        let tensors = ours["tensors"] as! [[String: Any]], expTensors = exp["tensors"] as! [[String: Any]]
        #expect(tensors.count == expTensors.count)
        for (t, e) in zip(tensors, expTensors) {
            for key in ["name", "type"] { #expect(t[key] as? String == e[key] as? String) }
            for key in ["offset", "size"] { #expect(t[key] as? Int == e[key] as? Int) }
            #expect(t["shape"] as? [Int] == e["shape"] as? [Int])
        }
        let meta = ours["metadata"] as! [String: Any], expMeta = exp["metadata"] as! [String: [String: Any]]
        #expect(Set(meta.keys) == Set(expMeta.keys))
        #expect(ours["parameters"] as? Int == expTensors.reduce(0) { $0 + ($1["elements"] as! Int) })
    }

    @Test func safetensorsMatchesReference() throws {
        for name in ["dtypes", "all_dtypes", "rank0", "zero_size"] {
            let r = try CLIRunner.run(["inspect", "--json", "testdata/safetensors/\(name).safetensors"])
            #expect(r.status == 0)
            let doc = try r.json() as! [String: Any]
            let ours = try #require((doc["files"] as? [[String: Any]])?.first)
            let exp = try TestData.json("safetensors/expected/\(name).json") as! [String: Any]
            let expTensors = (exp["tensors"] as? [[String: Any]]) ?? []
            let tensors = ours["tensors"] as! [[String: Any]]
            #expect(tensors.count == expTensors.count, "\(name)")
            let byName = Dictionary(uniqueKeysWithValues: tensors.map { ($0["name"] as! String, $0) })
            for e in expTensors {
                let t = try #require(byName[e["name"] as! String])
                #expect(t["type"] as? String == e["dtype"] as? String)
                #expect(t["shape"] as? [Int] == e["shape"] as? [Int])
                if let off = e["offset"] as? Int { #expect(t["offset"] as? Int == off) }
                if let size = e["size"] as? Int { #expect(t["size"] as? Int == size) }
            }
        }
    }

    @Test func badInputIsOneLineAndExitOne() throws {
        let dir = TemporaryDirectory()
        var bytes = [UInt8].contents(of: TestData.path("gguf/tiny.gguf"))
        bytes[4] = 9
        let bad = dir.write("bad.gguf", bytes)
        let cut = dir.write("cut.gguf", Array(bytes.prefix(100)))
        let garbage = dir.write("x.bin", Array("hello".utf8))
        for path in [bad, cut, garbage, dir.path + "/missing.gguf"] {
            for command in [["inspect"], ["verify"], ["stats"], ["inspect", "--json"]] {
                let r = try CLIRunner.run(command + [path])
                #expect(!r.crashed)
                #expect(r.status == 1, "\(command) \(path): \(r.status) \(r.stderr)")
                let lines = (r.stderr + r.stdout).split(separator: "\n")
                #expect(lines.contains { $0.contains((path as NSString).lastPathComponent) }, "\(r.stderr)")
            }
        }
        let usage = try CLIRunner.run(["inspect", "--frobnicate", bad])
        #expect(usage.status == 64)
        #expect(usage.stderr.hasPrefix("Error: unknown option '--frobnicate'"))
        #expect(try CLIRunner.run(["help", "verify"]).stdout.contains("OVERVIEW:"))
        #expect(try CLIRunner.run(["nope"]).status == 64)
    }
}
