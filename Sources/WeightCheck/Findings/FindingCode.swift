// FindingCode: the one list of finding codes. Their raw values are the `code` of every finding in `--json`
// output, a stable interface for scripts; README.md lists them with their meaning.

/// What a finding is about, as a stable kebab-case code.
public enum FindingCode: String, Sendable, Hashable, CaseIterable, Codable {
    // MARK: Discovery: what is present
    /// A path given does not exist.
    case missing = "missing"
    /// A file cannot be opened, or is a FIFO, device or socket.
    case unreadable = "unreadable"
    /// A path holds no weight file and no file with a recorded digest.
    case nothingToVerify = "nothing-to-verify"
    /// A cache snapshot links to a blob that is gone.
    case missingBlob = "missing-blob"
    /// A cache ref names a commit with no snapshot.
    case missingSnapshot = "missing-snapshot"
    /// A cache repository has no snapshot.
    case emptyRepository = "empty-repository"
    /// An unfinished `*.incomplete` download.
    case incompleteDownload = "incomplete-download"
    /// A file named by `local_dir` metadata or a checksum list is absent.
    case missingFile = "missing-file"
    /// A shard of a split set or index set is absent.
    case missingShard = "missing-shard"
    /// A shard number beyond the set's count.
    case extraShard = "extra-shard"
    /// An index names a shard outside its folder.
    case invalidShardName = "invalid-shard-name"
    /// `split.*` keys disagree with the file name.
    case splitMismatch = "split-mismatch"
    /// `split.tensors.count` differs from the shards' tensors.
    case tensorCountMismatch = "tensor-count-mismatch"
    /// A tensor is in two shards.
    case duplicateTensor = "duplicate-tensor"
    /// A tensor an index lists is not in its shard.
    case tensorMissing = "tensor-missing"
    /// A tensor in a shard is not in the index.
    case tensorUnlisted = "tensor-unlisted"
    /// A tensor is in another shard than its index says.
    case tensorMisplaced = "tensor-misplaced"
    /// An index's `total_size` differs from the tensor bytes (warning).
    case totalSizeMismatch = "total-size-mismatch"
    /// An index has no `total_size` (note).
    case noTotalSize = "no-total-size"
    /// An index file is not valid.
    case invalidIndex = "invalid-index"
    // MARK: Bytes: digests
    /// The bytes do not hash to a reference's digest.
    case digestMismatch = "digest-mismatch"
    /// A zip entry's CRC-32 does not match its bytes.
    case crcMismatch = "crc-mismatch"
    // MARK: Structure: the reference readers' rejections
    /// Bad GGUF magic.
    case notGguf = "not-gguf"
    /// GGUF version other than 2 or 3.
    case unsupportedVersion = "unsupported-version"
    /// The file ends before its header or data says.
    case truncated = "truncated"
    /// Bytes after the last tensor (safetensors).
    case trailingBytes = "trailing-bytes"
    /// A header field cannot be read.
    case malformedHeader = "malformed-header"
    /// A safetensors header length above 100,000,000.
    case headerTooLarge = "header-too-large"
    /// A safetensors header that is not a JSON object.
    case headerNotObject = "header-not-object"
    /// A header or index that is not JSON.
    case invalidJson = "invalid-json"
    /// Text that is not UTF-8.
    case invalidUtf8 = "invalid-utf8"
    /// Metadata of the wrong type or value.
    case invalidMetadata = "invalid-metadata"
    /// A tensor entry missing or mistyping a field.
    case invalidTensorEntry = "invalid-tensor-entry"
    /// A key or tensor name used twice.
    case duplicateName = "duplicate-name"
    /// A safetensors dtype outside the format.
    case unknownDtype = "unknown-dtype"
    /// A GGML type id outside the table (warning).
    case unknownType = "unknown-type"
    /// A type the reader cannot size.
    case unsupportedType = "unsupported-type"
    /// A tensor's byte size disagrees with its shape and type.
    case sizeMismatch = "size-mismatch"
    /// A shape whose element count overflows.
    case sizeOverflow = "size-overflow"
    /// A sub-byte dtype not filling whole bytes.
    case partialByte = "partial-byte"
    /// A GGUF tensor offset not at the running aligned total.
    case badTensorOffset = "bad-tensor-offset"
    /// Safetensors offsets leave a gap.
    case offsetsGap = "offsets-gap"
    /// Safetensors tensors overlap.
    case offsetsOverlap = "offsets-overlap"
    /// A tensor's end offset is before its start.
    case offsetsReversed = "offsets-reversed"
    /// A tensor extends past the end of the file.
    case tensorCutOff = "tensor-cut-off"
    /// Neither GGUF, safetensors nor a PyTorch checkpoint.
    case unknownFormat = "unknown-format"
    // MARK: PyTorch checkpoints
    /// A zip record is damaged or inconsistent.
    case zipStructure = "zip-structure"
    /// A compressed entry (warning).
    case zipCompressed = "zip-compressed"
    /// An entry expanding far beyond its size.
    case zipBomb = "zip-bomb"
    /// An encrypted entry.
    case zipEncrypted = "zip-encrypted"
    /// The pickle cannot be read.
    case pickleStructure = "pickle-structure"
    /// The pickle exceeds a memory or depth bound.
    case pickleBounds = "pickle-bounds"
    /// A pickle in the archive was not read.
    case pickleUnread = "pickle-unread"
    /// Loading runs code: a callable picklescan calls dangerous.
    case unsafeImport = "unsafe-import"
    /// A callable outside torch's `weights_only` allow-list (warning).
    case unknownImport = "unknown-import"
    /// A tensor's storage entry is absent.
    case missingStorage = "missing-storage"
    /// A storage smaller than its tensors need.
    case storageBounds = "storage-bounds"
    /// A tensor's extent outside its storage.
    case tensorBounds = "tensor-bounds"
    /// A strided view, named not read (note).
    case nonContiguous = "non-contiguous"
    /// A pre-1.6 checkpoint.
    case pytorchLegacy = "pytorch-legacy"
    /// A checkpoint that cannot be read.
    case pytorchStructure = "pytorch-structure"
    // MARK: Numbers
    /// NaN values.
    case nanValues = "nan-values"
    /// Infinite values.
    case infValues = "inf-values"
    /// Blocks with NaN or Inf scales.
    case badScales = "bad-scales"
    /// A float matrix whose every value is zero.
    case allZero = "all-zero"
    /// A zero vector (note).
    case allZeroVector = "all-zero-vector"
    /// A zero integer, boolean or mask buffer (note).
    case allZeroBuffer = "all-zero-buffer"
    /// A LoRA B matrix of zeros: the adapter does nothing (warning).
    case zeroLora = "zero-lora"
    /// The file ends in ≥ 1 MiB of zeros.
    case zeroTail = "zero-tail"
    /// ≥ 1 MiB of zero pages inside a tensor, cutting across rows.
    case zeroHole = "zero-hole"
    /// Whole zero rows (note at a tensor's edge, warning inside).
    case zeroRows = "zero-rows"
    /// A tensor whose values could not be read (warning).
    case uncheckedValues = "unchecked-values"
    // MARK: Usable: loader contracts
    /// Llama.cpp does not know the architecture.
    case llamaCppArchitecture = "llama-cpp-architecture"
    /// A GGUF without the keys of a model (note).
    case llamaCppNotAModel = "llama-cpp-not-a-model"
    /// A hyperparameter or vocabulary key llama.cpp requires is absent or wrong.
    case llamaCppKey = "llama-cpp-key"
    /// A tensor llama.cpp requires is absent.
    case llamaCppTensorMissing = "llama-cpp-tensor-missing"
    /// A tensor has another shape than llama.cpp expects.
    case llamaCppTensorShape = "llama-cpp-tensor-shape"
    /// Tensors left over: wrong number of tensors.
    case llamaCppTensorCount = "llama-cpp-tensor-count"
    /// An architecture or model type outside the contract tables (warning/note).
    case loadabilityUnchecked = "loadability-unchecked"
    /// A weight the model class needs is absent (it would be random-initialized).
    case transformersWeightMissing = "transformers-weight-missing"
    /// A weight's shape disagrees with config.json.
    case transformersWeightShape = "transformers-weight-shape"
    /// A tensor the model class does not use (warning).
    case transformersWeightUnexpected = "transformers-weight-unexpected"
    /// No tokenizer beside config.json (warning).
    case tokenizerMissing = "tokenizer-missing"
    /// Tokenizer ids beyond vocab_size.
    case tokenizerVocabMismatch = "tokenizer-vocab-mismatch"
    /// Config.json disagrees with the tensors (warning).
    case configMismatch = "config-mismatch"
    /// GGUF metadata disagrees with the tensors (warning).
    case metadataMismatch = "metadata-mismatch"
    // MARK: Manifests
    /// The manifest's folder is gone.
    case missingRoot = "missing-root"
    /// A file's size differs from the manifest.
    case sizeChanged = "size-changed"
    /// A weight file's header bytes changed.
    case headerChanged = "header-changed"
    /// A tensor's bytes changed.
    case tensorChanged = "tensor-changed"
    /// A file moved to another name.
    case renamed = "renamed"
    /// A file not in the manifest (warning; error with --strict).
    case extra = "extra"
    /// A weight-like file that does not parse, recorded by SHA-256 (warning).
    case unparsedWeights = "unparsed-weights"
}
