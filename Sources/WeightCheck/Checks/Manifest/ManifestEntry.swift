// ManifestEntry: one file of a manifest — path, size, SHA-256, format — and, for weight files, the digest
// of the header bytes and of every tensor's bytes, so damage is located to the tensor.

/// One file recorded in a `Manifest`.
public struct ManifestEntry: Sendable, Equatable {
    /// The header of a weight file: the bytes before tensor data.
    public struct Header: Sendable, Equatable {
        /// Where tensor data begins: the header covers bytes `0..<bytes`.
        public var bytes: Int
        /// XXH3-128 of those bytes, lowercase hex.
        public var xxh128: String

        /// A header record.
        public init(bytes: Int, xxh128: String) {
            self.bytes = bytes
            self.xxh128 = xxh128
        }
    }

    /// One tensor of a weight file.
    public struct Tensor: Sendable, Equatable {
        /// Its name as the file spells it.
        public var name: String
        /// Its element type's name (`Q4_K`, `BF16`, `unknown type 77`).
        public var type: String
        /// Its dimensions in the format's own order.
        public var shape: [UInt64]
        /// Absolute offset of its first byte in the file.
        public var offset: Int
        /// Its size in bytes.
        public var size: Int
        /// XXH3-128 of its bytes, lowercase hex.
        public var xxh128: String

        /// A tensor record.
        public init(name: String, type: String, shape: [UInt64], offset: Int, size: Int, xxh128: String) {
            self.name = name
            self.type = type
            self.shape = shape
            self.offset = offset
            self.size = size
            self.xxh128 = xxh128
        }

        /// The tensor's bytes in the file.
        public var byteRange: Range<Int> { offset..<(offset + size) }
    }

    /// Relative path with `/` separators (validated by `ManifestPath`).
    public var path: String
    /// Size in bytes.
    public var size: Int
    /// SHA-256 of the whole file, lowercase hex.
    public var sha256: String
    /// XXH3-128 of the whole file, lowercase hex (`xxhsum -H2`): what `manifest check --fast` proves every
    /// byte against. Recorded from schema version 2; nil in version 1 manifests.
    public var xxh128: String?
    /// The weight format, or nil for any other file.
    public var format: WeightFormat?
    /// The header record (weight files only).
    public var header: Header?
    /// The tensors in header order (weight files only; may be empty).
    public var tensors: [Tensor]?

    /// An entry; `header` and `tensors` are given exactly when `format` is.
    public init(path: String, size: Int, sha256: String, xxh128: String? = nil, format: WeightFormat? = nil,
                header: Header? = nil, tensors: [Tensor]? = nil) {
        self.path = path
        self.size = size
        self.sha256 = sha256
        self.xxh128 = xxh128
        self.format = format
        self.header = header
        self.tensors = tensors
    }
}
