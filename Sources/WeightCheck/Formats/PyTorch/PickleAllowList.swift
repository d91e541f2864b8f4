// PickleAllowList: which `module.name` imports a checkpoint's pickle may make — those `torch.load(weights_only
// =True)` accepts — and which are known to run code when loaded (the callables picklescan calls dangerous).

/// How an import found in a pickle is judged.
public enum PickleImportVerdict: String, Sendable {
    /// On torch's `weights_only` allow-list (or a plain container/scalar constructor): loading builds data.
    case allowed
    /// Known to run code or touch the system when called (`os.system`, `builtins.exec`, `subprocess.Popen`).
    case dangerous
    /// Neither: refused by `weights_only=True`, not known to be harmful (a class of a training script).
    case unknown
}

/// The allow-list and the deny-list, with the storage classes torch writes and their element types.
public enum PickleAllowList {
    /// torch storage class name → element type (`torch.<Name>` as `torch.save` writes it).
    public static let storageTypes: [String: ElementType] = [
        "FloatStorage": .f32, "DoubleStorage": .f64, "HalfStorage": .f16, "BFloat16Storage": .bf16,
        "ByteStorage": .u8, "CharStorage": .i8, "ShortStorage": .i16, "IntStorage": .i32, "LongStorage": .i64,
        "BoolStorage": .bool, "ComplexFloatStorage": .c64, "UntypedStorage": .u8,
        "UInt16Storage": .u16, "UInt32Storage": .u32, "UInt64Storage": .u64,
        "Float8_e4m3fnStorage": .f8_e4m3, "Float8_e5m2Storage": .f8_e5m2,
        "Float8_e4m3fnuzStorage": .f8_e4m3fnuz, "Float8_e5m2fnuzStorage": .f8_e5m2fnuz,
        "Float8_e8m0fnuStorage": .f8_e8m0,
    ]

    /// torch dtype name (`torch.<name>`, as `_rebuild_tensor_v3` names it) → element type.
    public static let dtypes: [String: ElementType] = [
        "float32": .f32, "float": .f32, "float64": .f64, "double": .f64, "float16": .f16, "half": .f16,
        "bfloat16": .bf16, "uint8": .u8, "int8": .i8, "int16": .i16, "short": .i16, "int32": .i32, "int": .i32,
        "int64": .i64, "long": .i64, "bool": .bool, "complex64": .c64, "cfloat": .c64, "uint16": .u16,
        "uint32": .u32, "uint64": .u64, "float8_e4m3fn": .f8_e4m3, "float8_e5m2": .f8_e5m2,
        "float8_e4m3fnuz": .f8_e4m3fnuz, "float8_e5m2fnuz": .f8_e5m2fnuz, "float8_e8m0fnu": .f8_e8m0,
    ]

    /// Dotted names torch's `weights_only` unpickler accepts (besides storages and dtypes).
    static let allowed: Set<String> = [
        "collections.OrderedDict", "collections.Counter", "collections.defaultdict",
        "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor_v3",
        "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state",
        "torch._utils._rebuild_sparse_tensor", "torch._utils._rebuild_meta_tensor_no_storage",
        "torch._utils._rebuild_nested_tensor", "torch._utils._rebuild_wrapper_subclass",
        "torch._utils._rebuild_qtensor", "torch._utils._rebuild_device_tensor_from_numpy",
        "torch._utils._rebuild_device_tensor_from_cpu_tensor",
        "torch._tensor._rebuild_from_type_v2", "torch.nn.parameter.Parameter", "torch.Tensor",
        "torch.serialization._get_layout", "torch.Size", "torch.device", "torch.storage.UntypedStorage",
        "builtins.set", "builtins.frozenset", "builtins.bytearray", "builtins.slice", "builtins.complex",
        "__builtin__.set", "_codecs.encode",
        "numpy.dtype", "numpy.ndarray", "numpy.core.multiarray._reconstruct", "numpy.core.multiarray.scalar",
        "numpy._core.multiarray._reconstruct", "numpy._core.multiarray.scalar",
    ]

