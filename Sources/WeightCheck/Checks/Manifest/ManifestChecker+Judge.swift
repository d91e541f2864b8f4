// How `ManifestChecker` compares one file with its record: which byte ranges it can still digest (a shorter
// file cuts tensors off), and the findings — size, header, each changed tensor, SHA-256 — from the results.

/// What to digest in one listed file, and how to judge the digests.
struct FilePlan {
    /// The manifest's record.
    let entry: ManifestEntry
    /// The file as it is now (kept mapped until judged).
    let file: MappedFile
    /// The header range to digest (weight files), clipped to the file.
    let header: Range<Int>?
    /// Indices of the tensors whose bytes all lie inside the file, in header order: these are digested.
    let scanned: [Int]
    /// Indices of tensors whose bytes lie (partly) past the end of the file.
    let cutOff: [Int]

    init(_ entry: ManifestEntry, file: MappedFile) {
        self.entry = entry
        self.file = file
        if let h = entry.header {
            header = 0..<min(h.bytes, file.size)
            let tensors = entry.tensors ?? []
            scanned = tensors.indices.filter { tensors[$0].byteRange.upperBound <= file.size }
            cutOff = tensors.indices.filter { tensors[$0].byteRange.upperBound > file.size }
        } else {
            header = nil
            scanned = []
            cutOff = []
        }
    }

    /// The check of this file from its scan result.
    /// The scan request for this file: `fileDigests` of the whole file, XXH3-128 of the header and each tensor.
    func request(display: String, fileDigests: [HashAlgorithm]) -> ScanRequest {
        ManifestScan.request(file, display: display, header: header, tensors: scanned.map { entry.tensors![$0].byteRange },
                             fileDigests: fileDigests)
    }

    /// The passing check of a file whose whole-file XXH3-128 and size are as recorded (fast tier), or nil
    /// when they are not (the file is then read again and judged in full).
    func passedWholeFile(_ result: ScanResult) -> ManifestCheckReport.FileCheck? {
        guard let got = result.digests[.xxh128]?.hexString, got == entry.xxh128, result.size == entry.size else { return nil }
        var c = ManifestCheckReport.FileCheck(path: entry.path, status: .ok, expected: entry)
        c.size = result.size
        c.xxh128 = got
        c.tier = .xxh128
        return c
    }

    /// The whole file is judged by the digest its scan computed: XXH3-128 (the fast tier) or SHA-256.
    func judge(_ result: ScanResult) -> ManifestCheckReport.FileCheck {
        let path = entry.path
        var c = ManifestCheckReport.FileCheck(path: path, status: .ok, expected: entry)
        c.size = result.size
        let sha256 = result.digests[.sha256]?.hexString
        let xxh128 = result.digests[.xxh128]?.hexString
        c.sha256 = sha256
        c.xxh128 = xxh128
        c.tier = sha256 != nil ? .sha256 : .xxh128
        if result.size != entry.size {
            let how = result.size < entry.size ? "shorter: cut off or truncated" : "longer: bytes were appended"
            c.findings.append(Finding(.error, .sizeChanged, file: path, "size is \(result.size) bytes, the manifest says \(entry.size) (\(how))"))
        }
        if let h = entry.header, let range = header {
            let digests = ManifestScan.rangeDigests(result)
            if range.count < h.bytes {
                c.headerChanged = true
                c.findings.append(Finding(.error, .headerChanged, file: path, offset: range.count,
                                          "header cut off: the file ends at byte \(range.count), inside the header (bytes 0..<\(h.bytes))"))
            } else if digests.first != h.xxh128 {
                c.headerChanged = true
                var message = "header changed: XXH3-128 of bytes 0..<\(h.bytes) is \(digests.first ?? "?"), the manifest says \(h.xxh128)"
                if let why = parseProblem() { message += "; the file no longer parses: \(why)" }
                c.findings.append(Finding(.error, .headerChanged, file: path, offset: 0, message))
            }
            let tensors = entry.tensors ?? []
            for (k, t) in scanned.enumerated() {
                let record = tensors[t]
                let got = k + 1 < digests.count ? digests[k + 1] : "?"
                guard got != record.xxh128 else { continue }
                c.changedTensors.append(record.name)
                c.findings.append(Finding(.error, .tensorChanged, file: path, tensor: record.name, offset: record.offset,
                                          "tensor '\(record.name)' changed: XXH3-128 of bytes \(record.offset)..<\(record.byteRange.upperBound) "
                                          + "is \(got), the manifest says \(record.xxh128)"))
            }
            for t in cutOff {
                let record = tensors[t]
                c.cutOffTensors.append(record.name)
                c.findings.append(Finding(.error, .tensorCutOff, file: path, tensor: record.name, offset: record.offset,
                                          "tensor '\(record.name)' cut off: bytes \(record.offset)..<\(record.byteRange.upperBound) "
                                          + "reach past the end of the file (\(result.size) bytes)"))
            }
        }
        let (got, want, name) = sha256 != nil ? (sha256, entry.sha256, "SHA-256") : (xxh128, entry.xxh128 ?? "", "XXH3-128")
        if let got, got != want {
            var message = "\(name) is \(got), the manifest says \(want)"
            if entry.header != nil && c.findings.isEmpty {
                message += " (header and every tensor match: the changed bytes lie in padding between tensors or after the last)"
            }
            c.findings.append(Finding(.error, .digestMismatch, file: path, message))
        }
        c.status = c.findings.isEmpty ? .ok : .changed
        return c
    }

    /// Why the file, whose header changed, no longer parses as a weight file (nil when it still does).
    private func parseProblem() -> String? {
        do throws(WeightFileError) {
            _ = try WeightFile(file)
            return nil
        } catch {
            return error.finding.message
        }
    }
}
