// CompareHTML: `compare --html FILE` — one self-contained page (inline CSS and SVG, nothing fetched): the verdict,
// a chart of relative RMSE per layer with one line per tensor kind, the summaries and the table worst first.
import Foundation
import WeightCheck

enum CompareHTML {
    static func page(_ report: CompareReport) -> String {
        var h = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <title>weightcheck compare: \(esc(report.candidate.path))</title>
        <style>
        body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}
        h1{font-size:20px}.ok{color:#17803d}.fail{color:#c62828}
        table{border-collapse:collapse;margin:8px 0 20px}td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:right}
        td.l,th.l{text-align:left}tr.bad td{background:#fdecea}code{font-size:13px}
        svg text{font:11px system-ui,sans-serif;fill:#333}
        </style></head><body>

        """
        let verdict = report.tensors.isEmpty ? "FAIL: no tensor matched"
            : report.ok ? "OK: all \(report.tensors.count) matched tensors within the expected error of their types"
            : "FAIL: \(report.failures.count) of \(report.tensors.count) matched tensors outside the expected error"
        h += "<h1 class=\"\(report.ok ? "ok" : "fail")\">\(esc(verdict))</h1>\n<p>"
        for (label, side) in [("reference", report.reference), ("candidate", report.candidate)] {
            h += "\(label): <code>\(esc(side.path))</code> (\(esc(side.layout)), \(side.tensorCount) tensors"
            h += (side.architectureName.map { ", " + esc($0) } ?? "") + ")<br>\n"
        }
        h += "</p>\n<h2>Relative RMSE per layer</h2>\n" + chart(report)
        for (title, key, rows) in [("By type", "type", report.summaryByType), ("By layer", "layer", report.summaryByLayer)]
        where !rows.isEmpty {
            h += "<h2>\(title)</h2>\n<table><tr><th class=l>\(key)</th><th>tensors</th><th>failed</th><th>mean cosine</th>"
            h += "<th>worst cosine</th><th>mean rel RMSE</th><th>worst rel RMSE</th></tr>\n"
            for s in rows {
                h += "<tr\(s.failed > 0 ? " class=bad" : "")><td class=l>\(esc(s.key))</td><td>\(s.tensors)</td>"
                h += "<td>\(s.failed)</td><td>\(opt(s.meanCosine, CompareRendering.cosine))</td>"
                h += "<td>\(opt(s.worstCosine, CompareRendering.cosine))</td><td>\(opt(s.meanRelativeRMSE, Fmt.number))</td>"
                h += "<td>\(opt(s.worstRelativeRMSE, Fmt.number))</td></tr>\n"
            }
            h += "</table>\n"
        }
        h += "<h2>Tensors, worst first</h2>\n<table><tr><th class=l>tensor</th><th class=l>reference</th><th class=l>type"
        h += "</th><th>cosine</th><th>rel RMSE</th><th>SNR dB</th><th>RMSE</th><th>max abs</th><th class=l>result</th></tr>\n"
        for t in report.worstFirst {
            let f = t.figures
            h += "<tr\(t.ok ? "" : " class=bad")><td class=l>\(esc(t.candidate))</td><td class=l>\(esc(t.reference))</td>"
            h += "<td class=l>\(t.type.name)</td><td>\(opt(f?.cosine, CompareRendering.cosine))</td>"
            h += "<td>\(opt(f?.relativeRMSE, Fmt.number))</td><td>\(f?.formattedSNR ?? "-")</td>"
            h += "<td>\(opt(f?.rmse, Fmt.number))</td><td>\(opt(f?.maxAbs, Fmt.number))</td>"
            h += "<td class=l>\(t.ok ? "ok" : "FAIL: " + esc(t.reasons.joined(separator: "; ")))</td></tr>\n"
        }
        h += "</table>\n"
        for (side, names) in [("reference", report.unmatchedReference), ("candidate", report.unmatchedCandidate)]
        where !names.isEmpty {
            h += "<h2>Unmatched \(side) tensors (\(names.count), not compared)</h2>\n<p>"
            h += names.map { "<code>\(esc($0))</code>" }.joined(separator: ", ") + "</p>\n"
        }
        return h + "<p>weightcheck compare, \(Fmt.bytes(report.bytesCompared)) in \(Fmt.duration(report.seconds))</p>\n"
            + "</body></html>\n"
    }

    /// Ten distinguishable colours (Tableau 10).
    private static let palette = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1",
                                  "#ff9da7", "#9c755f", "#bab0ac"]

    /// Relative RMSE (log scale) against layer, one line per tensor kind; failing tensors ringed in red.
    /// Exact tensors (relative RMSE 0, such as F32 norms) cannot sit on a log scale and are left out.
    static func chart(_ report: CompareReport) -> String {
        let points = report.tensors.compactMap { t -> (layer: Int, kind: String, value: Double, ok: Bool, name: String)? in
            guard let layer = t.layer, let f = t.figures, f.relativeRMSE > 0, f.relativeRMSE.isFinite else { return nil }
            return (layer, t.kind, f.relativeRMSE, t.ok, t.candidate)
        }
        guard !points.isEmpty else {
            return "<p>No per-layer tensor with a non-zero, finite error to chart.</p>\n"
        }
        var kinds: [String] = []
        for p in points where !kinds.contains(p.kind) { kinds.append(p.kind) }
        let width = 960.0, height = 380.0, left = 84.0, right = 190.0, top = 16.0, bottom = 40.0
        let plotW = width - left - right, plotH = height - top - bottom
        let minLayer = points.map(\.layer).min()!, maxLayer = points.map(\.layer).max()!
        let lo = floor(log10(points.map(\.value).min()!)), hi = max(lo + 1, ceil(log10(points.map(\.value).max()!)))
        let inset = 14.0  // keeps the first and last layers off the frame
        func x(_ layer: Int) -> Double {
            maxLayer == minLayer ? left + plotW / 2
                : left + inset + (plotW - 2 * inset) * Double(layer - minLayer) / Double(maxLayer - minLayer)
        }
        func y(_ v: Double) -> Double { top + plotH * (1 - (log10(v) - lo) / (hi - lo)) }
        func f(_ d: Double) -> String { String(format: "%.1f", d) }

        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
        s += "viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"relative RMSE per layer\">\n"
        s += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\" fill=\"none\" stroke=\"#999\"/>\n"
        for e in Int(lo)...Int(hi) {  // decades, and 2× and 5× within them when there are few
            for m in (hi - lo <= 3 && e < Int(hi) ? [1.0, 2, 5] : [1.0]) {
                let yy = y(m * pow(10, Double(e)))
                s += "<line x1=\"\(f(left))\" x2=\"\(f(left + plotW))\" y1=\"\(f(yy))\" y2=\"\(f(yy))\" "
                s += "stroke=\"\(m == 1 ? "#ddd" : "#f2f2f2")\"/><text x=\"\(f(left - 6))\" y=\"\(f(yy + 4))\" "
                s += "text-anchor=\"end\">\(m == 1 ? "" : "\(Int(m))×")1e\(e)</text>\n"
            }
        }
        let span = maxLayer - minLayer
        let step = max(1, Int((Double(span) / 24).rounded(.up)))
        for layer in stride(from: minLayer, through: maxLayer, by: step) {
            s += "<text x=\"\(f(x(layer)))\" y=\"\(f(top + plotH + 16))\" text-anchor=\"middle\">\(layer)</text>"
        }
        s += "\n<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 6))\" text-anchor=\"middle\">layer</text>\n"
        s += "<text transform=\"translate(16 \(f(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">relative RMSE</text>\n"
        for (k, kind) in kinds.enumerated() {
            let color = palette[k % palette.count]
            let mine = points.filter { $0.kind == kind }.sorted { $0.layer < $1.layer }
            if mine.count > 1 {
                let path = mine.map { "\(f(x($0.layer))),\(f(y($0.value)))" }.joined(separator: " ")
                s += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\"\(path)\"/>\n"
            }
            for p in mine {
                s += "<circle cx=\"\(f(x(p.layer)))\" cy=\"\(f(y(p.value)))\" r=\"\(p.ok ? 2.5 : 5)\" fill=\"\(color)\""
                s += p.ok ? "" : " stroke=\"#c62828\" stroke-width=\"2\""
                s += "><title>\(esc(p.name)): \(Fmt.number(p.value))\(p.ok ? "" : " (FAIL)")</title></circle>\n"
            }
            let ly = top + 8 + Double(k) * 16
            s += "<line x1=\"\(f(left + plotW + 12))\" x2=\"\(f(left + plotW + 32))\" y1=\"\(f(ly))\" y2=\"\(f(ly))\" "
            s += "stroke=\"\(color)\" stroke-width=\"3\"/><text x=\"\(f(left + plotW + 38))\" y=\"\(f(ly + 4))\">\(esc(kind))</text>\n"
        }
        let ly = top + 8 + Double(kinds.count) * 16 + 8
        s += "<circle cx=\"\(f(left + plotW + 22))\" cy=\"\(f(ly))\" r=\"5\" fill=\"#fff\" stroke=\"#c62828\" "
        s += "stroke-width=\"2\"/><text x=\"\(f(left + plotW + 38))\" y=\"\(f(ly + 4))\">fails</text>\n"
        return s + "</svg>\n<p>Log scale; one line per tensor kind. Exact tensors (relative RMSE 0, such as F32 norms) "
            + "are not drawn.</p>\n"
    }

    private static func opt(_ x: Double?, _ format: (Double) -> String) -> String { x.map(format) ?? "-" }

    /// Text made safe inside HTML elements and attribute values.
    static func esc(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}
