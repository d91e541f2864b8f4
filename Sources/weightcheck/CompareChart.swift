// CompareChart: the two SVG panels of `compare --html` — relative RMSE and 1 − cosine per layer, log scales with
// plain tick labels, each storage type's expected-error limit drawn as a dashed line over a green band, one
// colour per tensor kind, failing points in red and labelled, a tooltip (type, figure, limit) on every point.
import Foundation
import WeightCheck

enum CompareChart {
    /// One charted tensor.
    struct Point {
        let layer: Int
        let kind: String
        let name: String
        let type: String
        let ok: Bool
        let relativeRMSE: Double
        let cosine: Double
        let band: QuantErrorBand?
    }

    /// Colours for tensor kinds (Tableau 10 without its red, which marks failures only).
    static let palette = ["#4e79a7", "#f28e2b", "#59a14f", "#76b7b2", "#edc948", "#b07aa1", "#9c755f", "#17becf",
                          "#bab0ac", "#8c6d31"]
    static let failRed = "#c62828"

    static func points(_ report: CompareReport) -> [Point] {
        report.tensors.compactMap { t in
            guard let layer = t.layer, let f = t.figures, f.relativeRMSE.isFinite else { return nil }
            return Point(layer: layer, kind: t.kind, name: t.candidate, type: t.type.name, ok: t.ok,
                         relativeRMSE: f.relativeRMSE, cosine: f.cosine,
                         band: QuantErrorBands.band(reference: t.referenceType, candidate: t.type))
        }
    }

    /// Both panels side by side (they wrap under each other on a narrow window), and the legend.
    static func panels(_ report: CompareReport) -> String {
        let all = points(report)
        let charted = all.filter { $0.relativeRMSE > 0 }
        let kinds = charted.reduce(into: [String]()) { if !$0.contains($1.kind) { $0.append($1.kind) } }
        guard !charted.isEmpty else {
            return "<p>No per-layer tensor with a non-zero, finite error to chart.</p>\n"
        }
        func colour(_ kind: String) -> String { palette[(kinds.firstIndex(of: kind) ?? 0) % palette.count] }
        var h = "<div class=panels>\n<figure><figcaption>Relative RMSE per layer</figcaption>\n"
        h += panel(charted, value: { $0.relativeRMSE }, limit: { $0.band?.maxRelativeRMSE },
                   limitText: { $0.band.map { "limit " + tick($0.maxRelativeRMSE) } },
                   figure: { "relative RMSE " + Fmt.number($0.relativeRMSE) }, colour: colour, label: "relative RMSE")
        h += "</figure>\n<figure><figcaption>1 − cosine per layer</figcaption>\n"
        h += panel(charted, value: { max(1e-12, 1 - $0.cosine) }, limit: { $0.band.map { 1 - $0.minCosine } },
                   limitText: { $0.band.map { String(format: "at least %.4g", $0.minCosine) } },
                   figure: { "cosine " + CompareRendering.cosine($0.cosine) }, colour: colour, label: "1 − cosine")
        h += "</figure>\n</div>\n<p class=legend>"
        h += kinds.map { "<span><i style=\"background:\(colour($0))\"></i>\(CompareHTML.esc($0))</span>" }.joined()
        h += "<span><i class=failkey></i>fails</span><span><i class=bandkey></i>expected error of the type "
        h += "(dashed: its limit)</span></p>\n<p class=note>Log scales. Exact tensors (error 0, such as F32 norms) "
        h += "are not drawn; tensors outside the blocks (embeddings, output) are in the table only.</p>\n"
        return h
    }