    /// torch's dtypes, layouts, memory formats and quantization schemes (`torch.float32`, `torch.strided`).
    static let torchConstants: Set<String> = [
        "float32", "float", "float64", "double", "float16", "half", "bfloat16", "uint8", "int8", "int16", "short",
        "int32", "int", "int64", "long", "bool", "complex64", "complex128", "cfloat", "cdouble", "uint16", "uint32",
        "uint64", "float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz", "float8_e8m0fnu",
        "qint8", "quint8", "qint32", "quint4x2", "strided", "sparse_coo", "sparse_csr", "sparse_csc", "sparse_bsr",
        "sparse_bsc", "_mkldnn", "contiguous_format", "channels_last", "channels_last_3d", "preserve_format",
        "per_tensor_affine", "per_channel_affine", "per_tensor_symmetric", "per_channel_symmetric",
        "per_channel_affine_float_qparams",
    ]

    /// Modules (and their submodules) whose every callable runs code or reaches the system.
    static let dangerousModules: [String] = [
        "os", "posix", "nt", "subprocess", "_posixsubprocess", "sys", "socket", "shutil", "runpy", "webbrowser",
        "pty", "commands", "pickle", "_pickle", "cPickle", "dill", "marshal", "code", "codeop", "timeit", "pdb",
        "bdb", "asyncio", "importlib", "ctypes", "multiprocessing", "platform", "signal", "requests", "aiohttp",
        "httplib", "http", "urllib", "urllib2", "ftplib", "telnetlib", "smtplib", "distutils", "pip", "setuptools",
        "cProfile", "profile", "trace", "tempfile", "glob", "pathlib", "zipimport", "imp", "venv", "ensurepip",
    ]

    /// Single callables that run code.
    static let dangerousNames: Set<String> = [
        "builtins.eval", "builtins.exec", "builtins.compile", "builtins.open", "builtins.getattr",
        "builtins.setattr", "builtins.delattr", "builtins.__import__", "builtins.breakpoint", "builtins.input",
        "builtins.globals", "builtins.locals", "builtins.vars", "builtins.apply", "builtins.execfile",
        "__builtin__.eval", "__builtin__.exec", "__builtin__.compile", "__builtin__.open", "__builtin__.getattr",
        "__builtin__.setattr", "__builtin__.__import__", "__builtin__.execfile", "__builtin__.apply",
        "__builtin__.input", "__builtin__.file", "io.open", "_io.open", "io.FileIO", "_io.FileIO",
        "operator.attrgetter", "operator.methodcaller", "_operator.attrgetter", "_operator.methodcaller",
        "functools.partial", "functools.reduce", "pydoc.pipepager", "pydoc.locate", "torch.load",
        "torch.hub.load", "torch.hub.load_state_dict_from_url", "torch.hub.download_url_to_file",
        "torch.serialization.load", "torch.jit.load", "numpy.load", "numpy.testing._private.utils.runstring",
        "numpy.f2py.compile", "copyreg._reconstructor_unsafe", "types.FunctionType", "types.CodeType",
        "types.LambdaType", "builtins.type", "__builtin__.type",
    ]

    /// Judges the import `dotted` (`module.name`).
    public static func verdict(_ dotted: String) -> PickleImportVerdict {
        if allowed.contains(dotted) { return .allowed }
        if dotted.hasPrefix("torch."), dotted.split(separator: ".").count == 2 {
            let name = String(dotted.dropFirst(6))
            if storageTypes[name] != nil || torchConstants.contains(name) || name.hasSuffix("Storage") { return .allowed }
        }
        if dangerousNames.contains(dotted) { return .dangerous }
        let module = dotted.split(separator: ".").first.map(String.init) ?? dotted
        if dangerousModules.contains(module) { return .dangerous }
        return .unknown
    }
}
