// ScanRequest and ScanResult: what the engine is asked to compute over one file's bytes in its single
// pass (whole-file digests, per-tensor digests, per-tensor statistics), and what it hands back.

/// A stretch of a file whose CRC-32 is recorded (a zip entry's stored bytes).
public struct ChecksumRange: Sendable, Hashable {
    /// What to call it (the entry's name).
    public let name: String
    /// The bytes, absolute in the file.
    public let range: Range<Int>
    /// The CRC-32 the container records.
    public let expected: UInt32

    public init(name: String, range: Range<Int>, expected: UInt32) {
        self.name = name
        self.range = range
        self.expected = expected
    }
}

/// What to compute over one file.
public struct ScanRequest: Sendable {
    /// The mapping to read.
    public let file: MappedFile
    /// The name to report (may differ from the mapping's path, e.g. a snapshot path for a blob).
    public let displayPath: String
    /// The tensors, when the file is a weight file.
    public let table: TensorTable?
    /// Whether multi-byte tensor values are big-endian (GGUF files written big-endian).
    public let bigEndian: Bool
    /// Digests of the whole file.
    public var fileDigests: [HashAlgorithm]
    /// Digests of each tensor's bytes as stored (digests are of bytes, checkable with `xxhsum`; only values
    /// — statistics, histograms, comparisons — are read in host order, through `HostOrder`).
    public var tensorDigests: [HashAlgorithm]
    /// Whether to dequantize every tensor and summarize its values.
    public var statistics: Bool
    /// Restricts per-tensor work to these names (nil: every tensor).
    public var tensorFilter: Set<String>?
    /// Ranges whose CRC-32 to compute (in parallel pieces, joined in order), e.g. every zip entry.
    public var checksums: [ChecksumRange] = []
    /// Whether the digest lane records runs of ≥ 1 MiB of whole zero pages (holes a download left).
    public var zeroRuns = false
    /// Bins of a histogram of each tensor's finite values over its [min, max], counted after the statistics
    /// (nil: none). Implies `statistics`.
    public var histogramBins: Int? = nil {
        didSet { if histogramBins != nil { statistics = true } }
    }

    public init(file: MappedFile, displayPath: String? = nil, table: TensorTable? = nil, bigEndian: Bool = false,
                fileDigests: [HashAlgorithm] = [], tensorDigests: [HashAlgorithm] = [], statistics: Bool = false,
                tensorFilter: Set<String>? = nil) {
        self.file = file
        self.displayPath = displayPath ?? file.path
        self.table = table
        self.bigEndian = bigEndian
        self.fileDigests = fileDigests
        self.tensorDigests = tensorDigests
        self.statistics = statistics
        self.tensorFilter = tensorFilter
    }

    /// The request for a weight file: its table and byte order.
    public init(_ weights: WeightFile, displayPath: String? = nil, fileDigests: [HashAlgorithm] = [],
                tensorDigests: [HashAlgorithm] = [], statistics: Bool = false, tensorFilter: Set<String>? = nil,
                entryChecksums: Bool = false) {
        self.init(file: weights.file, displayPath: displayPath, table: weights.table, bigEndian: weights.bigEndian,
                  fileDigests: fileDigests, tensorDigests: tensorDigests, statistics: statistics, tensorFilter: tensorFilter)
        if entryChecksums, case .pytorch(let p) = weights {
            checksums = p.checksummedEntries.map { ChecksumRange(name: $0.name, range: $0.dataRange, expected: $0.crc32) }
        }
    }

    /// Tensors selected by the filter, in header order.
    var selectedTensors: [TensorInfo] {
        guard let table else { return [] }
        guard let filter = tensorFilter else { return table.tensors }
        return table.tensors.filter { filter.contains($0.name) }
    }
}

/// What the scan found for one tensor.
public struct TensorScanResult: Sendable {
    /// The tensor.
    public let tensor: TensorInfo
    /// Value statistics, when requested and the type can be dequantized.
    public var statistics: TensorStatistics?
    /// Digests of the tensor's bytes as stored, by algorithm.
    public var digests: [HashAlgorithm: [UInt8]] = [:]
    /// A histogram of the finite values over [min, max], when requested (`ScanRequest.histogramBins`) and the
    /// statistics found finite values.
    public var histogram: TensorHistogram?
    /// Why statistics could not be computed (unknown type, cannot dequantize).
    public var problem: String?
}

/// What the scan found for one file.
public struct ScanResult: Sendable {
    /// The path reported.
    public let displayPath: String
    /// The file's size.
    public let size: Int
    /// Whole-file digests, by algorithm.
    public var digests: [HashAlgorithm: [UInt8]] = [:]
    /// Per-tensor results, in header order (only selected tensors).
    public var tensors: [TensorScanResult] = []
    /// Length of the run of zero bytes that ends the file (0 when the last byte is not zero).
    public var trailingZeroBytes: Int = 0
    /// The CRC-32 of each of the request's `checksums`, in order.
    public var checksums: [UInt32] = []
    /// Runs of ≥ 1 MiB of whole, file-aligned zero pages, when requested (`ScanRequest.zeroRuns`).
    public var zeroPageRuns: [Range<Int>] = []
    /// The offset from which the file's bytes were missing while it was scanned (it was truncated underneath;
    /// `MappedFile.firstMissingByte`), or nil. When set, the digests and figures are of zeros, not of the file:
    /// report the file as unreadable from this offset instead.
    public var firstMissingByte: Int? = nil
    /// Seconds from the first to the last byte processed for this file.
    public var seconds: Double = 0
}

extension ScanResult {
    /// Why the scan's figures are not the file's, when its bytes went missing under it: `the file shrank while
    /// it was read (truncated by another program?): bytes from offset N on were missing`; nil otherwise.
    public var missingBytesReason: String? {
        firstMissingByte.map {
            "the file shrank while it was read (truncated by another program?): bytes from offset \($0) on were missing"
        }
    }
}
