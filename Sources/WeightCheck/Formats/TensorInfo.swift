// TensorInfo and TensorTable: what a parsed weight file holds, independent of its format.
// Every later stage (scan, checks, rendering) works on these plain values.

/// Which container format a file is in, detected from its content.
public enum WeightFormat: String, Sendable, Codable {
    case gguf
    case safetensors
    /// A PyTorch checkpoint (`torch.save`'s zip, the legacy stream) or a bare pickle.
    case pytorch
}

/// One tensor of a weight file: its name, element type, shape and where its bytes lie in the file.
public struct TensorInfo: Sendable, Hashable {
    /// The tensor's name as the file spells it.
    public let name: String
    /// Its element type.
    public let type: ElementType
    /// Its dimensions in the format's own order: GGUF `ne[0]` first; safetensors outermost first.
    public let shape: [UInt64]
    /// Its bytes, as absolute offsets from the start of the file.
    public let byteRange: Range<Int>

    public init(name: String, type: ElementType, shape: [UInt64], byteRange: Range<Int>) {
        self.name = name
        self.type = type
        self.shape = shape
        self.byteRange = byteRange
    }

    /// The number of elements (the product of `shape`; 1 for rank 0). Parsers reject shapes whose product
    /// overflows, so this cannot trap on a parsed tensor.
    public var elementCount: UInt64 { shape.reduce(1, *) }
    /// Size in bytes.
    public var byteCount: Int { byteRange.count }
    /// Elements per row (the innermost dimension): GGUF `ne[0]`, safetensors the last dimension.
    public func rowLength(format: WeightFormat) -> UInt64 {
        switch format {
        case .gguf: return shape.first ?? 1
        case .safetensors, .pytorch: return shape.last ?? 1
        }
    }
}

/// The tensors of one parsed file and where its data section lies.
public struct TensorTable: Sendable {
    /// The file's format.
    public let format: WeightFormat
    /// Absolute offset where tensor data begins.
    public let dataOffset: Int
    /// The tensors, in the order the header lists them.
    public let tensors: [TensorInfo]

    public init(format: WeightFormat, dataOffset: Int, tensors: [TensorInfo]) {
        self.format = format
        self.dataOffset = dataOffset
        self.tensors = tensors
    }

    /// Total parameters (elements) over all tensors.
    public var parameterCount: UInt64 { tensors.reduce(0) { $0 &+ $1.elementCount } }
    /// Total tensor bytes.
    public var tensorBytes: Int { tensors.reduce(0) { $0 + $1.byteCount } }
}
