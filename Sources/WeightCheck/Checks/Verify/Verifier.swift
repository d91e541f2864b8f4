// Verifier: the product's main job. Discovers what the paths hold, parses every weight file, runs one
// scan (digests, numeric health and zero holes share every page), and turns it all into a report of findings.
// Each file's verdict is final the moment its scan completes (checks that need several files — shard sets,
// configs — look only at headers, so they run before the scan), and is handed out then (`VerifyEvents`).
import Foundation

public enum Verifier {
    /// Verifies everything at `paths`. `progress` receives (bytes done, bytes total) from worker threads.
    public static func verify(_ paths: [String], options: VerifyOptions = VerifyOptions(),
                              progress: (@Sendable (Int, Int) -> Void)? = nil) -> VerifyReport {
        verify(paths, options: options,
               events: VerifyEvents(progress: progress.map { report in { @Sendable p in report(p.bytesDone, p.bytesTotal) } }))
    }

    /// Verifies everything at `paths`, telling `events` where the run stands and each file's final verdict as
    /// soon as it is known.
    public static func verify(_ paths: [String], options: VerifyOptions, events: VerifyEvents) -> VerifyReport {
        let discovery = Discovery.discover(paths, options: DiscoveryOptions(expectedSHA256: options.expectedSHA256))
        var report = VerifyReport()
        report.layoutProblems = discovery.findings
        report.notes = discovery.notes
        var artifacts = discovery.artifacts
        var indexes = discovery.safetensorsIndexes
        if let spec = options.shard {
            (artifacts, indexes, report.shard) = part(spec, of: discovery)
            // The layout's own findings are reported once, by part 0.
            if spec.index != 0 { report.layoutProblems = [] }
        }

        var verdicts: [FileVerdict] = []
        var requests: [ScanRequest] = []
        var requestOwner: [Int] = []  // request index → verdict index
        var parsed: [String: WeightFile] = [:]
        var safetensorsByFolder: [String: [TensorInfo]] = [:]
        var resumed: [Int: FileVerdict] = [:]  // verdict index → a previous run's verdict that stands

        for artifact in artifacts {
            let display = artifact.displayPath
            var v = FileVerdict(path: display, size: 0)
            v.references = artifact.references
            v.expectedSHA256 = artifact.references.first { $0.algorithm == .sha256 }?.hex
            v.identity = FileIdentity.of(artifact.path)  // before the bytes are read: a change while reading shows next time
            if let r = options.recorded[display], Resume.mayReuse(r, identity: v.identity, references: artifact.references) {
                resumed[verdicts.count] = r
            }
            let mapped: MappedFile
            do {
                mapped = try MappedFile(path: artifact.path)
            } catch {
                v.problems.append(Finding(.error, .unreadable, file: display, "cannot read: \(SystemError.reason(error.code))"))
                verdicts.append(v)
                continue
            }
            v.size = mapped.size
            var weights: WeightFile? = nil
            if let format = mapped.withBytes(WeightFile.detectFormat) {
                v.format = format
                do {
                    let w = try WeightFile(mapped)
                    weights = w
                    parsed[artifact.path] = w
                    v.tensorCount = w.table.tensors.count
                    v.parameters = w.table.parameterCount
                    v.problems += w.findings.map { relabel($0, display) }
                    switch w {
                    case .gguf(let g) where !Loadability.isSplitShard(g):
                        let usable = LlamaCppContract.check([(display, g)])
                        v.problems += usable.findings
                        if !usable.judged { v.problems += ConsistencyChecks.gguf(g, file: display) }
                    case .gguf: break  // judged with its split set below
                    case .safetensors(let s): safetensorsByFolder[Paths.parent(artifact.path), default: []] += s.tensors
                    case .pytorch: break
                    }
                } catch {
                    v.problems.append(relabel(error.finding, display))
                }
            } else if artifact.path.hasSuffix(".gguf") || artifact.path.hasSuffix(".safetensors") {
                v.problems.append(Finding(.error, .unknownFormat, file: display, offset: 0,
                                          DirectoryWalker.isEmptyFile(artifact.path) ? "named like a weight file but empty (0 bytes)"
                                              : "named like a weight file but its content is neither GGUF nor safetensors"))
            } else if artifact.named && artifact.references.isEmpty {
                v.problems.append(Finding(.error, .nothingToVerify, file: display, offset: 0,
                                          "not a GGUF or safetensors file, and no digest is recorded for it: nothing to verify"))
            }
            // Bytes are read when a reference can prove them or when they are weights to check; a plain
            // file with no reference has nothing to be compared with.
            let read = resumed[verdicts.count] == nil && !options.quick && (weights != nil || v.format != nil || !artifact.references.isEmpty
                                          || v.problems.contains { $0.code == .unknownFormat })
            if read {
                var digests: [HashAlgorithm] = [.sha256]
                if artifact.references.contains(where: { $0.algorithm == .gitBlobSHA1 }) { digests.append(.sha1Git) }
                var request: ScanRequest
                if let weights {
                    request = ScanRequest(weights, displayPath: display, fileDigests: digests, statistics: true,
                                          entryChecksums: true)
                    request.zeroRuns = true
                } else {
                    request = ScanRequest(file: mapped, displayPath: display, fileDigests: digests)
                }
                requestOwner.append(verdicts.count)
                requests.append(request)
            }
            verdicts.append(v)
        }

        // Checks that need several files' headers: their findings join a file's verdict before it is final.
        var extras = Array(repeating: [Finding](), count: verdicts.count)
        let sets = ShardSets.find(files: parsed, indexes: indexes)
        for (folder, tensors) in safetensorsByFolder.sorted(by: { $0.key < $1.key }) {
            // A set's config is checked against the whole set, never against the shards that happened to be given.
            let set = sets.first { Paths.parent($0.path) == folder && $0.kind == "safetensors-index" }
            let all = set.map { $0.tensors.map(\.info) } ?? tensors
            // The transformers contract where it covers the model_type; the older config checks elsewhere.
            var findings = TransformersContract.check(folder: folder, tensors: all) ?? []
            if !findings.contains(where: { $0.severity > .note }) && findings.first?.code == .loadabilityUnchecked {
                findings += ConsistencyChecks.safetensorsConfig(folder: folder, tensors: all)
            }
            for f in findings {
                // Attach to the config file's own entry when it is among the files checked.
                if let i = artifacts.firstIndex(where: { $0.path == f.file }) {
                    extras[i].append(relabel(f, verdicts[i].path))
                } else {
                    report.layoutProblems.append(f)
                }
            }
        }
        for set in sets where set.kind == "gguf-split" && set.isComplete {
            // A complete split set is one model: held to the loader contract with every shard's tensors.
            let shards: [(file: String, gguf: GGUFFile)] = set.shards.compactMap { shard in
                guard case .gguf(let g)? = parsed[shard.path],
                      let i = artifacts.firstIndex(where: { $0.path == shard.path }) else { return nil }
                return (verdicts[i].path, g)
            }
            guard shards.count == set.shards.count, let first = set.shards.first,
                  let i = artifacts.firstIndex(where: { $0.path == first.path }) else { continue }
            extras[i] += Loadability.check(ggufSet: shards)
        }

        let finals = Locked<[FileVerdict?]>(Array(repeating: nil, count: verdicts.count))
        let pending = verdicts, allExtras = extras, owners = requestOwner, scans = requests, opened = artifacts.map(\.path)
        /// Verdict i made final: judged by the scan of request k (when read), joined by the multi-file checks.
        @Sendable func final(_ i: Int, _ scan: (k: Int, result: ScanResult)?) -> FileVerdict {
            var v = pending[i]
            if let scan { v = judge(v, scan.result, request: scans[scan.k], openedAt: opened[i]) }
            v.problems += allExtras[i]
            v.problems.sort { $0.severity > $1.severity }
            return v
        }
        // Files not read, and files a previous run proved unchanged, are final before the scan.
        let scanned = Set(requestOwner)
        for i in verdicts.indices where !scanned.contains(i) {
            let v = resumed[i] ?? final(i, nil)
            finals.withLock { $0[i] = v }
            events.fileDone?(v)
        }
        var engine = ScanEngine(threads: options.threads)
        engine.readPolicy = options.readPolicy
        let start = Sys.now()
        let results = engine.run(requests, events: ScanEvents(progress: events.progress, fileDone: { k, result in
            let v = final(owners[k], (k, result))
            finals.withLock { $0[owners[k]] = v }
            events.fileDone?(v)
        }))
        report.seconds = Sys.now() - start
        report.bytesScanned = requests.reduce(0) { $0 + $1.file.size }
        report.resumedFiles = resumed.count
        var all = finals.withLock { $0 }
        for (k, result) in results.enumerated() where all[requestOwner[k]] == nil { all[requestOwner[k]] = final(requestOwner[k], (k, result)) }
        // Files in path order: the report reads the same whatever order the inputs came in.
        report.files = all.compactMap { $0 }.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        // Sets and layout problems in a fixed order too, so that merged parts read as one run.
        report.sets = sets.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        report.layoutProblems.sort(by: Finding.reportOrder)
        return report
    }