    /// One log-scale panel of `value` against layer; `limit` is where a type's band ends on this scale, `limitText`
    /// how the tooltip states it.
    static func panel(_ points: [Point], value: (Point) -> Double, limit: (Point) -> Double?, limitText: (Point) -> String?,
                      figure: (Point) -> String, colour: (String) -> String, label: String) -> String {
        let width = 560.0, height = 340.0, left = 62.0, right = 14.0, top = 12.0, bottom = 38.0
        let plotW = width - left - right, plotH = height - top - bottom
        let minLayer = points.map(\.layer).min()!, maxLayer = points.map(\.layer).max()!
        var limits: [(type: String, value: Double)] = []
        for p in points { if let l = limit(p), l > 0, !limits.contains(where: { $0.type == p.type }) { limits.append((p.type, l)) } }
        let values = points.map(value) + limits.map(\.value)
        let lo = floor(log10(values.min()!)), hi = max(lo + 1, ceil(log10(values.max()! * 1.6)))  // room for labels
        let inset = 14.0
        func x(_ layer: Int) -> Double {
            maxLayer == minLayer ? left + plotW / 2
                : left + inset + (plotW - 2 * inset) * Double(layer - minLayer) / Double(maxLayer - minLayer)
        }
        func y(_ v: Double) -> Double { top + plotH * (1 - (log10(v) - lo) / (hi - lo)) }
        func f(_ d: Double) -> String { String(format: "%.1f", d) }

        var s = "<svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(label) per layer\">\n"
        for (type, l) in limits {  // the band: from the bottom to the limit, green; the limit dashed
            s += "<rect x=\"\(f(left))\" y=\"\(f(y(l)))\" width=\"\(f(plotW))\" height=\"\(f(top + plotH - y(l)))\" "
            s += "class=\"band\"/><line x1=\"\(f(left))\" x2=\"\(f(left + plotW))\" y1=\"\(f(y(l)))\" y2=\"\(f(y(l)))\" "
            s += "class=\"limit\"/><text class=\"limitlabel\" x=\"\(f(left + plotW - 4))\" y=\"\(f(y(l) - 4))\" "
            s += "text-anchor=\"end\">\(CompareHTML.esc(type)) limit \(tick(l))</text>\n"
        }
        s += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\" class=\"frame\"/>\n"
        for e in Int(lo)...Int(hi) {
            for m in (hi - lo <= 3 && e < Int(hi) ? [1.0, 2, 5] : [1.0]) {
                let v = m * pow(10, Double(e)), yy = y(v)
                s += "<line x1=\"\(f(left))\" x2=\"\(f(left + plotW))\" y1=\"\(f(yy))\" y2=\"\(f(yy))\" "
                s += "class=\"\(m == 1 ? "grid" : "grid2")\"/><text x=\"\(f(left - 5))\" y=\"\(f(yy + 4))\" "
                s += "text-anchor=\"end\">\(tick(v))</text>\n"
            }
        }
        let step = max(1, Int((Double(maxLayer - minLayer) / 16).rounded(.up)))
        for layer in stride(from: minLayer, through: maxLayer, by: step) {
            s += "<text x=\"\(f(x(layer)))\" y=\"\(f(top + plotH + 15))\" text-anchor=\"middle\">\(layer)</text>"
        }
        s += "\n<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 4))\" text-anchor=\"middle\">layer</text>\n"
        let kinds = points.reduce(into: [String]()) { if !$0.contains($1.kind) { $0.append($1.kind) } }
        for kind in kinds {
            let mine = points.filter { $0.kind == kind }.sorted { $0.layer < $1.layer }
            if mine.count > 1 {
                let path = mine.map { "\(f(x($0.layer))),\(f(y(value($0))))" }.joined(separator: " ")
                s += "<polyline fill=\"none\" stroke=\"\(colour(kind))\" stroke-width=\"1.5\" points=\"\(path)\"/>\n"
            }
        }
        var labelled: [Int: Int] = [:]  // failing labels per layer, stacked so that a swapped pair shows both
        for p in points.sorted(by: { $0.ok && !$1.ok }) {
            let tip = "\(p.name) · \(p.type) · \(figure(p))\(limitText(p).map { " (\($0))" } ?? "")\(p.ok ? "" : " · FAIL")"
            s += "<circle cx=\"\(f(x(p.layer)))\" cy=\"\(f(y(value(p))))\" r=\"\(p.ok ? 3 : 5)\" "
            s += "fill=\"\(p.ok ? colour(p.kind) : failRed)\"><title>\(CompareHTML.esc(tip))</title></circle>\n"
            if !p.ok {
                let k = labelled[p.layer, default: 0]
                labelled[p.layer] = k + 1
                let anchorEnd = x(p.layer) > left + plotW * 0.7
                s += "<text class=\"faillabel\" x=\"\(f(x(p.layer) + (anchorEnd ? -8 : 8)))\" "
                s += "y=\"\(f(y(value(p)) + 4 + Double(k) * 13))\"\(anchorEnd ? " text-anchor=\"end\"" : "")>"
                s += "\(CompareHTML.esc(p.kind))</text>\n"
            }
        }
        return s + "</svg>\n"
    }

    /// A tick label as a person writes it: `0.5`, `0.02`, `0.001`, `1e-5` below 0.0001, `20`.
    static func tick(_ v: Double) -> String {
        if v >= 1e-4 && v < 1e5 {
            var s = String(format: "%.6f", v)
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
            let digits = String(format: "%.2g", v)
            return Double(s) == Double(digits) ? s : String(format: "%.3g", v)
        }
        let e = Int(floor(log10(v))), m = v / pow(10, Double(e))
        return abs(m - 1) < 1e-9 ? "1e\(e)" : String(format: "%.2ge%d", m, e)
    }
}
