// WeightFile: opens a path as whichever format its content is (never judged by extension) and gives
// the format-neutral view every later stage uses.

/// A parsed weight file of any supported format.
public enum WeightFile: Sendable {
    case gguf(GGUFFile)
    case safetensors(SafetensorsFile)
    case pytorch(PyTorchFile)

    /// Maps `path` and parses it as the format its first bytes say.
    public init(path: String, allowTruncatedData: Bool = false) throws(WeightFileError) {
        let mapped: MappedFile
        do { mapped = try MappedFile(path: path) } catch { throw .system(error) }
        try self.init(mapped, allowTruncatedData: allowTruncatedData)
    }

    /// Parses an already mapped file as the format its first bytes say.
    ///
    /// - Parameter allowTruncatedData: for GGUF, keep tensors cut off by the end of the file (reported in
    ///   `findings`) rather than rejecting the file.
    public init(_ mapped: MappedFile, allowTruncatedData: Bool = false) throws(WeightFileError) {
        let bytes = mapped.bytes
        if GGUFFile.looksLikeGGUF(bytes) {
            do { self = .gguf(try GGUFFile(mapped, allowTruncatedData: allowTruncatedData)) } catch { throw .gguf(error) }
        } else if SafetensorsFile.looksLikeSafetensors(bytes) {
            do { self = .safetensors(try SafetensorsFile(file: mapped)) } catch { throw .safetensors(error) }
        } else if PyTorchFile.detect(bytes) != nil {
            do { self = .pytorch(try PyTorchFile(mapped)) } catch { throw .pytorch(error) }
        } else {
            throw .unknownFormat(path: mapped.path)
        }
    }

    /// Which format a file's leading bytes announce, if any.
    public static func detectFormat(_ bytes: UnsafeRawBufferPointer) -> WeightFormat? {
        if GGUFFile.looksLikeGGUF(bytes) { return .gguf }
        if SafetensorsFile.looksLikeSafetensors(bytes) { return .safetensors }
        if PyTorchFile.detect(bytes) != nil { return .pytorch }
        return nil
    }

    /// The mapping.
    public var file: MappedFile {
        switch self {
        case .gguf(let g): return g.file
        case .safetensors(let s): return s.file
        case .pytorch(let p): return p.file
        }
    }

    /// The format.
    public var format: WeightFormat {
        switch self {
        case .gguf: return .gguf
        case .safetensors: return .safetensors
        case .pytorch: return .pytorch
        }
    }

    /// The tensor table.
    public var table: TensorTable {
        switch self {
        case .gguf(let g): return g.table
        case .safetensors(let s): return s.table
        case .pytorch(let p): return p.table
        }
    }

    /// Structural remarks the parser made without rejecting the file.
    public var findings: [Finding] {
        switch self {
        case .gguf(let g): return g.findings
        case .safetensors: return []
        case .pytorch(let p): return p.findings
        }
    }

    /// Whether multi-byte tensor values are stored big-endian.
    public var bigEndian: Bool {
        if case .gguf(let g) = self { return g.bigEndian }
        if case .pytorch(let p) = self { return p.bigEndian }
        return false
    }
}
