// TensorHistogram: a fixed-bin histogram of a tensor's finite values over a range known in advance (the
// min and max of a first statistics pass), with numpy.histogram's bin-edge rules; mergeable like the stats.

/// Counts of finite values in `binCount` equal bins over `[lowerBound, upperBound]`.
///
/// Built in a second pass once `TensorStatistics` has given the range: bin i holds values in
/// `[edge(i), edge(i+1))`, the last bin also its upper edge, with edges `lower + i × (upper − lower)/binCount`
/// as `numpy.histogram(values, bins, range=(lower, upper))` makes them. Values outside the range and
/// non-finite values are not counted (`outside` counts the former).
public struct TensorHistogram: Sendable, Equatable {
    /// The lower edge of the first bin.
    public let lowerBound: Double
    /// The upper edge of the last bin.
    public let upperBound: Double
    /// Values per bin.
    public private(set) var counts: [Int]
    /// Finite values that fell outside `[lowerBound, upperBound]`.
    public private(set) var outside: Int = 0
    /// The bin edges (`binCount + 1` of them).
    public let edges: [Double]

    /// An empty histogram of `binCount` bins (at least 1) over `[lowerBound, upperBound]`.
    /// A zero-width range is widened to `[lower − 0.5, upper + 0.5]`, as numpy does.
    public init(lowerBound: Double, upperBound: Double, binCount: Int = 16) {
        let bins = Swift.max(1, binCount)
        let widen = upperBound <= lowerBound
        self.lowerBound = widen ? lowerBound - 0.5 : lowerBound
        self.upperBound = widen ? lowerBound + 0.5 : upperBound
        self.counts = Array(repeating: 0, count: bins)
        let low = self.lowerBound, step = (self.upperBound - low) / Double(bins)
        var edges = (0..<bins).map { Double($0) * step + low }
        edges.append(self.upperBound)
        self.edges = edges
    }

    /// Adds the finite values of `values`.
    public mutating func add(_ values: UnsafeBufferPointer<Float>) {
        let bins = counts.count
        let lower = lowerBound, upper = upperBound
        let norm = upper > lower ? Double(bins) / (upper - lower) : 0
        counts.withUnsafeMutableBufferPointer { counts in
            edges.withUnsafeBufferPointer { edges in
                for value in values {
                    let x = Double(value)
                    guard x.isFinite else { continue }
                    guard x >= lower, x <= upper else { outside += 1; continue }
                    var i = Swift.min(Int((x - lower) * norm), bins - 1)
                    // numpy's corrections where rounding put x on the wrong side of an edge.
                    if i > 0, x < edges[i] { i -= 1 }
                    if i < bins - 1, x >= edges[i + 1] { i += 1 }
                    counts[i] += 1  // 0 ≤ i < bins
                }
            }
        }
    }

    /// Adds the finite values stored in `blocks`, whole blocks of `type`.
    ///
    /// - Throws: `DequantizeError` as `dequantize` does; nothing is added then.
    public mutating func add(_ type: ElementType, blocks: UnsafeRawBufferPointer) throws(DequantizeError) {
        guard type.canDequantize else { throw .unsupportedType(type) }
        let size = type.bytesPerBlock, perBlock = type.elementsPerBlock
        guard blocks.count % size == 0 else {
            throw .partialBlock(type: type, byteCount: blocks.count, bytesPerBlock: size)
        }
        guard let base = blocks.baseAddress else { return }
        let blockCount = blocks.count / size
        let blocksPerBatch = Swift.max(1, TensorStatistics.batchSize / perBlock)
        withUnsafeTemporaryAllocation(of: Float.self, capacity: blocksPerBatch * perBlock) { buffer in
            guard let out = buffer.baseAddress else { return }
            var b = 0
            while b < blockCount {
                let n = Swift.min(blocksPerBatch, blockCount - b)
                Dequantize.run(type, base + b * size, n, out)  // n blocks from b: within the checked bytes
                add(UnsafeBufferPointer(start: out, count: n * perBlock))
                b += n
            }
        }
    }

    /// Adds the counts of `other`, which must have the same range and bin count.
    /// - Precondition: `other.edges == edges` (a logic error of the caller otherwise).
    public mutating func merge(_ other: TensorHistogram) {
        precondition(other.edges == edges, "merging histograms with different bins")
        for i in counts.indices { counts[i] += other.counts[i] }
        outside += other.outside
    }
}
