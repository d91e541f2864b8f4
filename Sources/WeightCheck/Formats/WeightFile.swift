// WeightFile: opens a path as whichever format its content is (never judged by extension) and gives
// the format-neutral view every later stage uses.

/// A parsed weight file of either format.
public enum WeightFile: Sendable {
    case gguf(GGUFFile)
    case safetensors(SafetensorsFile)

    /// Maps `path` and parses it as the format its first bytes say.
    public init(path: String) throws(WeightFileError) {
        let mapped: MappedFile
        do { mapped = try MappedFile(path: path) } catch { throw .system(error) }
        try self.init(mapped)
    }

    /// Parses an already mapped file as the format its first bytes say.
    public init(_ mapped: MappedFile) throws(WeightFileError) {
        let bytes = mapped.bytes
        if GGUFFile.looksLikeGGUF(bytes) {
            do { self = .gguf(try GGUFFile(mapped)) } catch { throw .gguf(error) }
        } else if SafetensorsFile.looksLikeSafetensors(bytes) {
            do { self = .safetensors(try SafetensorsFile(mapped)) } catch { throw .safetensors(error) }
        } else {
            throw .unknownFormat(path: mapped.path)
        }
    }

    /// Which format a file's leading bytes announce, if any.
    public static func detectFormat(_ bytes: UnsafeRawBufferPointer) -> WeightFormat? {
        if GGUFFile.looksLikeGGUF(bytes) { return .gguf }
        if SafetensorsFile.looksLikeSafetensors(bytes) { return .safetensors }
        return nil
    }

    /// The mapping.
    public var file: MappedFile {
        switch self {
        case .gguf(let g): return g.file
        case .safetensors(let s): return s.file
        }
    }

    /// The format.
    public var format: WeightFormat {
        switch self {
        case .gguf: return .gguf
        case .safetensors: return .safetensors
        }
    }

    /// The tensor table.
    public var table: TensorTable {
        switch self {
        case .gguf(let g): return g.table
        case .safetensors(let s): return s.table
        }
    }

    /// Structural remarks the parser made without rejecting the file.
    public var findings: [Finding] {
        switch self {
        case .gguf(let g): return g.findings
        case .safetensors: return []
        }
    }

    /// Whether multi-byte tensor values are stored big-endian.
    public var bigEndian: Bool {
        if case .gguf(let g) = self { return g.bigEndian }
        return false
    }
}
