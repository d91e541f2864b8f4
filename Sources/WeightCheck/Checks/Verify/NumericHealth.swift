// NumericHealth: what a tensor's statistics say about its usability — NaN or Inf values, NaN/Inf block
// scales, tensors that are entirely zero — and the zero-filled tails that stopped downloads leave.

enum NumericHealth {
    /// A zero run at least this long at the end of a file is reported.
    static let zeroTailThreshold = 1 << 20

    /// Findings for one tensor's scan result in `file`.
    static func findings(_ r: TensorScanResult, file: String) -> [Finding] {
        var out: [Finding] = []
        let t = r.tensor
        if let problem = r.problem {
            out.append(Finding(.warning, "unchecked-values", file: file, tensor: t.name, offset: t.byteRange.lowerBound,
                               "tensor '\(t.name)': \(problem)"))
        }
        guard let s = r.statistics, s.count > 0 else { return out }
        let where_ = "tensor '\(t.name)' (\(t.type.name) \(shapeText(t.shape)), byte \(t.byteRange.lowerBound))"
        if s.badScales > 0 {
            out.append(Finding(.error, "bad-scales", file: file, tensor: t.name, offset: t.byteRange.lowerBound,
                               "\(where_): \(s.badScales) block\(s.badScales == 1 ? "" : "s") with NaN or Inf scales"))
        }
        if s.nanCount > 0 {
            out.append(Finding(.error, "nan-values", file: file, tensor: t.name, offset: t.byteRange.lowerBound,
                               "\(where_): \(s.nanCount) NaN value\(s.nanCount == 1 ? "" : "s") of \(s.count)"))
        }
        if s.infCount > 0 {
            out.append(Finding(.error, "inf-values", file: file, tensor: t.name, offset: t.byteRange.lowerBound,
                               "\(where_): \(s.infCount) infinite value\(s.infCount == 1 ? "" : "s") of \(s.count)"))
        }
        if s.zeroCount == s.count {
            let matrix = t.shape.filter { $0 > 1 }.count >= 2
            if matrix {
                out.append(Finding(.error, "all-zero", file: file, tensor: t.name, offset: t.byteRange.lowerBound,
                                   "\(where_): every one of its \(s.count) values is zero"))
            } else {
                out.append(Finding(.note, "all-zero-vector", file: file, tensor: t.name, offset: t.byteRange.lowerBound,
                                   "\(where_) is all zeros (normal for a bias)"))
            }
        }
        return out
    }

    /// A finding for a zero-filled tail of `zeroBytes` bytes in a file of `size` bytes, naming the tensors it covers.
    static func zeroTail(zeroBytes: Int, size: Int, tensors: [TensorInfo], file: String) -> Finding? {
        guard zeroBytes >= zeroTailThreshold else { return nil }
        let start = size - zeroBytes
        let covered = tensors.filter { $0.byteRange.upperBound > start && $0.byteCount > 0 }
        var names = covered.prefix(5).map { "'\($0.name)'" }.joined(separator: ", ")
        if covered.count > 5 { names += " and \(covered.count - 5) more" }
        let what = covered.isEmpty ? "" : "; it covers tensor\(covered.count == 1 ? "" : "s") \(names)"
        return Finding(.error, "zero-tail", file: file, tensor: covered.first?.name, offset: start,
                       "the last \(zeroBytes) bytes (from byte \(start)) are all zero, as a stopped pre-allocating download leaves them\(what)")
    }

    static func shapeText(_ s: [UInt64]) -> String { "[" + s.map(String.init).joined(separator: ", ") + "]" }
}
