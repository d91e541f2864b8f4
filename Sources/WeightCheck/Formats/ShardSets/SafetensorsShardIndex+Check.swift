// SafetensorsShardIndex+Check: opening every shard an index names and comparing what they hold with what
// the index says, producing the findings and merged tensor list of a ShardSetReport.

extension SafetensorsShardIndex {
    /// Opens and parses every shard the index names, and checks the set.
    ///
    /// Findings (errors unless noted): `missing-shard`; a shard's own parse error (its `SafetensorsError`
    /// code); `invalid-shard-name` (a name leaving the index's folder; not opened); `tensor-missing` (listed
    /// for a shard that lacks it); `tensor-unlisted` (in a shard, not in the index); `tensor-misplaced` (in a
    /// shard other than the one the index names); `duplicate-tensor` (in two shards); `total-size-mismatch`
    /// (a warning: writers differ in what they count; checked only when every shard parsed); `no-total-size` (a note).
    ///
    /// - Complexity: reads each shard's header only, never tensor data.
    public func check() -> ShardSetReport {
        let indexName = Paths.name(path)
        var findings: [Finding] = []
        var shards: [ShardSetReport.Shard] = []
        var shardIndex: [UTF8Key: Int] = [:]   // shard name -> position in `shards`
        var parsed: [Int: [TensorInfo]] = [:]
        var listedCount: [UTF8Key: Int] = [:]
        for entry in weightMap { listedCount[UTF8Key(entry.file), default: 0] += 1 }

        for name in shardNames {
            let shardPath = path(ofShard: name)
            shardIndex[UTF8Key(name)] = shards.count
            guard SafetensorsShardIndex.isSafeShardName(name) else {
                let first = weightMap.firstIndex { UTF8Key($0.file) == UTF8Key(name) } ?? 0
                findings.append(Finding(.error, .invalidShardName, file: path,
                                        offset: weightMapOffsets.isEmpty ? nil : weightMapOffsets[first],
                                        "weight_map names shard \(SafetensorsError.quoted(name)) outside the index's folder"))
                shards.append(.init(name: name, path: shardPath, file: nil, table: nil))
                continue
            }
            do throws(WeightFileError) {
                let (file, table) = try SafetensorsShardIndex.openShard(shardPath)
                parsed[shards.count] = table.tensors
                shards.append(.init(name: name, path: shardPath, file: file, table: table))
            } catch {
                if case .system(let e) = error, e.code == Sys.notFoundError {
                    let n = listedCount[UTF8Key(name)] ?? 0
                    findings.append(Finding(.error, .missingShard, file: shardPath,
                                            "missing shard, listed in \(indexName) for \(n) tensor\(n == 1 ? "" : "s")"))
                } else {
                    findings.append(error.finding)
                }
                shards.append(.init(name: name, path: shardPath, file: nil, table: nil))
            }
        }

        // Where each tensor is listed, and where it was found.
        var listed: [UTF8Key: Int] = [:]   // tensor -> shard position the index names
        for entry in weightMap { listed[UTF8Key(entry.tensor)] = shardIndex[UTF8Key(entry.file)] }
        var tensors: [ShardSetReport.Tensor] = []
        var foundIn: [UTF8Key: [Int]] = [:]
        for s in shards.indices {
            guard let shardTensors = parsed[s] else { continue }
            for t in shardTensors {
                tensors.append(.init(shard: s, info: t))
                foundIn[UTF8Key(t.name), default: []].append(s)
            }
        }

        // Each tensor's anchor is the copy where the index lists it, else the first copy found; every other
        // copy is a duplicate. The anchor itself may be unlisted, or in a shard other than the one listed.
        for t in tensors {
            let key = UTF8Key(t.info.name)
            let name = SafetensorsError.quoted(t.info.name)
            let here = shards[t.shard]
            let places = foundIn[key] ?? [t.shard]
            let want = listed[key]
            let anchor = want.flatMap { places.contains($0) ? $0 : nil } ?? places[0]
            if t.shard != anchor {
                findings.append(Finding(.error, .duplicateTensor, file: here.path, tensor: t.info.name,
                                        offset: t.info.byteRange.lowerBound,
                                        "tensor \(name) is also in \(SafetensorsError.quoted(shards[anchor].name))"))
            } else if let want {
                if want != anchor {
                    findings.append(Finding(.error, .tensorMisplaced, file: here.path, tensor: t.info.name,
                                            offset: t.info.byteRange.lowerBound,
                                            "tensor \(name) is in this shard, but \(indexName) lists it in "
                                                + SafetensorsError.quoted(shards[want].name)))
                }
            } else {
                findings.append(Finding(.error, .tensorUnlisted, file: here.path, tensor: t.info.name,
                                        offset: t.info.byteRange.lowerBound,
                                        "tensor \(name) is in this shard but not in \(indexName)"))
            }
        }

        for (i, entry) in weightMap.enumerated() {
            let key = UTF8Key(entry.tensor)
            guard let want = shardIndex[UTF8Key(entry.file)], parsed[want] != nil else { continue }
            if foundIn[key] == nil {
                findings.append(Finding(.error, .tensorMissing, file: shards[want].path, tensor: entry.tensor,
                                        "tensor \(SafetensorsError.quoted(entry.tensor)) is listed for this shard in "
                                            + "\(indexName) (byte \(weightMapOffsets[i])) but is not in it"))
            }
        }

        let report = ShardSetReport(path: path, shards: shards, tensors: tensors, findings: [])
        if let totalSize {
            if parsed.count == shards.count && totalSize != report.tensorBytes {
                findings.append(Finding(.warning, .totalSizeMismatch, file: path, offset: totalSizeOffset,
                                        "total_size is \(totalSize) bytes, but the shards hold \(report.tensorBytes) "
                                            + "bytes of tensors"))
            }
        } else {
            findings.append(Finding(.note, .noTotalSize, file: path, "index has no metadata.total_size"))
        }
        let kind = path.hasSuffix(".bin.index.json") ? "pytorch-index" : "safetensors-index"
        return ShardSetReport(kind: kind, path: path, shards: shards, tensors: tensors, findings: findings)
    }

    /// Maps and parses one shard: a PyTorch checkpoint when its content is one (`pytorch_model.bin.index.json`
    /// sets), else safetensors.
    static func openShard(_ path: String) throws(WeightFileError) -> (MappedFile, TensorTable) {
        let mapped: MappedFile
        do { mapped = try MappedFile(path: path) } catch { throw .system(error) }
        if PyTorchFile.detect(mapped.bytes) != nil {
            do { return (mapped, try PyTorchFile(mapped).table) } catch { throw .pytorch(error) }
        }
        do { return (mapped, try SafetensorsFile(file: mapped).table) } catch { throw .safetensors(error) }
    }
}
