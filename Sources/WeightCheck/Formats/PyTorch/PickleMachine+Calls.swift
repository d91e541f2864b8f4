// PickleMachine+Calls: the only calls the machine makes — rebuilding tensors from storages, `OrderedDict`,
// `torch.Size`, `_codecs.encode` — and persistent ids naming storages. Any other call yields an opaque value.

extension PickleMachine {
    /// The value of `callable(*args)`, for the calls a state dict needs; `.opaque` for every other call.
    mutating func reduce(_ callable: PickleValue, _ args: PickleValue, _ at: Int, nesting: Int = 0) throws(PyTorchError) -> PickleValue {
        guard case .global(let name) = callable else { return .opaque(callableName(callable)) }
        // `_rebuild_from_type_v2` applies its first argument: a list may name itself, so the nesting is bounded.
        guard nesting < 8 else { return .opaque(name) }
        let a = args.sequence ?? []
        switch name {
        case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v3":
            return try rebuildTensor(a, v3: name.hasSuffix("v3"), at)
        case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state",
             "torch.nn.parameter.Parameter":
            if case .tensor = a.first { return a[0] }
            return .opaque(name)
        case "torch._tensor._rebuild_from_type_v2":
            // (function, type, args, state): the tensor is function(*args).
            guard a.count >= 3 else { return .opaque(name) }
            return try reduce(a[0], a[2], at, nesting: nesting + 1)
        case "collections.OrderedDict", "collections.defaultdict", "collections.Counter":
            let d = newDict()
            if let pairs = a.first?.sequence {
                for p in pairs { if let kv = p.sequence, kv.count == 2 { d.pairs.append((kv[0], kv[1])) } }
            }
            return .dict(d)
        case "torch.Size":
            return a.first.map { .tuple($0.sequence ?? []) } ?? .tuple([])
        case "_codecs.encode":
            if let s = a.first?.stringValue { return .bytes(s.unicodeScalars.count) }
            return .bytes(0)
        default:
            return .opaque(name)
        }
    }

    /// `_rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks, metadata)`.
    func rebuildTensor(_ a: [PickleValue], v3: Bool, _ at: Int) throws(PyTorchError) -> PickleValue {
        guard a.count >= 4, case .storage(let storage) = a[0], let offset = a[1].intValue,
              let sizes = a[2].sequence, let strides = a[3].sequence else {
            return .opaque("torch._utils._rebuild_tensor_v2")
        }
        let shape = sizes.compactMap(\.intValue), stride = strides.compactMap(\.intValue)
        guard shape.count == sizes.count, stride.count == strides.count, shape.count == stride.count,
              shape.count <= 64, offset >= 0, shape.allSatisfy({ $0 >= 0 }) else {
            throw fail(at, "tensor with a malformed size, stride or offset")
        }
        var type = storage.type, typeName = storage.className
        if v3, a.count >= 7, case .global(let dtype) = a[6] {
            typeName = String(dtype.dropFirst("torch.".count))
            type = PickleAllowList.dtypes[typeName]
        }
        return .tensor(PickleTensor(storage: storage, storageOffset: offset, shape: shape, strides: stride,
                                    type: type, typeName: typeName, offset: at))
    }

    /// A persistent id: `('storage', torch.<Type>Storage, key, location, numel[, view_metadata])`.
    func persistent(_ pid: PickleValue) -> PickleValue {
        guard let t = pid.sequence, t.count >= 5, t[0].stringValue == "storage",
              case .global(let cls) = t[1], let key = t[2].stringValue, let count = t[4].intValue else {
            return .opaque("persistent id")
        }
        let className = cls.split(separator: ".").last.map(String.init) ?? cls
        return .storage(PickleStorage(key: key, className: className, type: PickleAllowList.storageTypes[className],
                                      count: count, location: t[3].stringValue ?? ""))
    }
}
