// `stats --histogram` and `inspect` as people read them: bin edges and counts that add up, percentiles and the
// outlier count; enums decoded as gguf-py names them; no line wider than 80 columns when COLUMNS=80.
import Foundation
import Testing

@Suite(.needsWeightcheck)
struct StatsInspectOutputTests {
    /// A GGUF with one F32 tensor of 1,000 values (one far outlier), a long name, and metadata that holds enums.
    static func enumFile(_ dir: TemporaryDirectory, name: String = "encoder.layer.11.attention.self.query.weight.and.more.words") -> String {
        var g = GGUFBuilder()
        g.header(tensors: 1, kvs: 5)
        g.kvString("general.architecture", "bert")
        g.kvU32("general.file_type", 15)
        g.kvU32("bert.pooling_type", 2)
        g.kvU32("bert.expert_gating_func", 9)
        g.string("tokenizer.ggml.token_type"); g.u32(9); g.u32(5); g.u64(6)  // array of INT32
        for t: Int32 in [1, 1, 1, 3, 6, 6] { g.int(t) }
        g.tensorInfo(name, dims: [1000], type: 0, offset: 0)
        g.pad()
        for i in 0..<1000 {
            let v: Float = i == 999 ? 50 : Float(i % 100) / 100 - 0.5
            g.u32(v.bitPattern)
        }
        return dir.write("enums.gguf", g.bytes)
    }

    @Test func histogramPrintsEdgesCountsPercentilesAndOutliers() throws {
        let dir = TemporaryDirectory()
        let path = Self.enumFile(dir)
        let r = try TerminalRunner.run(["stats", "--no-progress", "--histogram", path])
        #expect(r.status == 0, "\(r.stderr)")
        let bins = r.stdout.split(separator: "\n").filter { $0.hasPrefix("    [") }
        #expect(bins.count == 16)
        let counts = bins.map { line -> Int in
            let afterEdges = line.split(separator: "]").last ?? line.split(separator: ")").last!
            let tail = line.contains("]") ? afterEdges : line.split(separator: ")").last!
            return Int(tail.split(separator: " ").first!.replacingOccurrences(of: ",", with: ""))!
        }
        #expect(counts.reduce(0, +) == 1000)
        #expect(counts.first == 999 && counts.last == 1, "\(counts)")
        #expect(bins.first!.replacingOccurrences(of: " ", with: "").hasPrefix("[-0.5,"), "\(bins.first!)")
        #expect(bins.last!.replacingOccurrences(of: " ", with: "").contains(",50]"), "\(bins.last!)")
        #expect(r.stdout.contains("p50\u{A0}"))
        #expect(r.stdout.contains("outliers: 1 value in bins beyond mean ± 4σ"), "\(r.stdout)")
        let json = try TerminalRunner.run(["stats", "--json", "--histogram", path]).json() as! [String: Any]
        let file = (json["files"] as? [[String: Any]])?.first ?? json  // {"ok", "files": [...]} or one file's document
        let h = try #require((file["tensors"] as? [[String: Any]])?.first?["histogram"] as? [String: Any])
        #expect(h["outliers"] as? Int == 1)
        #expect((h["percentiles"] as? [String: Any])?.keys.sorted() == ["p1", "p25", "p5", "p50", "p75", "p95", "p99"])
    }

    /// Colour on, a tensor name holding an escape sequence: our colours pass, the file's sequence is shown escaped.
    @Test func colourNeverLetsAFilesEscapesThrough() throws {
        let dir = TemporaryDirectory()
        let path = Self.enumFile(dir, name: "evil\u{1B}[8mhidden")
        for command in [["stats", "--no-progress"], ["inspect"]] {
            let r = try TerminalRunner.run(command + ["--color=always", path])
            #expect(!r.stdout.contains("\u{1B}[8m"), "\(command)")
            #expect(r.stdout.contains("evil\\e[8mhidden"), "\(command): \(r.stdout)")
        }
        let compare = try TerminalRunner.run(["compare", "--no-progress", "--color=always", "testdata/compare/llama_ref",
                                              "testdata/compare/llama_swap2_q8_0.gguf"])
        #expect(compare.stdout.contains("\u{1B}[1;31mFAIL\u{1B}[0m"))
    }

    @Test func inspectDecodesEnums() throws {
        let dir = TemporaryDirectory()
        let r = try TerminalRunner.run(["inspect", Self.enumFile(dir)])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("15 (MOSTLY_Q4_K_M)"))
        #expect(r.stdout.contains("2 (CLS)"))
        #expect(r.stdout.contains("9 (unknown)"))
        #expect(r.stdout.contains("NORMAL × 3, BYTE × 2, CONTROL × 1"), "\(r.stdout)")
    }

    @Test func noLineWiderThan80Columns() throws {
        let dir = TemporaryDirectory()
        let enums = Self.enumFile(dir)
        for args in [["inspect", enums], ["inspect", "testdata/compare/llama_q4_0.gguf"],
                     ["stats", "--no-progress", "--histogram", enums],
                     ["stats", "--no-progress", "--histogram", "testdata/compare/llama_q4_0.gguf"]] {
            let r = try TerminalRunner.run(args, environment: ["COLUMNS": "80"])
            #expect(TerminalRunner.overlong(r.stdout, columns: 80).isEmpty, "\(args): \(r.stdout)")
            if args.last == enums {
                #expect(r.stdout.contains("encoder.layer.11.") && r.stdout.contains("…"), "the long name is trimmed in the middle: \(r.stdout)")
            }
        }
        let wide = try TerminalRunner.run(["inspect", "--wide", enums], environment: ["COLUMNS": "80"])
        #expect(wide.stdout.contains("encoder.layer.11.attention.self.query.weight.and.more.words"))
    }

    /// `--tensor` with a name no file holds: the reason (with a suggestion) and exit 1, and no empty table for the
    /// file that lacks it; a file that holds it still gets its table.
    @Test func aTensorNamedNowhereGetsAReasonNotAnEmptyTable() throws {
        let dir = TemporaryDirectory()
        let path = Self.enumFile(dir, name: "encoder.query.weight")
        let missing = try TerminalRunner.run(["stats", "--no-progress", "--tensor", "encoder.key.weight", path])
        #expect(missing.status == 1)
        #expect(missing.stdout.isEmpty, "\(missing.stdout)")
        #expect(missing.stderr.contains("no tensor named 'encoder.key.weight'. Did you mean 'encoder.query.weight'?"), "\(missing.stderr)")
        let found = try TerminalRunner.run(["stats", "--no-progress", "--tensor", "encoder.query.weight", path, TestData.path("gguf/tiny.gguf")])
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stdout.contains("encoder.query.weight") && !found.stdout.contains("tiny.gguf"), "\(found.stdout)")
    }
}
