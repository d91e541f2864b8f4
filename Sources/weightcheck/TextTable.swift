// TextTable: aligned columns for the human output of every command, numbers right-aligned; fitted to a width by
// dropping the columns marked droppable (in their order) and cutting the names of the trimmable column in the middle.

struct TextTable {
    enum Alignment { case left, right }
    /// How a cell is coloured, applied after padding (so colour codes never upset the alignment).
    typealias Paint = (String) -> String

    var headers: [String]
    var alignments: [Alignment]
    var rows: [[String]] = []
    /// Colours per row and column.
    var paints: [[Int: Paint]] = []
    /// Columns that may be left out to fit the width, the first given dropped first.
    var droppable: [Int] = []
    /// The column whose cells are cut in the middle to fit (tensor names).
    var trimmable: Int?
    /// The column whose cells are cut at the end to fit (metadata values).
    var trimmableEnd: Int?

    init(_ headers: [String], alignments: [Alignment]? = nil) {
        self.headers = headers
        self.alignments = alignments ?? headers.map { _ in .left }
    }

    mutating func add(_ row: [String], paint: [Int: Paint] = [:]) {
        rows.append(row)
        paints.append(paint)
    }

    /// The table as lines, columns separated by two spaces, a rule under the header; no line longer than
    /// `width` when dropping and trimming can achieve it (a trimmed name keeps at least 12 characters).
    func render(indent: String = "", width: Int? = nil) -> [String] {
        var columns = Array(headers.indices)
        func widths(_ cols: [Int]) -> [Int] {
            cols.map { c in rows.reduce(headers[c].count) { max($0, c < $1.count ? $1[c].count : 0) } }
        }
        var limits: [Int: Int] = [:]
        func trim(floor: Int) {
            for c in [trimmable, trimmableEnd].compactMap({ $0 }) where columns.contains(c) {
                let excess = total(columns) - width!
                guard excess > 0, let k = columns.firstIndex(of: c) else { continue }
                let current = widths(columns)[k], limit = max(min(floor, current), current - excess)
                if limit < current { limits[c] = limit }
            }
        }
        func total(_ cols: [Int]) -> Int {
            indent.count + cols.enumerated().map { i, c in min(limits[c] ?? .max, widths(cols)[i]) }.reduce(0, +)
                + 2 * max(0, cols.count - 1)
        }
        if let width {
            trim(floor: 28)  // names first, while they stay readable; then whole columns; then names again
            for d in droppable where total(columns) > width { columns.removeAll { $0 == d } }
            trim(floor: 12)
        }
        func cell(_ row: [String], _ c: Int) -> String {
            let text = c < row.count ? row[c] : ""
            guard let limit = limits[c] else { return text }
            return c == trimmable ? Terminal.trimMiddle(text, to: limit) : Terminal.trimEnd(text, to: limit)
        }
        let fitted = rows.map { r in columns.map { cell(r, $0) } }
        let heads = columns.map { cell(headers, $0) }
        var w = heads.map(\.count)
        for r in fitted { for (i, c) in r.enumerated() { w[i] = max(w[i], c.count) } }
        func line(_ cells: [String], paint: [Int: Paint]) -> String {
            var parts: [String] = []
            for (i, c) in cells.enumerated() {
                let pad = String(repeating: " ", count: max(0, w[i] - c.count))
                let painted = paint[columns[i]].map { $0(c) } ?? c
                let last = i == cells.count - 1
                switch alignments[min(columns[i], alignments.count - 1)] {
                case .left: parts.append(last ? painted : painted + pad)
                case .right: parts.append(pad + painted)
                }
            }
            return indent + parts.joined(separator: "  ")
        }
        var out = [line(heads, paint: [:])]
        out.append(indent + w.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
        for (k, r) in fitted.enumerated() { out.append(line(r, paint: k < paints.count ? paints[k] : [:])) }
        return out
    }
}
