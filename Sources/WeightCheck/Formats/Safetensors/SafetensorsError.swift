// SafetensorsError: every reason a safetensors file is rejected, one case each, carrying the file, the byte
// offset and the tensor where relevant; `description` is the one-line message the CLI prints.

/// Why a safetensors file was rejected. Each case names the file; most name a byte offset and a tensor.
///
/// `description` is `file: message`, lowercase and specific, for example
/// `model.safetensors: tensor 'w' at byte 120: data_offsets [0, 10] hold 10 bytes, F32 [2, 2] needs 16`.
public enum SafetensorsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be opened or mapped.
    case unreadable(SystemError)
    /// The file is shorter than the 8-byte header length.
    case headerTooSmall(file: String, fileSize: Int)
    /// The header length is above the reference reader's 100,000,000-byte limit.
    case headerTooLarge(file: String, length: UInt64)
    /// The header length runs past the end of the file (`available` bytes follow the length).
    case headerPastEnd(file: String, length: UInt64, available: Int)
    /// The header is not valid UTF-8; `offset` is the first bad byte.
    case invalidUTF8(file: String, offset: Int)
    /// The header is not valid JSON (the error carries the offset).
    case invalidJSON(file: String, error: JSONError)
    /// The header is valid JSON but not an object.
    case headerNotObject(file: String, offset: Int, found: String)
    /// `__metadata__` is not an object of strings.
    case invalidMetadata(file: String, offset: Int, reason: String)
    /// A tensor's entry is not an object, or a field is missing or of the wrong kind.
    case invalidEntry(file: String, offset: Int, tensor: String, reason: String)
    /// A tensor's dtype is not one of the 22 the format defines.
    case unknownDtype(file: String, offset: Int, tensor: String, dtype: String)
    /// The element count or bit count of a tensor does not fit in 64 bits.
    case sizeOverflow(file: String, offset: Int, tensor: String, type: ElementType, shape: [UInt64])
    /// A sub-byte dtype whose bit count is not a multiple of 8.
    case partialByte(file: String, offset: Int, tensor: String, type: ElementType, shape: [UInt64], bits: UInt64)
    /// `data_offsets` whose end is before their begin.
    case offsetsReversed(file: String, offset: Int, tensor: String, begin: UInt64, end: UInt64)
    /// Offsets, sorted, do not follow on from the previous tensor (or from 0 for the first): a gap or an overlap.
    case offsetsNotContiguous(file: String, offset: Int, tensor: String, begin: UInt64, expected: UInt64,
                              previous: String?)
    /// `end − begin` differs from the bytes the dtype and shape need.
    case sizeMismatch(file: String, offset: Int, tensor: String, begin: UInt64, end: UInt64, type: ElementType,
                      shape: [UInt64], needed: UInt64)
    /// The file ends before the tensor data does. `dataEnd` is nil when it lies beyond 2^64;
    /// `tensor` is the first tensor (by offset) that is cut.
    case truncated(file: String, fileSize: Int, dataEnd: UInt64?, tensor: String?)
    /// Bytes follow the end of the tensor data.
    case trailingBytes(file: String, dataEnd: Int, fileSize: Int)

    /// The file the error is about.
    public var file: String {
        switch self {
        case .unreadable(let e): return e.path
        case .headerTooSmall(let f, _), .headerTooLarge(let f, _), .headerPastEnd(let f, _, _),
             .invalidUTF8(let f, _), .invalidJSON(let f, _), .headerNotObject(let f, _, _),
             .invalidMetadata(let f, _, _), .invalidEntry(let f, _, _, _), .unknownDtype(let f, _, _, _),
             .sizeOverflow(let f, _, _, _, _), .partialByte(let f, _, _, _, _, _),
             .offsetsReversed(let f, _, _, _, _), .offsetsNotContiguous(let f, _, _, _, _, _),
             .sizeMismatch(let f, _, _, _, _, _, _, _), .truncated(let f, _, _, _), .trailingBytes(let f, _, _):
            return f
        }
    }

    /// The byte offset the error points at, when there is one.
    public var offset: Int? {
        switch self {
        case .unreadable: return nil
        case .headerTooSmall, .headerTooLarge: return 0
        case .headerPastEnd: return 8
        case .invalidJSON(_, let e): return e.offset
        case .invalidUTF8(_, let o), .headerNotObject(_, let o, _), .invalidMetadata(_, let o, _),
             .invalidEntry(_, let o, _, _), .unknownDtype(_, let o, _, _), .sizeOverflow(_, let o, _, _, _),
             .partialByte(_, let o, _, _, _, _), .offsetsReversed(_, let o, _, _, _),
             .offsetsNotContiguous(_, let o, _, _, _, _), .sizeMismatch(_, let o, _, _, _, _, _, _):
            return o
        case .truncated(_, let size, _, _): return size
        case .trailingBytes(_, let end, _): return end
        }
    }

    /// The tensor the error is about, when there is one.
    public var tensor: String? {
        switch self {
        case .invalidEntry(_, _, let t, _), .unknownDtype(_, _, let t, _), .sizeOverflow(_, _, let t, _, _),
             .partialByte(_, _, let t, _, _, _), .offsetsReversed(_, _, let t, _, _),
             .offsetsNotContiguous(_, _, let t, _, _, _), .sizeMismatch(_, _, let t, _, _, _, _, _):
            return t
        case .truncated(_, _, _, let t): return t
        default: return nil
        }
    }

    /// A stable kebab-case code for scripts and findings.
    public var code: FindingCode {
        switch self {
        case .unreadable: return .unreadable
        case .headerTooSmall, .headerPastEnd, .truncated: return .truncated
        case .headerTooLarge: return .headerTooLarge
        case .invalidUTF8: return .invalidUtf8
        case .invalidJSON: return .invalidJson
        case .headerNotObject: return .headerNotObject
        case .invalidMetadata: return .invalidMetadata
        case .invalidEntry: return .invalidTensorEntry
        case .unknownDtype: return .unknownDtype
        case .sizeOverflow: return .sizeOverflow
        case .partialByte: return .partialByte
        case .offsetsReversed: return .offsetsReversed
        case .offsetsNotContiguous(_, _, _, let begin, let expected, _):
            return begin > expected ? .offsetsGap : .offsetsOverlap
        case .sizeMismatch: return .sizeMismatch
        case .trailingBytes: return .trailingBytes
        }
    }

    /// The message without the file name.
    public var message: String {
        switch self {
        case .unreadable(let e):
            return "cannot \(e.operation): \(SystemError.reason(e.code))"
        case .headerTooSmall(_, let size):
            return "truncated header length at byte 0: need 8 bytes, have \(size)"
        case .headerTooLarge(_, let length):
            return "header too large: the length at byte 0 is \(length) bytes, above the readers' limit of \(SafetensorsHeader.maxHeaderLength)"
        case .headerPastEnd(_, let length, let available):
            return "truncated header at byte 8: need \(length) bytes, have \(available)"
        case .invalidUTF8(_, let o):
            return "header is not valid UTF-8 at byte \(o)"
        case .invalidJSON(_, let e):
            return "invalid JSON header at byte \(e.offset): \(e.reason)"
        case .headerNotObject(_, let o, let found):
            return "header at byte \(o) is a JSON \(found), not an object"
        case .invalidMetadata(_, let o, let reason):
            return "__metadata__ at byte \(o): \(reason)"
        case .invalidEntry(_, let o, let t, let reason):
            return "tensor \(Self.quoted(t)) at byte \(o): \(reason)"
        case .unknownDtype(_, let o, let t, let dtype):
            return "tensor \(Self.quoted(t)) at byte \(o): unknown dtype \(Self.quoted(dtype))"
        case .sizeOverflow(_, let o, let t, let type, let shape):
            return "tensor \(Self.quoted(t)) at byte \(o): size of \(type) \(Self.shape(shape)) overflows 64 bits"
        case .partialByte(_, let o, let t, let type, let shape, let bits):
            return "tensor \(Self.quoted(t)) at byte \(o): \(type) \(Self.shape(shape)) is \(bits) bits, "
                + "not a whole number of bytes"
        case .offsetsReversed(_, let o, let t, let begin, let end):
            return "tensor \(Self.quoted(t)) at byte \(o): data_offsets [\(begin), \(end)] end before they begin"
        case .offsetsNotContiguous(_, let o, let t, let begin, let expected, let previous):
            let head = "tensor \(Self.quoted(t)) at byte \(o): data begins at \(begin)"
            guard let previous else { return head + ", but the first tensor must begin at 0" }
            let kind = begin > expected ? "gap of \(begin - expected)" : "overlap of \(expected - begin)"
            return head + ", but \(Self.quoted(previous)) ends at \(expected) (\(kind) bytes)"
        case .sizeMismatch(_, let o, let t, let begin, let end, let type, let shape, let needed):
            return "tensor \(Self.quoted(t)) at byte \(o): data_offsets [\(begin), \(end)] hold \(end - begin) bytes, "
                + "\(type) \(Self.shape(shape)) needs \(needed)"
        case .truncated(_, let size, let dataEnd, let tensor):
            let end = dataEnd.map { "tensor data ends at byte \($0), \($0 - UInt64(size)) bytes missing" }
                ?? "tensor data ends past byte \(UInt64.max)"
            let cut = tensor.map { " (from tensor \(Self.quoted($0)) on)" } ?? ""
            return "truncated at byte \(size): \(end)\(cut)"
        case .trailingBytes(_, let end, let size):
            return "\(size - end) trailing bytes at byte \(end), after the tensor data"
        }
    }

    /// `file: message`.
    public var description: String {
        if case .unreadable(let e) = self { return e.description }
        return "\(file): \(message)"
    }

    /// This error as a finding of severity `.error`.
    public var finding: Finding {
        Finding(.error, code, file: file, tensor: tensor, offset: offset, message)
    }

    /// A name for a message: single-quoted, cut to 64 characters, control characters escaped.
    static func quoted(_ s: String) -> String { JSONScanner.quoted(s) }

    /// A shape as `[2, 3]`.
    static func shape(_ shape: [UInt64]) -> String {
        "[" + shape.map(String.init).joined(separator: ", ") + "]"
    }
}
