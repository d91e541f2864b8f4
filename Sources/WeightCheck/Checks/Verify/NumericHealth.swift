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
            out.append(Finding(.warning, .uncheckedValues, file: file, tensor: t.name, offset: t.byteRange.lowerBound,
                               "tensor '\(t.name)': \(problem)"))
        }
        guard let s = r.statistics, s.count > 0 else { return out }
        let where_ = "tensor '\(t.name)' (\(t.type.name) \(shapeText(t.shape)), byte \(t.byteRange.lowerBound))"
        if s.badScales > 0 {
            out.append(Finding(.error, .badScales, file: file, tensor: t.name, offset: t.byteRange.lowerBound,
                               "\(where_): \(s.badScales) block\(s.badScales == 1 ? "" : "s") with NaN or Inf scales"))
        }
        if s.nanCount > 0 {
            out.append(Finding(.error, .nanValues, file: file, tensor: t.name, offset: t.byteRange.lowerBound,
                               "\(where_): \(s.nanCount) NaN value\(s.nanCount == 1 ? "" : "s") of \(s.count)"))
        }
        if s.infCount > 0 {
            out.append(Finding(.error, .infValues, file: file, tensor: t.name, offset: t.byteRange.lowerBound,
                               "\(where_): \(s.infCount) infinite value\(s.infCount == 1 ? "" : "s") of \(s.count)"))
        }
        if s.zeroCount == s.count {
            out.append(allZero(t, count: UInt64(s.count), where_: where_, file: file))
        }
        return out
    }

    /// The finding for a tensor whose every value is zero: an error for a float matrix of a model (its layer
    /// computes nothing), milder where zeros are what the tensor should hold.
    static func allZero(_ t: TensorInfo, count: UInt64, where_: String, file: String) -> Finding {
        let lower = t.name.lowercased()
        let matrix = t.shape.filter { $0 > 1 }.count >= 2
        if [.i8, .i16, .i32, .i64, .u8, .u16, .u32, .u64, .bool].contains(t.type) {
            return Finding(.note, .allZeroBuffer, file: file, tensor: t.name, offset: t.byteRange.lowerBound,
                           "\(where_) is all zeros (an integer or boolean buffer)")
        }
        if lower.contains("lora_b") || lower.contains("lora_up") {
            return Finding(.warning, .zeroLora, file: file, tensor: t.name, offset: t.byteRange.lowerBound,
                           "\(where_) is all zeros: a LoRA adapter's B as initialized, so the adapter changes nothing (untrained?)")
        }
        if lower.contains("mask") || lower.hasSuffix("_buffer") || lower.contains("position_ids") {
            return Finding(.note, .allZeroBuffer, file: file, tensor: t.name, offset: t.byteRange.lowerBound,
                           "\(where_) is all zeros (a mask or buffer)")
        }
        if matrix {
            return Finding(.error, .allZero, file: file, tensor: t.name, offset: t.byteRange.lowerBound,
                           "\(where_): every one of its \(count) values is zero")
        }
        return Finding(.note, .allZeroVector, file: file, tensor: t.name, offset: t.byteRange.lowerBound,
                       "\(where_) is all zeros (normal for a bias)")
    }

    /// Bytes per row of `t` (its innermost dimension), or nil when the tensor has no whole rows.
    static func rowBytes(_ t: TensorInfo, format: WeightFormat) -> Int? {
        let row = t.rowLength(format: format)
        guard row > 0, t.elementCount > 0, t.elementCount % row == 0 else { return nil }
        let rows = Int(t.elementCount / row)
        guard rows > 0, t.byteCount % rows == 0 else { return nil }
        return t.byteCount / rows
    }

    /// How far (bytes) a zero run's edge may lie from a row boundary and still be taken for whole zero rows:
    /// the neighbouring row may end or begin with zero bytes of its own.
    static let rowSlack = 256

    /// Findings for runs of ≥ 1 MiB of whole zero pages inside tensors (`runs` from the scan, `bytes` the file).
    /// A run that is whole rows at a tensor's end or start (vocabulary padding, unused experts) is a note, one of
    /// whole rows inside a tensor a warning, and any other — a hole cutting rows, as interrupted multi-connection
    /// downloads leave — an error naming the tensor and the byte range.
    static func holes(_ runs: [Range<Int>], tensors: [TensorInfo], format: WeightFormat, file: String,
                      bytes: UnsafeRawBufferPointer) -> [Finding] {
        var out: [Finding] = []
        for run in runs {
            // Exact edges: the zeros may reach a little into the pages on either side.
            var a = run.lowerBound, b = run.upperBound
            while a > 0 && bytes[a - 1] == 0 { a -= 1 }
            while b < bytes.count && bytes[b] == 0 { b += 1 }
            for t in tensors where t.byteRange.overlaps(run) {
                let lo = max(run.lowerBound, t.byteRange.lowerBound), hi = min(run.upperBound, t.byteRange.upperBound)
                guard hi - lo >= zeroTailThreshold else { continue }
                let start = max(a, t.byteRange.lowerBound), end = min(b, t.byteRange.upperBound)
                if start == t.byteRange.lowerBound && end == t.byteRange.upperBound { continue }  // all zero: its own finding
                let range = "bytes \(start)–\(end) (\(mebibytes(end - start)))"
                let name = "tensor '\(t.name)' (\(t.type.name) \(shapeText(t.shape)))"
                if let r = rowBytes(t, format: format), r > 2 * rowSlack {
                    let headGap = (r - (start - t.byteRange.lowerBound) % r) % r  // from start up to a row boundary
                    let tail = (end - t.byteRange.lowerBound) % r                  // past the last row boundary
                    let startsOnRow = start == t.byteRange.lowerBound || headGap < rowSlack
                    let endsOnRow = end == t.byteRange.upperBound || tail < rowSlack
                    if startsOnRow && endsOnRow {
                        let rows = (end - start + rowSlack) / r
                        let atEdge = start == t.byteRange.lowerBound || end == t.byteRange.upperBound
                        out.append(Finding(atEdge ? .note : .warning, .zeroRows, file: file, tensor: t.name, offset: start,
                                           "\(name): \(rows) whole rows are zero, \(range)"
                                               + (atEdge ? " (padding or unused rows)" : " (unused rows, or a hole the size of whole rows)")))
                        continue
                    }
                }
                out.append(Finding(.error, .zeroHole, file: file, tensor: t.name, offset: start,
                                   "\(name): \(range) are zero while the rest of the tensor is not, "
                                       + "as an interrupted multi-connection download leaves them"))
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
        return Finding(.error, .zeroTail, file: file, tensor: covered.first?.name, offset: start,
                       "the last \(zeroBytes) bytes (from byte \(start)) are all zero, as a stopped pre-allocating download leaves them\(what)")
    }

    static func mebibytes(_ n: Int) -> String {
        let m = Double(n) / 1_048_576
        return (m >= 10 ? String(Int(m.rounded())) : String(Double(Int(m * 10)) / 10)) + " MiB"
    }

    static func shapeText(_ s: [UInt64]) -> String { "[" + s.map(String.init).joined(separator: ", ") + "]" }
}
