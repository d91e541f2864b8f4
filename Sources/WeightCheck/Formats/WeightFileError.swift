// WeightFileError: why a path could not be opened as a weight file — the system's reason, a format's
// rejection, or content that is neither GGUF nor safetensors.

/// Why a weight file could not be opened or parsed.
public enum WeightFileError: Error, Sendable, CustomStringConvertible {
    /// The system refused (missing, unreadable, a directory…).
    case system(SystemError)
    /// A GGUF header the reference loader would reject.
    case gguf(GGUFError)
    /// A safetensors header the reference reader would reject.
    case safetensors(SafetensorsError)
    /// A PyTorch checkpoint whose container cannot be read.
    case pytorch(PyTorchError)
    /// Content that is neither format.
    case unknownFormat(path: String)

    public var description: String {
        switch self {
        case .system(let e): return e.description
        case .gguf(let e): return e.description
        case .safetensors(let e): return e.description
        case .pytorch(let e): return e.description
        case .unknownFormat(let p): return "\(p): not a GGUF, safetensors or PyTorch file (unrecognized content at byte 0)"
        }
    }

    /// This error as a finding.
    public var finding: Finding {
        switch self {
        case .system(let e): return Finding(.error, "unreadable", file: e.path, e.description.dropPrefix(e.path + ": "))
        case .gguf(let e): return e.finding
        case .safetensors(let e): return e.finding
        case .pytorch(let e): return e.finding
        case .unknownFormat(let p): return Finding(.error, "unknown-format", file: p, offset: 0,
                                                   "not a GGUF, safetensors or PyTorch file (unrecognized content at byte 0)")
        }
    }
}

extension String {
    func dropPrefix(_ prefix: String) -> String { hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self }
}
