// CheckpointReader: runs a checkpoint's pickles through the machine, walks the object they build into named
// tensors, and places each tensor in its storage's bytes — with a finding for whatever does not fit.

/// Where a storage's bytes lie: a zip entry, or a run of the legacy stream.
struct StorageBytes {
    /// The bytes in the file (empty when they cannot be viewed in place).
    let range: Range<Int>
    /// Bytes the container records for it.
    let size: UInt64
    /// What to call it in findings.
    let label: String
}

/// The state of reading one checkpoint.
struct CheckpointReader {
    let bytes: UnsafeRawBufferPointer
    let file: String
    var tensors: [PyTorchTensor] = []
    var imports: [PickleImport] = []
    var findings: [Finding] = []
    var bigEndian = false
    /// Whether tensors' storages should be in the file (not so for a bare pickle).
    var storagesExpected = true
    private var visited = Set<ObjectIdentifier>()
    private var nodes = 0
    private var reportedBounds = false

    /// Most tensors and most values walked.
    static let maxTensors = 1 << 20
    static let maxNodes = 10_000_000
    static let maxDepth = 64

    init(bytes: UnsafeRawBufferPointer, file: String) {
        self.bytes = bytes
        self.file = file
    }

    /// Runs one pickle; returns the machine (its result still alive: call `release()` when done).
    mutating func run(_ view: UnsafeRawBufferPointer, base: Int, label: String) -> PickleMachine {
        let machine = PickleMachine(view, base: base, file: file)
        imports += machine.imports
        if let e = machine.error {
            findings.append(Finding(.error, "pickle-structure", file: file, offset: e.offset, "\(label): \(e.message)"))
        }
        return machine
    }

    /// A bare pickle: imports, and the tensors it names (which have no storages to view).
    mutating func readPickle(_ view: UnsafeRawBufferPointer, base: Int, tensors: Bool) {
        storagesExpected = false
        var m = run(view, base: base, label: "pickle")
        if tensors, m.error == nil { walk(m.result, "", depth: 0) { _ in nil } }
        m.release()
    }

    /// The zip of `torch.save`: `<prefix>data.pkl`, `<prefix>data/<key>`, `<prefix>byteorder`.
    mutating func readZip(_ archive: ZipArchive) throws(PyTorchError) {
        guard let pkl = archive.entries.first(where: { $0.name == "data.pkl" || $0.name.hasSuffix("/data.pkl") }) else {
            throw PyTorchError(file: file, offset: 0, "zip without a data.pkl: not a PyTorch checkpoint")
        }
        let prefix = String(pkl.name.dropLast("data.pkl".count))
        var byName: [String: ZipEntry] = [:]
        for e in archive.entries { byName[e.name] = e }
        if let order = byName[prefix + "byteorder"], order.isStored, !order.dataRange.isEmpty {
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[order.dataRange]), as: UTF8.self)
            bigEndian = text == "big"
        }
        for e in archive.entries where e.name.hasSuffix(".pkl") {
            guard e.isStored, !e.dataRange.isEmpty || e.compressedSize == 0 else {
                findings.append(Finding(e.name == pkl.name ? .error : .warning, "pickle-unread", file: file,
                                        offset: e.localHeaderOffset, "\(e.name) is compressed or cut off: its imports were not checked"))
                continue
            }
            var m = run(UnsafeRawBufferPointer(rebasing: bytes[e.dataRange]), base: e.dataRange.lowerBound, label: e.name)
            if e.name == pkl.name, m.error == nil {
                walk(m.result, "", depth: 0) { key in
                    guard let entry = byName[prefix + "data/" + key] else { return nil }
                    return StorageBytes(range: entry.isStored ? entry.dataRange : 0..<0, size: entry.uncompressedSize,
                                        label: entry.name)
                }
            }
            m.release()
        }
    }

    /// Walks `value` collecting tensors under dotted names.
    mutating func walk(_ value: PickleValue, _ name: String, depth: Int, storage: (String) -> StorageBytes?) {
        nodes += 1
        guard depth < CheckpointReader.maxDepth, nodes < CheckpointReader.maxNodes,
              tensors.count < CheckpointReader.maxTensors else {
            if !reportedBounds {
                reportedBounds = true
                findings.append(Finding(.warning, "pickle-bounds", file: file,
                                        "object nested or shared past the reader's bounds at \(name): tensors below it are not listed"))
            }
            return
        }
        func child(_ key: String) -> String { name.isEmpty ? key : name + "." + key }
        switch value {
        case .dict(let d):
            guard visited.insert(ObjectIdentifier(d)).inserted else { return }
            for (k, v) in d.pairs {
                let key: String
                switch k {
                case .string(let s): key = s
                case .int(let i): key = String(i)
                default: continue
                }
                walk(v, child(key), depth: depth + 1, storage: storage)
            }
        case .list(let l):
            guard visited.insert(ObjectIdentifier(l)).inserted else { return }
            for (i, v) in l.items.enumerated() { walk(v, child(String(i)), depth: depth + 1, storage: storage) }
        case .tuple(let t):
            for (i, v) in t.enumerated() { walk(v, child(String(i)), depth: depth + 1, storage: storage) }
        case .tensor(let t):
            tensors.append(place(t, name: name.isEmpty ? "tensor" : name, storage(t.storage.key)))
        default:
            break
        }
    }
}
