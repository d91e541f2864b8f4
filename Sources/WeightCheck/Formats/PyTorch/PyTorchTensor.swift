// PyTorchTensor: one tensor of a checkpoint as its pickle describes it — a strided view into a storage —
// and where its bytes lie in the file when the view is contiguous.

/// One tensor of a PyTorch checkpoint.
public struct PyTorchTensor: Sendable, Hashable {
    /// Its name: the state-dict keys leading to it, joined by `.`.
    public let name: String
    /// Element type, when torch's type has one in the type table.
    public let type: ElementType?
    /// torch's name for the type (`FloatStorage`, `float8_e4m3fn`).
    public let typeName: String
    /// Sizes, outermost first.
    public let shape: [UInt64]
    /// Strides in elements.
    public let strides: [Int64]
    /// The storage key (`<archive>/data/<key>`).
    public let storageKey: String
    /// Offset into the storage, in elements.
    public let storageOffset: Int64
    /// Whether the strides are those of a row-major tensor of this shape.
    public let isContiguous: Bool
    /// Its bytes in the file, when contiguous and inside its storage entry.
    public let byteRange: Range<Int>?

    /// Row-major strides of `shape`.
    static func contiguousStrides(_ shape: [UInt64]) -> [Int64] {
        var strides = [Int64](repeating: 1, count: shape.count)
        var step: Int64 = 1
        for i in shape.indices.reversed() {
            strides[i] = step
            step = step.multipliedReportingOverflow(by: Int64(clamping: shape[i])).partialValue
        }
        return strides
    }

    /// Whether `strides` make a row-major view of `shape` (dimensions of size 1 may have any stride).
    static func isContiguous(shape: [UInt64], strides: [Int64]) -> Bool {
        if shape.contains(0) { return true }
        let expected = contiguousStrides(shape)
        for i in shape.indices where shape[i] != 1 && strides[i] != expected[i] { return false }
        return true
    }

    /// The tensor as the format-neutral stages see it, when it has a byte range.
    public var info: TensorInfo? {
        guard let byteRange, let type else { return nil }
        return TensorInfo(name: name, type: type, shape: shape, byteRange: byteRange)
    }
}
