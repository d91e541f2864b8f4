// PyTorchFile: a PyTorch checkpoint read without running it — the zip of `torch.save` (1.6+), the legacy
// pickle stream, or a bare pickle — with its tensor table, every import its pickles make, and findings.

/// A PyTorch checkpoint (or any pickle): its container, tensors, imports and structural findings.
public struct PyTorchFile: Sendable {
    /// Which container the file is.
    public enum Kind: String, Sendable {
        /// The zip archive of `torch.save` since 1.6.
        case zip = "zip checkpoint"
        /// The pre-1.6 stream: magic number, protocol, system info, the object, storage keys, raw storages.
        case legacy = "legacy (pre-1.6) checkpoint"
        /// The pre-1.6 tar archive (`pickle`, `storages`, `tensors` members).
        case legacyTar = "legacy tar checkpoint"
        /// A bare pickle (`pickle.dump`, `*.pkl`).
        case pickle = "pickle"
    }

    /// The mapping.
    public let file: MappedFile
    /// The container.
    public let kind: Kind
    /// The zip directory, for `.zip`.
    public let archive: ZipArchive?
    /// Every tensor the pickle builds, contiguous or not, in state-dict order.
    public let tensors: [PyTorchTensor]
    /// Every import of every pickle in the file, in order.
    public let imports: [PickleImport]
    /// Structural, safety and layout findings.
    public let findings: [Finding]
    /// Whether storages are big-endian (`byteorder` says `big`).
    public let bigEndian: Bool

    /// The contiguous tensors with their bytes in the file, for the format-neutral stages.
    public var table: TensorTable {
        TensorTable(format: .pytorch, dataOffset: 0, tensors: tensors.compactMap(\.info))
    }

    /// Stored zip entries whose bytes lie in the file: what `verify` checksums.
    public var checksummedEntries: [ZipEntry] {
        (archive?.entries ?? []).filter { $0.isStored && ($0.dataRange.count > 0 || $0.compressedSize == 0) }
    }

    /// Whether any import runs code when the file is loaded.
    public var runsCode: Bool { imports.contains { $0.verdict == .dangerous } }

    /// Reads the checkpoint in `mapped`.
    ///
    /// - Throws: `PyTorchError` when the content is no checkpoint or pickle, or its zip directory is unreadable.
    public init(_ mapped: MappedFile) throws(PyTorchError) {
        file = mapped
        let bytes = mapped.bytes
        let path = mapped.path
        var reader = CheckpointReader(bytes: bytes, file: path)
        guard let kind = PyTorchFile.detect(bytes) else {
            throw PyTorchError(file: path, offset: 0, code: "unknown-format", "not a PyTorch checkpoint or pickle")
        }
        self.kind = kind
        switch kind {
        case .zip:
            let archive = try ZipArchive(bytes, file: path)
            self.archive = archive
            reader.findings += archive.findings
            try reader.readZip(archive)
        case .legacy:
            archive = nil
            reader.readLegacy()
        case .pickle:
            archive = nil
            reader.readPickle(bytes, base: 0, tensors: true)
        case .legacyTar:
            archive = nil
            reader.findings.append(Finding(.note, "pytorch-legacy", file: path, offset: 0,
                                           "legacy tar checkpoint (torch < 0.4): tensor table not read"))
        }
        tensors = reader.tensors
        imports = reader.imports
        bigEndian = reader.bigEndian
        findings = reader.findings + PyTorchFile.importFindings(reader.imports, file: path)
    }

    /// One finding per distinct import outside the allow-list: an error when it runs code.
    static func importFindings(_ imports: [PickleImport], file: String) -> [Finding] {
        var seen = Set<String>(), out: [Finding] = []
        for i in imports where i.verdict != .allowed && seen.insert(i.name).inserted {
            if out.count == 100 { break }
            if i.verdict == .dangerous {
                out.append(Finding(.error, "unsafe-import", file: file, offset: i.offset,
                                   "loading this file runs code: \(i.name) at byte \(i.offset)"))
            } else {
                out.append(Finding(.warning, "unknown-import", file: file, offset: i.offset,
                                   "loading this file imports \(i.name) at byte \(i.offset), which torch.load(weights_only=True) refuses"))
            }
        }
        return out
    }

    /// Which kind of checkpoint `bytes` (a whole file) is, if any: a zip with a `data.pkl`, the legacy magic
    /// number, a legacy tar, a pickle of protocol 2 or later, or one of protocol 0 or 1 that runs cleanly to
    /// its STOP at the last byte.
    public static func detect(_ bytes: UnsafeRawBufferPointer) -> Kind? {
        if ZipArchive.looksLikeZip(bytes) {
            if let first = firstLocalName(bytes), first == "data.pkl" || first.hasSuffix("/data.pkl") { return .zip }
            if let archive = try? ZipArchive(bytes, file: ""),
               archive.entries.contains(where: { $0.name == "data.pkl" || $0.name.hasSuffix("/data.pkl") }) { return .zip }
            return nil
        }
        let legacyMagic: [UInt8] = [0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19]
        if bytes.count >= legacyMagic.count, bytes.prefix(legacyMagic.count).elementsEqual(legacyMagic) { return .legacy }
        if bytes.count >= 512, bytes[257..<262].elementsEqual("ustar".utf8) {
            let name = bytes[0..<100].prefix { $0 != 0 }
            if name.elementsEqual("pickle".utf8) || name.elementsEqual("storages".utf8) || name.elementsEqual("tensors".utf8)
                || name.elementsEqual("sys_info".utf8) { return .legacyTar }
            return nil
        }
        if bytes.count >= 3, bytes[0] == 0x80, (2...5).contains(bytes[1]) { return .pickle }
        // Protocols 0 and 1 have no header: a plausible first opcode, STOP last, and a clean run to it.
        let textOpeners: Set<UInt8> = [0x28, 0x63, 0x7D, 0x5D, 0x29, 0x4E, 0x69, 0x49, 0x53, 0x56, 0x58, 0x4B]
        if bytes.count >= 2, bytes.count <= 1 << 24, textOpeners.contains(bytes[0]), bytes[bytes.count - 1] == 0x2E {
            var m = PickleMachine(bytes, file: "")
            defer { m.release() }
            if m.error == nil, m.end == bytes.count { return .pickle }
        }
        return nil
    }

    /// The name in the first local header, if the bytes hold one.
    static func firstLocalName(_ bytes: UnsafeRawBufferPointer) -> String? {
        var c = ByteCursor(bytes)
        guard (try? c.read(UInt32.self)) == 0x0403_4B50, (try? c.skip(22)) != nil,
              let n = try? c.read(UInt16.self), (try? c.skip(2)) != nil, let name = try? c.take(Int(n)) else { return nil }
        return String(decoding: name, as: UTF8.self)
    }
}
