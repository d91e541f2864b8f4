// `weightcheck compare` end to end through the built binary: exit codes, the JSON shape the issue fixes, figures
// against numpy's, swapped tensors named, unmatched tensors listed not failed, --map, --html, usage errors.
import Foundation
import Testing

@Suite(.needsWeightcheck)
struct CompareCLITests {
    static let dir = "testdata/compare/"

    static func tensors(_ doc: [String: Any]) -> [String: [String: Any]] {
        var out: [String: [String: Any]] = [:]
        for t in doc["tensors"] as! [[String: Any]] { out[t["candidate"] as! String] = t }
        return out
    }

    @Test func faithfulQuantPassesWithTheFixedJSONShape() throws {
        let r = try CLIRunner.run(["compare", "--json", Self.dir + "llama_ref", Self.dir + "llama_q8_0.gguf"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.crashed)
        let doc = try r.json() as! [String: Any]
        for key in ["ok", "reference", "candidate", "tensors", "unmatched_reference", "unmatched_candidate"] {
            #expect(doc[key] != nil, "missing \(key)")
        }
        #expect(doc["ok"] as? Bool == true)
        #expect(doc["reference"] as? String == Self.dir + "llama_ref")
        #expect(doc["candidate"] as? String == Self.dir + "llama_q8_0.gguf")
        #expect(doc["unmatched_reference"] as? [String] == ["model.layers.0.self_attn.rotary_emb.inv_freq"])
        #expect(doc["unmatched_candidate"] as? [String] == ["rope_freqs.weight"])
        let rows = try CompareFixtures.rows("llama_q8_0")
        let found = Self.tensors(doc)
        #expect(found.count == rows.count)
        for row in rows {
            let t = try #require(found[row.candidate])
            for key in ["reference", "candidate", "type", "rmse", "max_abs", "cosine", "snr_db", "ok"] {
                #expect(t.keys.contains(key), "\(row.candidate) lacks \(key)")
            }
            #expect(t["reference"] as? String == row.reference)
            #expect(t["type"] as? String == row.type.name)
            #expect(t["ok"] as? Bool == true)
            for key in ["rmse", "max_abs", "cosine"] {
                let ours = (t[key] as! NSNumber).doubleValue
                #expect(close(ours, row.figure(key)!), "\(row.candidate) \(key) \(ours) vs \(row.figure(key)!)")
            }
            if let snr = row.figure("snr_db") {
                #expect(close((t["snr_db"] as! NSNumber).doubleValue, snr), "\(row.candidate) snr_db")
            } else {
                #expect(t["snr_db"] is NSNull, "\(row.candidate): an exact copy has an infinite SNR, printed null")
            }
        }
    }

    @Test func swappedTensorsFailAndAreNamed() throws {
        let args = [Self.dir + "llama_ref/model.safetensors", Self.dir + "llama_broken_q4_0.gguf"]
        let json = try CLIRunner.run(["compare", "--json"] + args)
        #expect(json.status == 1)
        let doc = try json.json() as! [String: Any]
        #expect(doc["ok"] as? Bool == false)
        let failed = Set(Self.tensors(doc).filter { $0.value["ok"] as? Bool == false }.keys)
        #expect(failed == ["blk.0.ffn_gate.weight", "blk.0.ffn_up.weight", "blk.1.attn_q.weight"])
        let text = try CLIRunner.run(["compare", "--no-progress"] + args)
        #expect(text.status == 1)
        for name in failed { #expect(text.stdout.contains("\(name): "), "\(name) not named with its reasons") }
        #expect(text.stdout.contains("swapped or mis-mapped"))
        #expect(text.stdout.contains("FAIL: 3 of 21"))
        // Worst first: the table's first data row is a failure.
        let lines = text.stdout.split(separator: "\n")
        let header = try #require(lines.firstIndex { $0.hasPrefix("tensor ") })
        #expect(lines[header + 2].hasSuffix("FAIL"))
        #expect(text.stdout.contains("unmatched reference tensors (1, not compared)"))
    }

    @Test func ggufAgainstGGUFPasses() throws {
        let r = try CLIRunner.run(["compare", "--json", Self.dir + "llama_f16.gguf", Self.dir + "llama_q4_0.gguf"])
        #expect(r.status == 0, "\(r.stdout)")
        let doc = try r.json() as! [String: Any]
        #expect((doc["tensors"] as! [Any]).count == 22)
        #expect((doc["unmatched_reference"] as! [Any]).isEmpty)
    }

    @Test func mapFileRepairsAMisnamedPair() throws {
        let dir = TemporaryDirectory()
        let map = dir.write("map.json", Array("""
            {"model.layers.0.mlp.gate_proj.weight": "blk.0.ffn_up.weight",
             "model.layers.0.mlp.up_proj.weight": "blk.0.ffn_gate.weight"}
            """.utf8))
        let r = try CLIRunner.run(["compare", "--json", "--map", map, Self.dir + "llama_ref",
                                   Self.dir + "llama_broken_q4_0.gguf"])
        #expect(r.status == 1)
        let doc = try r.json() as! [String: Any]
        let failed = Self.tensors(doc).filter { $0.value["ok"] as? Bool == false }.keys
        #expect(Array(failed) == ["blk.1.attn_q.weight"])
        // The same map on the faithful file mis-maps the pair: both fail.
        let wrong = try CLIRunner.run(["compare", "--json", "--map", map, Self.dir + "llama_ref", Self.dir + "llama_q8_0.gguf"])
        #expect(wrong.status == 1)
        let bad = dir.write("bad.json", Array("[1, 2]".utf8))
        let rejected = try CLIRunner.run(["compare", "--map", bad, Self.dir + "llama_ref", Self.dir + "llama_q8_0.gguf"])
        #expect(rejected.status == 1)
        #expect(rejected.stderr.contains("not an object"))
    }

    @Test func htmlPageIsSelfContained() throws {
        let dir = TemporaryDirectory()
        let page = dir.path + "/report.html"
        let r = try CLIRunner.run(["compare", "--no-progress", "--html", page, Self.dir + "llama_ref",
                                   Self.dir + "llama_broken_q4_0.gguf"])
        #expect(r.status == 1)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(html.contains("<svg") && html.contains("</svg>"))
        #expect(html.contains("<polyline"))
        #expect(html.contains("blk.0.ffn_gate.weight"))
        #expect(!html.contains("src=") && !html.contains("href=") && !html.contains("@import"))
        #expect(html.hasSuffix("</html>\n"))
    }

    @Test func usageAndInputErrors() throws {
        let one = try CLIRunner.run(["compare", Self.dir + "llama_ref"])
        #expect(one.status == 64)
        let three = try CLIRunner.run(["compare", "a", "b", "c"])
        #expect(three.status == 64)
        let threads = try CLIRunner.run(["compare", "--threads", "0", Self.dir + "llama_ref", Self.dir + "llama_q8_0.gguf"])
        #expect(threads.status == 64)
        let missing = try CLIRunner.run(["compare", "--json", Self.dir + "nope", Self.dir + "llama_q8_0.gguf"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no such file or folder"))
        let doc = try missing.json() as! [String: Any]
        #expect(doc["ok"] as? Bool == false)
        let help = try CLIRunner.run(["help", "compare"])
        #expect(help.status == 0 && help.stdout.contains("--map"))
    }
}