    /// The artifacts and indexes of part `spec` (shard sets, safetensors folders and cache repositories kept
    /// whole), and the part's description.
    static func part(_ spec: ShardSpec, of discovery: DiscoveryResult) -> ([Artifact], [String], ShardInfo) {
        let paths = discovery.artifacts.map(\.path)
        let known = Set(paths)
        let all = paths + discovery.safetensorsIndexes.filter { !known.contains($0) }
        let unitOf = Dictionary(zip(all, Partition.units(all)), uniquingKeysWith: { a, _ in a })
        let inputs = all.map { p in
            let size: Int
            if case .success(let st) = Sys.status(of: p, follow: true) { size = Int(clamping: st.size) } else { size = 0 }
            return ShardInput(path: p, size: size, unit: unitOf[p]!)
        }
        let (info, mine) = Partition.info(command: "verify", spec: spec, inputs: inputs)
        return (discovery.artifacts.filter { mine.contains(unitOf[$0.path]!) },
                discovery.safetensorsIndexes.filter { mine.contains(unitOf[$0]!) }, info)
    }

    /// One file's verdict completed by its scan: digests against every reference, numeric health, zero holes.
    static func judge(_ verdict: FileVerdict, _ result: ScanResult, request: ScanRequest, openedAt: String) -> FileVerdict {
        var v = verdict
        let path = v.path
        if let missing = result.firstMissingByte, let reason = result.missingBytesReason {
            // What was read is partly zeros of our own making: no digest, no figures, one finding.
            v.problems.append(Finding(.error, .unreadable, file: path, offset: missing, reason))
            return v
        }
        if let sha = result.digests[.sha256] { v.sha256 = sha.hexString }
        var mismatched = false
        for e in v.references {
            let algorithm: HashAlgorithm = e.algorithm == .sha256 ? .sha256 : .sha1Git
            guard let got = result.digests[algorithm]?.hexString else { continue }
            if got == e.hex {
                if v.provedBy == nil { v.provedBy = e }
            } else {
                mismatched = true
                v.problems.append(Finding(.error, .digestMismatch, file: path,
                                          "\(e.algorithm.displayName) \(got.prefix(8))… ≠ expected \(e.hex.prefix(8))… "
                                              + "from \(e.source)" + mendHint(e, openedAt)))
            }
        }
        if mismatched { v.provedBy = nil }
        v.problems += EntryChecksums.findings(request.checksums, result.checksums, file: path)
        for t in result.tensors { v.problems += NumericHealth.findings(t, file: path) }
        let tensors = request.table?.tensors ?? []
        if let tail = NumericHealth.zeroTail(zeroBytes: result.trailingZeroBytes, size: result.size, tensors: tensors, file: path) {
            v.problems.append(tail)
        }
        // Holes inside tensors: a digest that matched proves the zeros are what was published.
        if v.provedBy == nil, let format = request.table?.format {
            let tailStart = result.trailingZeroBytes >= NumericHealth.zeroTailThreshold ? result.size - result.trailingZeroBytes : Int.max
            let runs = result.zeroPageRuns.filter { $0.upperBound < tailStart }
            v.problems += NumericHealth.holes(runs, tensors: tensors, format: format, file: path, bytes: request.file.bytes)
        }
        return v
    }

    /// How to restore a damaged file when its reference says where it came from.
    static func mendHint(_ r: Reference, _ path: String) -> String {
        guard r.kind == .hfBlob, let loc = HuggingFaceCache.locate(path), case .snapshot(let commit, let sub) = loc.part else {
            return ""
        }
        let name = Paths.name(loc.repository)
        let type = name.hasPrefix("datasets--") ? " --repo-type dataset" : name.hasPrefix("spaces--") ? " --repo-type space" : ""
        return "; restore it with: hf download \(HuggingFaceCache.repositoryID(loc.repository)) \(sub) --revision \(commit)\(type) --force-download"
    }

    /// The finding with `file` replaced by the path shown to the user.
    static func relabel(_ f: Finding, _ display: String) -> Finding {
        var f = f
        f.file = display
        return f
    }
}
