// ZipArchive: the central directory of a zip file (the container of `torch.save` since 1.6) read without
// inflating anything — entries, zip64 sizes, local headers and where each entry's stored bytes lie.

/// One entry of a zip archive: where its bytes lie and the CRC-32 the archive records for them.
public struct ZipEntry: Sendable, Hashable {
    /// The entry's name as the central directory spells it.
    public let name: String
    /// Offset of the entry's local header.
    public let localHeaderOffset: Int
    /// Offset of its central directory record.
    public let centralRecordOffset: Int
    /// Compression method (0: stored; 8: deflated).
    public let method: UInt16
    /// The CRC-32 of the uncompressed bytes, as recorded.
    public let crc32: UInt32
    /// Sizes as recorded (zip64 values when present).
    public let compressedSize: UInt64
    public let uncompressedSize: UInt64
    /// The entry's bytes in the file (compressed bytes when `method` is not 0); empty when they lie outside it.
    public let dataRange: Range<Int>
    /// Whether the bytes are stored as they are (so they can be viewed and checksummed in place).
    public var isStored: Bool { method == 0 }
}

/// A zip archive's entries, with the structural problems found on the way (each with its byte offset).
public struct ZipArchive: Sendable {
    /// Entries in central-directory order.
    public let entries: [ZipEntry]
    /// Problems that did not prevent reading the directory.
    public let findings: [Finding]

    /// Most entries accepted (a torch checkpoint has one per storage plus a handful).
    public static let maxEntries = 1 << 20

    /// Whether `bytes` begin like a zip file (a local header, or an empty archive's end record).
    public static func looksLikeZip(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var c = ByteCursor(bytes)
        guard let sig = try? c.read(UInt32.self) else { return false }
        return sig == 0x0403_4B50 || sig == 0x0605_4B50
    }

    /// Reads the central directory of the zip file `bytes`, named `file` in findings and errors.
    ///
    /// - Throws: `PyTorchError` when there is no readable central directory (no end record, a directory
    ///   outside the file, more entries than fit).
    public init(_ bytes: UnsafeRawBufferPointer, file: String) throws(PyTorchError) {
        var findings: [Finding] = []
        let size = bytes.count
        // The end-of-central-directory record: 22 bytes plus a comment of up to 65,535, searched backwards.
        guard size >= 22 else { throw PyTorchError(file: file, offset: 0, "truncated zip: \(size) bytes, no end record") }
        var eocd = -1
        var p = size - 22
        let lowest = max(0, size - 22 - 65_535)
        while p >= lowest {
            if bytes[p] == 0x50, bytes[p + 1] == 0x4B, bytes[p + 2] == 0x05, bytes[p + 3] == 0x06 { eocd = p; break }
            p -= 1
        }
        guard eocd >= 0 else {
            throw PyTorchError(file: file, offset: size, "no zip end-of-central-directory record: the archive is truncated")
        }
        var cdCount: UInt64, cdSize: UInt64, cdOffset: UInt64
        do {
            var c = ByteCursor(bytes)
            try c.seek(toOffset: eocd + 10)
            cdCount = UInt64(try c.read(UInt16.self))
            cdSize = UInt64(try c.read(UInt32.self))
            cdOffset = UInt64(try c.read(UInt32.self))
            // Zip64: a locator 20 bytes before the end record points at the zip64 end record.
            if eocd >= 20, cdCount == 0xFFFF || cdSize == 0xFFFF_FFFF || cdOffset == 0xFFFF_FFFF {
                try c.seek(toOffset: eocd - 20)
                guard try c.read(UInt32.self) == 0x0706_4B50 else {
                    throw PyTorchError(file: file, offset: eocd - 20, "zip64 sizes announced but no zip64 locator")
                }
                try c.skip(4)
                let z = try c.read(UInt64.self)
                guard z <= UInt64(size - 56) else {
                    throw PyTorchError(file: file, offset: eocd - 16, "zip64 end record offset \(z) is outside the \(size)-byte file")
                }
                try c.seek(toOffset: Int(z))
                guard try c.read(UInt32.self) == 0x0606_4B50 else {
                    throw PyTorchError(file: file, offset: Int(z), "no zip64 end record where the locator points")
                }
                try c.skip(28)
                cdCount = try c.read(UInt64.self)
                cdSize = try c.read(UInt64.self)
                cdOffset = try c.read(UInt64.self)
            }
        } catch let e as OutOfBounds {
            throw PyTorchError(file: file, offset: e.offset, "truncated zip end record at byte \(e.offset)")
        } catch let e as PyTorchError {
            throw e
        } catch {
            throw PyTorchError(file: file, offset: eocd, "unreadable zip end record at byte \(eocd)")
        }
        guard cdOffset <= UInt64(size), cdSize <= UInt64(size) - cdOffset else {
            throw PyTorchError(file: file, offset: eocd,
                               "truncated central directory: \(cdSize) bytes at \(cdOffset), file has \(size)")
        }
        guard cdCount <= cdSize / 46, cdCount <= UInt64(ZipArchive.maxEntries) else {
            throw PyTorchError(file: file, offset: eocd, "\(cdCount) entries cannot fit in a \(cdSize)-byte central directory")
        }
        var entries: [ZipEntry] = []
        entries.reserveCapacity(Int(cdCount))
        var c = ByteCursor(UnsafeRawBufferPointer(rebasing: bytes[Int(cdOffset)..<Int(cdOffset + cdSize)]), base: Int(cdOffset))
        for _ in 0..<cdCount {
            do {
                entries.append(try ZipArchive.readCentralRecord(&c, bytes, file: file, findings: &findings))
            } catch let e as OutOfBounds {
                throw PyTorchError(file: file, offset: e.offset, "truncated central directory record at byte \(e.offset)")
            } catch let e as PyTorchError {
                throw e
            } catch {
                throw PyTorchError(file: file, offset: c.offset, "unreadable central directory record at byte \(c.offset)")
            }
        }
        ZipArchive.checkLayout(entries, file: file, findings: &findings)
        self.entries = entries
        self.findings = findings
    }

    /// The entry named `name`, or nil.
    public func entry(named name: String) -> ZipEntry? { entries.first { $0.name == name } }
}
