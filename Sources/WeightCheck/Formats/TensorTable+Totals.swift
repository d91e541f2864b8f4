// TensorTable+Totals: per-type totals and bits per weight, the summary `inspect` prints under a table.

extension TensorTable {
    /// Totals for one element type.
    public struct TypeTotal: Sendable {
        public let type: ElementType
        public var tensors: Int
        public var parameters: UInt64
        public var bytes: Int
    }

    /// Totals per type, largest byte share first (ties by name).
    public var typeTotals: [TypeTotal] {
        var totals: [ElementType: TypeTotal] = [:]
        for t in tensors {
            var e = totals[t.type] ?? TypeTotal(type: t.type, tensors: 0, parameters: 0, bytes: 0)
            e.tensors += 1
            e.parameters &+= t.elementCount
            e.bytes += t.byteCount
            totals[t.type] = e
        }
        return totals.values.sorted { $0.bytes != $1.bytes ? $0.bytes > $1.bytes : $0.type.name < $1.type.name }
    }

    /// Storage bits per parameter over all tensors (0 for a table without parameters).
    public var bitsPerWeight: Double {
        let p = parameterCount
        return p == 0 ? 0 : Double(tensorBytes) * 8 / Double(p)
    }
}
