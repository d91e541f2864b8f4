// StatsReport: how `stats` shows its figures — an aligned table per file, histograms as block bars,
// and the JSON document `{path, tensors: [{name, type, count, min, max, mean, std, nan, inf, zeros, bad_scales}]}`.
import WeightCheck

enum StatsReport {
    static func text(path: String, _ r: ScanResult, histograms: [TensorHistogram?]?, console: Console) {
        console.print(TerminalText.escape(path))
        var t = TextTable(["name", "type", "count", "min", "max", "mean", "std", "nan", "inf", "zeros", "bad scales"],
                          alignments: [.left, .left, .right, .right, .right, .right, .right, .right, .right, .right, .right])
        for tr in r.tensors {
            guard let s = tr.statistics else {
                t.add([TerminalText.escape(tr.tensor.name), tr.tensor.type.name, "-", "-", "-", "-", "-", "-", "-", "-", "✗"])
                continue
            }
            func num(_ x: Double?) -> String { x.map(Fmt.number) ?? "-" }
            t.add([TerminalText.escape(tr.tensor.name), tr.tensor.type.name, Fmt.count(s.count), num(s.minimum), num(s.maximum), num(s.mean),
                   num(s.std), "\(s.nanCount)", "\(s.infCount)", Fmt.count(s.zeroCount),
                   tr.tensor.type.isBlockQuantized ? "\(s.badScales)" : "-"])
        }
        t.render(indent: "  ").forEach(console.print)
        for tr in r.tensors where tr.problem != nil {
            console.print("  ✗ tensor '\(TerminalText.escape(tr.tensor.name))': \(tr.problem!)")
        }
        if let histograms {
            console.print()
            let names = r.tensors.map { TerminalText.escape($0.tensor.name) }
            let width = names.map(\.count).max() ?? 0
            for (i, _) in r.tensors.enumerated() {
                guard let h = histograms[i] else { continue }
                let name = names[i] + String(repeating: " ", count: max(0, width - names[i].count))
                console.print("  \(name)  \(Fmt.number(h.lowerBound)) \(bars(h.counts)) \(Fmt.number(h.upperBound))")
            }
        }
        console.print()
    }

    /// Counts as one line of block characters, scaled to the largest bin.
    static func bars(_ counts: [Int]) -> String {
        let levels: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        let top = max(1, counts.max() ?? 1)
        return String(counts.map { c in c == 0 ? levels[0] : levels[max(1, Int((Double(c) / Double(top) * 8).rounded(.up)))] })
    }

    static func json(path: String, _ r: ScanResult, histograms: [TensorHistogram?]?) -> JSONValue {
        func num(_ x: Double?) -> JSONValue { x.map { .number($0) } ?? .null }
        return [
            "path": .string(path),
            "tensors": .array(r.tensors.enumerated().map { i, tr in
                let s = tr.statistics
                var o: JSONObject = [
                    "name": .string(tr.tensor.name),
                    "type": .string(tr.tensor.type.name),
                    "count": s.map { .integer(Int64($0.count)) } ?? .null,
                    "min": num(s?.minimum), "max": num(s?.maximum), "mean": num(s?.mean), "std": num(s?.std),
                    "nan": s.map { .integer(Int64($0.nanCount)) } ?? .null,
                    "inf": s.map { .integer(Int64($0.infCount)) } ?? .null,
                    "zeros": s.map { .integer(Int64($0.zeroCount)) } ?? .null,
                    "bad_scales": s.map { .integer(Int64($0.badScales)) } ?? .null,
                ]
                if let p = tr.problem { o["problem"] = .string(p) }
                if let h = histograms?[i] {
                    o["histogram"] = ["edges": .array(h.edges.map { .number($0) }), "counts": .array(h.counts.map { .integer(Int64($0)) })]
                }
                return .object(o)
            }),
        ]
    }
}
