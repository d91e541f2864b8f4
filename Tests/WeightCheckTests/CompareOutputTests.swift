// How `compare` reads at a glance: swaps and rotations named (text and JSON) on fixtures made by
// make_compare_fixtures.py, the default selection of rows, --all and --failed, lines fitted to 80 columns.
import Foundation
import Testing
@testable import WeightCheck

@Suite(.needsWeightcheck)
struct CompareOutputTests {
    static let dir = "testdata/compare/"

    static func expectedRotation(_ stem: String) throws -> [String: String] {
        let data = try Data(contentsOf: TestData.root.appendingPathComponent(dir + "expected_\(stem).json"))
        let doc = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        var out: [String: String] = [:]
        for m in doc["expected_rotation"] as! [[String: String]] { out[m["candidate"]!] = m["holds"]! }
        return out
    }

    static func swaps(_ stem: String) throws -> [[String: Any]] {
        let r = try TerminalRunner.run(["compare", "--json", dir + "llama_ref", dir + stem + ".gguf"])
        #expect(r.status == 1)
        let doc = try r.json() as! [String: Any]
        return doc["swaps"] as! [[String: Any]]
    }

    @Test(arguments: [("llama_swap2_q8_0", "swap"), ("llama_rotate3_q8_0", "rotation")])
    func swapsAndRotationsAreNamedInJSON(stem: String, kind: String) throws {
        let expected = try Self.expectedRotation(stem)
        let swaps = try Self.swaps(stem)
        try #require(swaps.count == 1, "\(swaps)")
        #expect(swaps[0]["kind"] as? String == kind)
        let tensors = swaps[0]["tensors"] as! [[String: Any]]
        var found: [String: String] = [:]
        for t in tensors {
            found[t["candidate"] as! String] = t["holds"] as? String
            #expect((t["cosine"] as! NSNumber).doubleValue > 0.999)
        }
        #expect(found == expected)
    }

    @Test func swapIsNamedInText() throws {
        let r = try TerminalRunner.run(["compare", "--no-progress", Self.dir + "llama_ref",
                                        Self.dir + "llama_swap2_q8_0.gguf"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("layer 1: attn_k ↔ attn_v swapped (attn_k matches "
                                  + "model.layers.1.self_attn.v_proj.weight, cosine 0.99"), "\(r.stdout)")
        let rotated = try TerminalRunner.run(["compare", "--no-progress", Self.dir + "llama_ref",
                                              Self.dir + "llama_rotate3_q8_0.gguf"])
        #expect(rotated.stdout.contains("blk.0.ffn_gate, blk.0.ffn_up, blk.1.ffn_gate rotated"), "\(rotated.stdout)")
    }

    @Test func faithfulFilesNameNoSwap() throws {
        #expect(try Self.swaps("llama_broken_q4_0").map { $0["kind"] as? String } == ["swap"])
        let r = try TerminalRunner.run(["compare", "--json", Self.dir + "llama_ref", Self.dir + "llama_q4_0.gguf"])
        let doc = try r.json() as! [String: Any]
        #expect((doc["swaps"] as? [Any])?.isEmpty == true)
    }

    /// The rows of the tensor table (between the rule and the first blank line).
    static func tableRows(_ text: String) -> [Substring] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let rule = lines.firstIndex(where: { $0.hasPrefix("──") }) else { return [] }
        return Array(lines[(rule + 1)...].prefix { !$0.isEmpty && !$0.hasPrefix("…") })
    }

    @Test func defaultListsFailuresAndTheWorstFewAllAndFailedTheRest() throws {
        let args = ["compare", "--no-progress", Self.dir + "llama_ref", Self.dir + "llama_broken_q4_0.gguf"]
        let summary = Self.tableRows(try TerminalRunner.run(args).stdout)
        let all = Self.tableRows(try TerminalRunner.run(args + ["--all"]).stdout)
        let failed = Self.tableRows(try TerminalRunner.run(args + ["--failed"]).stdout)
        #expect(all.count == 21)
        #expect(failed.count == 3 && failed.allSatisfy { $0.hasSuffix("FAIL") })
        #expect(summary.count == 3 + CompareOutputTestsLimits.worstPerType, "\(summary)")
        #expect(try TerminalRunner.run(args + ["--all", "--failed"]).status == 64)
    }

    @Test(arguments: ["llama_broken_q4_0", "llama_swap2_q8_0", "llama_rotate3_q8_0", "llama_q8_0"])
    func noLineIsWiderThan80Columns(stem: String) throws {
        for extra in [[], ["--all"]] {
            let r = try TerminalRunner.run(["compare", "--no-progress", Self.dir + "llama_ref", Self.dir + stem + ".gguf"]
                                           + extra, environment: ["COLUMNS": "80"])
            #expect(TerminalRunner.overlong(r.stdout, columns: 80).isEmpty, "\(r.stdout)")
        }
        let wide = try TerminalRunner.run(["compare", "--no-progress", "--wide", "--all", Self.dir + "llama_ref",
                                           Self.dir + stem + ".gguf"], environment: ["COLUMNS": "80"])
        #expect(wide.stdout.contains("model.layers.0.self_attn.q_proj.weight"), "--wide keeps the reference column")
    }

    /// Every block tensor paired with the other layer's by --map: most tensors fail, so the candidate is not a
    /// variant of this reference; no swap search runs (it would pair all of them up) and a note says so.
    @Test func mostTensorsFailingIsANoteNotASwapList() throws {
        let dir = TemporaryDirectory()
        let kinds = ["attn_norm", "attn_q", "attn_k", "attn_v", "attn_output", "ffn_norm", "ffn_gate", "ffn_up", "ffn_down"]
        var map: [String: String] = [:]
        for k in kinds {
            map["blk.0.\(k).weight"] = "blk.1.\(k).weight"
            map["blk.1.\(k).weight"] = "blk.0.\(k).weight"
        }
        let path = dir.write("map.json", Array(try JSONSerialization.data(withJSONObject: map)))
        let args = ["compare", "--no-progress", "--map", path, Self.dir + "llama_f16.gguf", Self.dir + "llama_q8_0.gguf"]
        let text = try TerminalRunner.run(args)
        #expect(text.status == 1)
        #expect(text.stdout.contains("most tensors fail: is the reference the model this candidate was made from?"))
        #expect(!text.stdout.contains("swapped:") && !text.stdout.contains(" ↔ "), "\(text.stdout)")
        let doc = try TerminalRunner.run(args + ["--json"]).json() as! [String: Any]
        #expect((doc["swaps"] as? [Any])?.isEmpty == true)
    }

    @Test func rotationsAreGroupedIntoCycles() {
        func m(_ i: Int) -> SwapMatch { SwapMatch(candidate: "c\(i)", holds: "r\(i)", holdsCandidate: "c", cosine: 1) }
        let found = SwapFinder.group(best: [0: m(0), 1: m(1), 2: m(2), 5: m(5), 6: m(6), 9: m(9)],
                                     next: [0: 1, 1: 2, 2: 0, 5: 6, 6: 5, 9: 4])
        #expect(found.map(\.kind) == [.rotation, .swap, .misplaced])
        #expect(found[0].matches.map(\.candidate) == ["c0", "c1", "c2"])
    }
}

/// The number of passing tensors per type the default lists (CompareRendering.worstPerType; the fixtures' exact
/// F32 tensors are left to the summary).
enum CompareOutputTestsLimits {
    static let worstPerType = 3
}
