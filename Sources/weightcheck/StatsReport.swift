// StatsReport: how `stats` shows its figures — an aligned table per file fitted to the width, histograms as
// edges, counts and log-scale bars with percentiles and outliers,
// and the JSON document `{path, tensors: [{name, type, count, min, max, mean, std, nan, inf, zeros, bad_scales}]}`.
import Foundation
import WeightCheck

enum StatsReport {
    static func text(path: String, _ r: ScanResult, histograms: [TensorHistogram?]?, style: OutputStyle = .plain,
                     console: Console) {
        console.print(TerminalText.escape(path))
        let headers = ["name", "type", "count", "min", "max", "mean", "std", "nan", "inf", "zeros", "bad scales"]
        var rows: [[String]] = []
        for tr in r.tensors {
            guard let s = tr.statistics else {
                rows.append([TerminalText.escape(tr.tensor.name), tr.tensor.type.name, "-", "-", "-", "-", "-", "-", "-", "-", "✗"])
                continue
            }
            func num(_ x: Double?) -> String { x.map(Fmt.number) ?? "-" }
            rows.append([TerminalText.escape(tr.tensor.name), tr.tensor.type.name, Fmt.count(s.count), num(s.minimum), num(s.maximum),
                         num(s.mean), num(s.std), "\(s.nanCount)", "\(s.infCount)", Fmt.count(s.zeroCount),
                         tr.tensor.type.isBlockQuantized ? "\(s.badScales)" : "-"])
        }
        // nan, inf and bad scales: a column of zeros says one thing, once, under the table.
        let quiet = [7, 8, 10].filter { c in rows.allSatisfy { $0[c] == "0" || $0[c] == "-" } }
        let kept = headers.indices.filter { !quiet.contains($0) }
        var t = TextTable(kept.map { headers[$0] }, alignments: kept.map { $0 < 2 ? .left : .right })
        t.trimmable = 0
        t.droppable = [9, 2, 5].compactMap { kept.firstIndex(of: $0) }
        for row in rows {
            let bad = row.last == "✗" || quiet.count < 3 && [7, 8, 10].contains { !quiet.contains($0) && row[$0] != "0" && row[$0] != "-" }
            t.add(kept.map { row[$0] }, paint: bad ? [0: style.red] : [:])
        }
        t.render(indent: "  ", width: style.width).forEach(console.print)
        if !quiet.isEmpty, !rows.isEmpty {
            console.print("  " + quiet.map { headers[$0] }.joined(separator: ", ") + ": 0 in every tensor")
        }
        for tr in r.tensors where tr.problem != nil {
            style.wrap(style.red("✗") + " tensor '\(TerminalText.escape(tr.tensor.name))': \(TerminalText.escape(tr.problem!))", indent: "  ").forEach(console.print)
        }
        if let histograms {
            for (i, tr) in r.tensors.enumerated() {
                guard let h = histograms[i] else { continue }
                console.print()
                histogram(tr, h, style: style).forEach(console.print)
            }
        }
        console.print()
    }

