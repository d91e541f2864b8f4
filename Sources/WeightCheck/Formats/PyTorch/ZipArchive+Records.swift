// ZipArchive+Records: one central-directory record and its local header, zip64 extra fields, and the
// layout checks across entries (overlaps, duplicates, bombs) — each problem a finding with its byte offset.

extension ZipArchive {
    /// Reads the record at the cursor and checks the local header it points at.
    static func readCentralRecord(_ c: inout ByteCursor, _ bytes: UnsafeRawBufferPointer, file: String,
                                  findings: inout [Finding]) throws -> ZipEntry {
        let at = c.offset
        guard try c.read(UInt32.self) == 0x0201_4B50 else {
            throw PyTorchError(file: file, offset: at, "bad central directory record signature at byte \(at)")
        }
        try c.skip(4)
        let flags = try c.read(UInt16.self)
        let method = try c.read(UInt16.self)
        try c.skip(4)
        let crc = try c.read(UInt32.self)
        var csize = UInt64(try c.read(UInt32.self))
        var usize = UInt64(try c.read(UInt32.self))
        let nameLength = Int(try c.read(UInt16.self))
        let extraLength = Int(try c.read(UInt16.self))
        let commentLength = Int(try c.read(UInt16.self))
        try c.skip(8)
        var local = UInt64(try c.read(UInt32.self))
        let name = String(decoding: try c.take(nameLength), as: UTF8.self)
        // Zip64 extended information (id 1): the 64-bit values of the fields set to 0xFFFFFFFF, in order.
        var extra = ByteCursor(try c.take(extraLength), base: c.offset - extraLength)
        while extra.remaining >= 4 {
            let id = try extra.read(UInt16.self)
            let length = Int(try extra.read(UInt16.self))
            var field = ByteCursor(try extra.take(length), base: extra.offset - length)
            if id == 1 {
                if usize == 0xFFFF_FFFF { usize = try field.read(UInt64.self) }
                if csize == 0xFFFF_FFFF { csize = try field.read(UInt64.self) }
                if local == 0xFFFF_FFFF { local = try field.read(UInt64.self) }
            }
        }
        try c.skip(commentLength)
        if flags & 1 != 0 {
            findings.append(Finding(.error, "zip-encrypted", file: file, offset: at, "entry \(name) is encrypted"))
        }
        // The local header: its own name and extra field come before the data.
        let size = UInt64(bytes.count)
        guard local <= size, size - local >= 30 else {
            findings.append(Finding(.error, "zip-structure", file: file, offset: at,
                                    "entry \(name): local header at \(local) is outside the \(size)-byte file"))
            return ZipEntry(name: name, localHeaderOffset: Int(min(local, size)), centralRecordOffset: at, method: method,
                            crc32: crc, compressedSize: csize, uncompressedSize: usize, dataRange: 0..<0)
        }
        var l = ByteCursor(bytes)
        try l.seek(toOffset: Int(local))
        let localSignature = try l.read(UInt32.self)
        try l.skip(22)
        let localNameLength = UInt64(try l.read(UInt16.self))
        let localExtraLength = UInt64(try l.read(UInt16.self))
        if localSignature != 0x0403_4B50 {
            findings.append(Finding(.error, "zip-structure", file: file, offset: Int(local),
                                    "entry \(name): no local header at byte \(local)"))
        }
        let start = local + 30 + localNameLength + localExtraLength
        if method == 0 && csize != usize {
            findings.append(Finding(.error, "zip-structure", file: file, offset: at,
                                    "entry \(name) is stored but its sizes disagree: \(csize) compressed, \(usize) uncompressed"))
        }
        guard start <= size, csize <= size - start else {
            findings.append(Finding(.error, "truncated", file: file, offset: Int(min(start, size)),
                                    "entry \(name) is cut off: \(csize) bytes from byte \(start), file has \(size)"))
            return ZipEntry(name: name, localHeaderOffset: Int(local), centralRecordOffset: at, method: method, crc32: crc,
                            compressedSize: csize, uncompressedSize: usize, dataRange: 0..<0)
        }
        return ZipEntry(name: name, localHeaderOffset: Int(local), centralRecordOffset: at, method: method, crc32: crc,
                        compressedSize: csize, uncompressedSize: usize, dataRange: Int(start)..<Int(start + csize))
    }

    /// Duplicate names, entries overlapping one another, compressed entries and compression ratios of a bomb.
    static func checkLayout(_ entries: [ZipEntry], file: String, findings: inout [Finding]) {
        var seen = Set<String>()
        for e in entries where !seen.insert(e.name).inserted {
            findings.append(Finding(.error, "zip-structure", file: file, offset: e.centralRecordOffset,
                                    "entry \(e.name) appears twice in the central directory"))
        }
        let ordered = entries.filter { !$0.dataRange.isEmpty || $0.compressedSize == 0 }
            .sorted { $0.localHeaderOffset < $1.localHeaderOffset }
        for (a, b) in zip(ordered, ordered.dropFirst()) where a.dataRange.upperBound > b.localHeaderOffset {
            findings.append(Finding(.error, "zip-structure", file: file, offset: b.localHeaderOffset,
                                    "entry \(b.name) at byte \(b.localHeaderOffset) overlaps entry \(a.name) (which ends at byte \(a.dataRange.upperBound))"))
        }
        for e in entries where !e.isStored {
            let ratio = e.compressedSize == 0 ? Double(e.uncompressedSize) : Double(e.uncompressedSize) / Double(e.compressedSize)
            if ratio > 1000 && e.uncompressedSize > 1 << 20 {
                findings.append(Finding(.error, "zip-bomb", file: file, offset: e.localHeaderOffset,
                                        "entry \(e.name) claims \(e.uncompressedSize) bytes from \(e.compressedSize) compressed (ratio \(Int(ratio)):1): not inflated"))
            } else {
                findings.append(Finding(.warning, "zip-compressed", file: file, offset: e.localHeaderOffset,
                                        "entry \(e.name) is compressed (method \(e.method)): its bytes cannot be viewed or checksummed in place"))
            }
        }
    }
}
