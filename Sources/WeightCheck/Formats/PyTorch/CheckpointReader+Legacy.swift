// CheckpointReader+Legacy: the pre-1.6 `torch.save` stream — five pickles (magic number, protocol version,
// system info, the object, the storage keys) followed by each storage as a u64 element count and its bytes.

extension CheckpointReader {
    /// Reads the legacy stream: every pickle's imports, and the table where the storages can be placed.
    mutating func readLegacy() {
        var offset = 0
        var machines: [PickleMachine] = []
        defer { for i in machines.indices { machines[i].release() } }
        for label in ["magic number", "protocol version", "system info", "object", "storage keys"] {
            let m = run(UnsafeRawBufferPointer(rebasing: bytes[offset...]), base: offset, label: "legacy \(label)")
            machines.append(m)
            guard m.error == nil else { return }
            offset = m.end
        }
        // Storages follow in the order of the keys list: u64 element count, then the bytes.
        guard let keys = machines[4].result.sequence?.compactMap(\.stringValue) else {
            findings.append(Finding(.warning, "pytorch-legacy", file: file, offset: offset,
                                    "legacy checkpoint without a list of storage keys: tensor table not read"))
            return
        }
        var elementSize: [String: Int] = [:]
        var budget = CheckpointReader.maxNodes
        collectStorages(machines[3].result, into: &elementSize, depth: 0, budget: &budget)
        var placed: [String: StorageBytes] = [:]
        var c = ByteCursor(UnsafeRawBufferPointer(rebasing: bytes[offset...]), base: offset)
        for key in keys {
            let at = c.offset
            guard let count = try? c.read(UInt64.self) else {
                findings.append(Finding(.error, "truncated", file: file, offset: at, "legacy storage \(key) is cut off at byte \(at)"))
                break
            }
            let (size, overflow) = count.multipliedReportingOverflow(by: UInt64(elementSize[key] ?? 1))
            guard !overflow, size <= UInt64(c.remaining) else {
                findings.append(Finding(.error, "truncated", file: file, offset: at,
                                        "legacy storage \(key) needs \(count) elements from byte \(c.offset), file has \(bytes.count)"))
                break
            }
            placed[key] = StorageBytes(range: c.offset..<(c.offset + Int(size)), size: size, label: "legacy storage \(key)")
            try? c.skip(Int(size))
        }
        walk(machines[3].result, "", depth: 0) { placed[$0] }
    }

    /// Element sizes of the storages a legacy object names, by key.
    func collectStorages(_ v: PickleValue, into sizes: inout [String: Int], depth: Int, budget: inout Int) {
        budget -= 1
        guard depth < CheckpointReader.maxDepth, budget > 0 else { return }
        switch v {
        case .tensor(let t): sizes[t.storage.key] = t.storage.type?.bytesPerBlock ?? 1
        case .dict(let d): for (_, x) in d.pairs { collectStorages(x, into: &sizes, depth: depth + 1, budget: &budget) }
        case .list(let l): for x in l.items { collectStorages(x, into: &sizes, depth: depth + 1, budget: &budget) }
        case .tuple(let t): for x in t { collectStorages(x, into: &sizes, depth: depth + 1, budget: &budget) }
        default: break
        }
    }
}