    /// One tensor's histogram: a row per bin with its edges, its count and a bar on a log scale; then the
    /// percentiles read from the bins and the outlier count.
    static func histogram(_ tr: TensorScanResult, _ h: TensorHistogram, style: OutputStyle) -> [String] {
        let total = h.counts.reduce(0, +)
        var out = style.wrap("\(TerminalText.escape(tr.tensor.name))  \(tr.tensor.type.name), \(Fmt.count(total)) finite values in "
                             + "\(h.counts.count) bins (bars: log scale)", indent: "  ")
        let lows = h.edges.dropLast().map(Fmt.number), highs = h.edges.dropFirst().map(Fmt.number)
        let counts = h.counts.map(Fmt.count)
        let lw = lows.map(\.count).max() ?? 0, hw = highs.map(\.count).max() ?? 0, cw = counts.map(\.count).max() ?? 0
        let barWidth = max(8, min(40, (style.width ?? 80) - (14 + lw + hw + cw)))
        for k in h.counts.indices {
            let close = k == h.counts.count - 1 ? "]" : ")"
            let line = "    [" + pad(lows[k], lw) + ", " + pad(highs[k], hw) + close + "  " + pad(counts[k], cw) + "  "
            out.append(line + bar(h.counts[k], top: h.counts.max() ?? 0, width: barWidth))
        }
        let p = percentiles(h, [1, 5, 25, 50, 75, 95, 99])
        out += style.wrap("percentiles (from the bins): " + zip([1, 5, 25, 50, 75, 95, 99], p)
            .map { "p\($0)\u{A0}" + ($1.isFinite ? String(format: "%.3g", $1) : "-") }.joined(separator: ", "),
            indent: "    ")
        if let s = tr.statistics, let mean = s.mean, let std = s.std {
            let n = outliers(h, mean: mean, std: std)
            let text = "outliers: \(Fmt.count(n)) value\(n == 1 ? "" : "s") in bins beyond mean ± \(Int(outlierSigmas))σ"
                + (total > 0 ? String(format: " (%.3g%%)", Double(n) * 100 / Double(total)) : "")
            out += style.wrap(n > 0 ? style.yellow(text) : text, indent: "    ")
        }
        return out
    }

    /// Standard deviations from the mean beyond which a bin's values count as outliers.
    static let outlierSigmas = 4.0

    /// Values in bins lying wholly outside mean ± 4σ.
    static func outliers(_ h: TensorHistogram, mean: Double, std: Double) -> Int {
        guard std > 0 else { return 0 }
        let lo = mean - outlierSigmas * std, hi = mean + outlierSigmas * std
        return h.counts.indices.reduce(0) { n, k in h.edges[k + 1] < lo || h.edges[k] > hi ? n + h.counts[k] : n }
    }

    /// Percentiles (0…100) by linear interpolation within the bins.
    static func percentiles(_ h: TensorHistogram, _ ps: [Double]) -> [Double] {
        let total = Double(h.counts.reduce(0, +))
        guard total > 0 else { return ps.map { _ in .nan } }
        return ps.map { p in
            let target = p / 100 * total
            var below = 0.0
            for k in h.counts.indices {
                let c = Double(h.counts[k])
                if below + c >= target && c > 0 {
                    return h.edges[k] + (h.edges[k + 1] - h.edges[k]) * (target - below) / c
                }
                below += c
            }
            return h.upperBound
        }
    }

    private static func pad(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - s.count)) + s }

    /// A bar of `width` cells for `count` on a log scale (log(1 + count) / log(1 + top)), in eighths of a cell.
    static func bar(_ count: Int, top: Int, width: Int) -> String {
        guard count > 0, top > 0 else { return "" }
        let eighths = max(1, Int((log(1 + Double(count)) / log(1 + Double(top)) * Double(width * 8)).rounded()))
        let partial: [Character] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"].map { $0.first ?? " " }
        return String(repeating: "█", count: eighths / 8) + (eighths % 8 == 0 ? "" : String(partial[eighths % 8]))
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
                    var hist: JSONObject = ["edges": .array(h.edges.map { .number($0) }),
                                            "counts": .array(h.counts.map { .integer(Int64($0)) })]
                    let ps = [1.0, 5, 25, 50, 75, 95, 99]
                    hist["percentiles"] = .object(JSONObject(zip(ps, percentiles(h, ps)).map { p, v in
                        ("p\(Int(p))", v.isFinite ? JSONValue.number(v) : .null)
                    }))
                    if let mean = s?.mean, let std = s?.std {
                        hist["outliers"] = .integer(Int64(outliers(h, mean: mean, std: std)))
                    }
                    o["histogram"] = .object(hist)
                }
                return .object(o)
            }),
        ]
    }
}
