// GGUFError: every way a GGUF header can be rejected, each carrying the file and the byte offset,
// and the key or tensor name where there is one. Messages follow llama.cpp's loader, lowercased and exact.

/// A GGUF file the reference loader would refuse, and where.
public struct GGUFError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Why the file was rejected.
    public enum Reason: Sendable, Equatable {
        case badMagic([UInt8])
        case unsupportedVersion(UInt32)
        case truncated(what: String, needed: Int, available: Int)
        case countBeyondFile(what: String, count: UInt64, bytesLeft: Int)
        case stringTooLong(what: String, length: UInt64)
        case stringPastEnd(what: String, length: UInt64, bytesLeft: Int)
        case notUTF8(what: String)
        case emptyKey
        case duplicateKey(String)
        case unknownValueType(key: String, type: UInt32)
        case nestedArray(key: String)
        case arrayTooLong(key: String, count: UInt64)
        case badAlignment(String)
        case tensorNameTooLong(String, length: Int)
        case duplicateTensor(String)
        case tooManyDimensions(tensor: String, count: UInt32)
        case negativeDimension(tensor: String, index: Int, value: Int64)
        case elementCountOverflow(tensor: String)
        case rowNotMultipleOfBlock(tensor: String, type: String, ne0: UInt64, blockSize: Int)
        case sizeOverflow(tensor: String)
        case dataStartPastEnd(dataOffset: Int, fileSize: Int)
        case offsetMismatch(tensor: String, expected: UInt64, found: UInt64)
        case dataPastEnd(tensor: String, end: UInt64, fileSize: Int)
    }

    /// The file's path.
    public let file: String
    /// The absolute byte offset where the problem was found.
    public let offset: Int
    /// What is wrong.
    public let reason: Reason

    public init(file: String, offset: Int, _ reason: Reason) {
        self.file = file
        self.offset = offset
        self.reason = reason
    }

    /// A short kebab-case code for scripts and findings.
    public var code: FindingCode {
        switch reason {
        case .truncated, .dataPastEnd, .stringPastEnd, .countBeyondFile, .dataStartPastEnd: return .truncated
        case .badMagic: return .notGguf
        case .unsupportedVersion: return .unsupportedVersion
        case .offsetMismatch: return .badTensorOffset
        case .duplicateKey, .duplicateTensor: return .duplicateName
        default: return .malformedHeader
        }
    }

    /// The tensor the error is about, if any.
    public var tensor: String? {
        switch reason {
        case .tensorNameTooLong(let t, _), .duplicateTensor(let t), .tooManyDimensions(let t, _),
             .negativeDimension(let t, _, _), .elementCountOverflow(let t), .rowNotMultipleOfBlock(let t, _, _, _),
             .sizeOverflow(let t), .offsetMismatch(let t, _, _), .dataPastEnd(let t, _, _):
            return t
        default: return nil
        }
    }

    /// The message without the file name: `at byte 24: …`.
    public var message: String {
        let at = "at byte \(offset)"
        switch reason {
        case .badMagic(let m):
            return "not a GGUF file: magic \(at) is \"\(m.map { byteText($0) }.joined())\", expected \"GGUF\""
        case .unsupportedVersion(let v):
            return "\(at): unsupported GGUF version \(v) (supported: 2 and 3)"
        case .truncated(let what, let needed, let available):
            return "truncated \(what) \(at): need \(needed) bytes, have \(available)"
        case .countBeyondFile(let what, let count, let left):
            return "\(what) \(count) \(at) cannot fit in the \(left) bytes left"
        case .stringTooLong(let what, let length):
            return "\(what) \(at) has length \(length), more than 1 GiB"
        case .stringPastEnd(let what, let length, let left):
            return "truncated \(what) \(at): length \(length) but only \(left) bytes left"
        case .notUTF8(let what):
            return "\(what) \(at) is not valid UTF-8"
        case .emptyKey:
            return "empty metadata key \(at)"
        case .duplicateKey(let k):
            return "duplicate metadata key '\(k)' \(at)"
        case .unknownValueType(let k, let t):
            return "metadata key '\(k)' \(at) has unknown value type \(t)"
        case .nestedArray(let k):
            return "metadata key '\(k)' \(at) is an array of arrays, which the loader rejects"
        case .arrayTooLong(let k, let n):
            return "metadata array '\(k)' \(at) has \(n) elements, more than the loader accepts"
        case .badAlignment(let why):
            return "general.alignment \(at) \(why)"
        case .tensorNameTooLong(let n, let len):
            return "tensor name '\(n.prefix(80))' \(at) is \(len) bytes, the limit is 63"
        case .duplicateTensor(let n):
            return "duplicate tensor '\(n)' \(at)"
        case .tooManyDimensions(let n, let c):
            return "tensor '\(n)' \(at) has \(c) dimensions, at most 4 allowed"
        case .negativeDimension(let n, let i, let v):
            return "tensor '\(n)' \(at): dimension \(i) is negative (\(v))"
        case .elementCountOverflow(let n):
            return "tensor '\(n)' \(at): element count overflows"
        case .rowNotMultipleOfBlock(let n, let type, let ne0, let bs):
            return "tensor '\(n)' \(at): row length \(ne0) is not a multiple of the \(type) block size \(bs)"
        case .sizeOverflow(let n):
            return "tensor '\(n)' \(at): byte size overflows"
        case .dataStartPastEnd(let start, let size):
            return "tensor data would start at byte \(start), past the end of the \(size)-byte file"
        case .offsetMismatch(let n, let expected, let found):
            return "tensor '\(n)' \(at): data offset \(found), expected \(expected) (tensors must be contiguous, in order, aligned)"
        case .dataPastEnd(let n, let end, let size):
            return "tensor '\(n)' data ends at byte \(end), past the end of the \(size)-byte file: corrupted or incomplete"
        }
    }

    public var description: String { "\(file): \(message)" }

    /// This error as a finding.
    public var finding: Finding {
        Finding(.error, code, file: file, tensor: tensor, offset: offset, message)
    }
}

private func byteText(_ b: UInt8) -> String {
    (0x20..<0x7f).contains(b) ? String(UnicodeScalar(b)) : "\\x" + String(b, radix: 16, uppercase: false).leftPadded(2)
}

extension String {
    /// Pads on the left with zeros to `width` characters.
    func leftPadded(_ width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
