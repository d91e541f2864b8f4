// CheckpointReader+Place: puts one tensor into its storage's bytes — every size from the pickle checked
// with overflow-reporting arithmetic against the storage and the container entry holding it.

extension CheckpointReader {
    /// The tensor `t` named `name`, with a byte range when it is contiguous and inside its storage.
    mutating func place(_ t: PickleTensor, name: String, _ storage: StorageBytes?) -> PyTorchTensor {
        let shape = t.shape.map { UInt64($0) }
        let contiguous = PyTorchTensor.isContiguous(shape: shape, strides: t.strides)
        func make(_ range: Range<Int>?) -> PyTorchTensor {
            PyTorchTensor(name: name, type: t.type, typeName: t.typeName, shape: shape, strides: t.strides,
                          storageKey: t.storage.key, storageOffset: t.storageOffset, isContiguous: contiguous, byteRange: range)
        }
        guard let type = t.type else {
            findings.append(Finding(.warning, "unsupported-type", file: file, tensor: name, offset: t.offset,
                                    "tensor \(name) has type \(t.typeName), which is not read"))
            return make(nil)
        }
        guard let storage else {
            if storagesExpected {
                findings.append(Finding(.error, "missing-storage", file: file, tensor: name, offset: t.offset,
                                        "tensor \(name): storage \(t.storage.key) is not in the file"))
            }
            return make(nil)
        }
        let size = UInt64(type.bytesPerBlock)
        // The storage's bytes as the pickle records them (an untyped storage counts bytes).
        let storageElement = UInt64(t.storage.className == "UntypedStorage" ? 1 : t.storage.type?.bytesPerBlock ?? 1)
        let (storageBytes, o1) = UInt64(max(0, t.storage.count)).multipliedReportingOverflow(by: storageElement)
        // The furthest element the view reaches: offset + Σ (size−1)·stride.
        var extent = UInt64(t.storageOffset), overflow = o1, numel: UInt64 = 1
        for (n, s) in zip(shape, t.strides) {
            guard s >= 0 else { overflow = true; break }
            let (m, o) = numel.multipliedReportingOverflow(by: n)
            numel = m
            overflow = overflow || o
            if n > 0 {
                let (step, o2) = (n - 1).multipliedReportingOverflow(by: UInt64(s))
                let (e, o3) = extent.addingReportingOverflow(step)
                extent = e
                overflow = overflow || o2 || o3
            }
        }
        let (last, o5) = numel == 0 ? (UInt64(t.storageOffset), false) : extent.addingReportingOverflow(1)
        let (endBytes, o4) = last.multipliedReportingOverflow(by: size)
        guard !overflow, !o4, !o5 else {
            findings.append(Finding(.error, "tensor-bounds", file: file, tensor: name, offset: t.offset,
                                    "tensor \(name): its size, strides and offset overflow"))
            return make(nil)
        }
        if endBytes > storageBytes {
            findings.append(Finding(.error, "tensor-bounds", file: file, tensor: name, offset: t.offset,
                                    "tensor \(name) reaches byte \(endBytes) of storage \(t.storage.key), which holds \(storageBytes)"))
            return make(nil)
        }
        if storageBytes > storage.size {
            findings.append(Finding(.error, "storage-bounds", file: file, tensor: name, offset: storage.range.lowerBound,
                                    "storage \(t.storage.key) of \(storageBytes) bytes runs past its entry \(storage.label) (\(storage.size) bytes)"))
            return make(nil)
        }
        guard contiguous else {
            findings.append(Finding(.note, "non-contiguous", file: file, tensor: name, offset: t.offset,
                                    "tensor \(name) is a strided view (strides \(t.strides)): left out of the tensor table"))
            return make(nil)
        }
        let start = UInt64(t.storageOffset) * size, length = numel * size  // no overflow: both ≤ endBytes
        guard !storage.range.isEmpty || length == 0, start + length <= UInt64(storage.range.count) else { return make(nil) }
        let lower = storage.range.lowerBound + Int(start)
        return make(lower..<(lower + Int(length)))
    }
}
