// ManifestChecker: checks a folder against its manifest in one scan pass — each file's SHA-256 and the
// XXH3-128 of its header and tensors recomputed together — and names every file, header and tensor that changed.
import Foundation

/// Checks folders against manifests.
public enum ManifestChecker {
    /// Checks the files under `root` against `manifest`.
    ///
    /// Every listed path is resolved inside `root` only (`ManifestPath`): links to folders are not followed,
    /// and the manifest's paths were validated when it was read, so nothing outside `root` is opened except
    /// through a link to a file that is itself inside the folder. Files are scanned in parallel; each is read once.
    ///
    /// - Parameters:
    ///   - strict: extra files (under `root`, not hidden, not a manifest, not listed) are errors, not warnings.
    ///   - threads: worker threads (nil: every core).
    ///   - exclude: absolute paths never counted as extra (the manifest file itself, when it lies under `root`).
    ///   - shard: check only this part of the listed files (`--shard I/N`, split sets and safetensors folders
    ///     kept whole). Every part lists the extra files it did not explain as renames; `ReportMerge` keeps
    ///     those that no part explained.
    ///   - fast: prove each file against its whole-file XXH3-128 (schema version 2) instead of its SHA-256:
    ///     every byte is still checked, and headers and tensors are still named; files without one (version 1)
    ///     are proved by SHA-256. Each file's `tier` says which.
    ///   - readPolicy: how many files are read at once (`--io`).
    ///   - progress: (bytes done, bytes total), from worker threads.
    public static func check(_ whole: Manifest, root: String, strict: Bool = false, threads: Int? = nil,
                             exclude: Set<String> = [], shard: ShardSpec? = nil, fast: Bool = false,
                             readPolicy: ReadPolicy = .parallel, progress: (@Sendable (Int, Int) -> Void)? = nil) -> ManifestCheckReport {
        check(whole, root: root, strict: strict, threads: threads, exclude: exclude, shard: shard, fast: fast,
              readPolicy: readPolicy, recorded: [:],
              events: ManifestCheckEvents(progress: progress.map { report in { @Sendable p in report(p.bytesDone, p.bytesTotal) } }))
    }

    /// Checks the files under `root` against `manifest` as `check(_:root:strict:threads:exclude:shard:fast:readPolicy:progress:)`
    /// does, telling `events` where the run stands and each file's final check as soon as it is known.
    ///
    /// - Parameter recorded: a previous run's checks by path (`--resume`): each stands for this run, and the
    ///   file is not read, while `Resume.mayReuse` says so.
    public static func check(_ whole: Manifest, root: String, strict: Bool = false, threads: Int? = nil,
                             exclude: Set<String> = [], shard: ShardSpec? = nil, fast: Bool = false,
                             readPolicy: ReadPolicy = .parallel, recorded: [String: ManifestCheckReport.FileCheck],
                             events: ManifestCheckEvents) -> ManifestCheckReport {
        let rootPath = Paths.absolute(root)
        var report = ManifestCheckReport(root: rootPath, strict: strict)
        report.fast = fast
        var part = whole
        if let shard {
            let paths = whole.files.map(\.path)
            let inputs = zip(whole.files, Partition.units(paths, cache: false)).map { e, unit in
                ShardInput(path: e.path, size: e.size, unit: unit, detail: e.sha256)
            }
            let (info, mine) = Partition.info(command: "manifest check", spec: shard, inputs: inputs)
            part.files = zip(whole.files, inputs).filter { mine.contains($0.1.unit) }.map(\.0)
            report.shard = info
        }
        let manifest = part
        let rootIsFolder = DirectoryWalker.kind(of: rootPath) == .directory
        if !rootIsFolder {
            report.problems.append(Finding(.error, .missingRoot, file: rootPath, "the folder to check is not there (or is not a folder)"))
        }

        // What is at each listed path.
        var checks = manifest.files.map { ManifestCheckReport.FileCheck(path: $0.path, status: .ok, expected: $0) }
        var targets: [(index: Int, full: String)] = []
        var total = 0
        let emit = events.fileDone ?? { _ in }
        for (i, e) in manifest.files.enumerated() {
            switch rootIsFolder ? ManifestPath.locate(e.path, under: rootPath) : .missing {
            case .file(let full):
                // Taken before the bytes are read: a change while reading shows in the next run.
                let identity = FileIdentity.of(full)
                checks[i].identity = identity
                if let r = recorded[e.path], Resume.mayReuse(r, identity: identity, entry: e, fast: fast) {
                    checks[i] = resumed(r, entry: e)
                    report.resumedFiles += 1
                    emit(checks[i])
                    continue
                }
                targets.append((i, full))
                total += e.size
            case .missing:
                checks[i].status = .missing
            case .unusable(let why):
                checks[i].status = .unreadable
                checks[i].findings.append(Finding(.error, .unreadable, file: e.path, why))
                emit(checks[i])
            }
        }

        // Files present but not listed; those the size of a missing file are hashed too, to find renames.
        let listed = Set(whole.files.map { UTF8Key($0.path) })
        let excluded = Set(exclude.map(Paths.absolute))
        let extras = rootIsFolder
            ? ManifestWriter.contentFiles(under: rootPath, prefix: "", exclude: excluded).filter { !listed.contains(UTF8Key($0.relative)) }
            : []
        let missingSizes = Set(manifest.files.indices.filter { checks[$0].status == .missing }.map { manifest.files[$0].size })
        var extraSHA: [Int: String] = [:]
        let candidates = extras.indices.filter { k in
            guard case .success(let s) = Sys.status(of: extras[k].full, follow: true) else { return false }
            return missingSizes.contains(Int(clamping: s.size))
        }
        for k in candidates { if case .success(let s) = Sys.status(of: extras[k].full, follow: true) { total += Int(clamping: s.size) } }

        // One pass over every file to read. Each read file is judged the moment its scan completes (on a
        // worker thread), and its check handed to `events` then.
        let start = Sys.now()
        let plans = Locked<[FilePlan?]>(Array(repeating: nil, count: targets.count))
        let outcomes = Locked<[Int: Outcome]>([:])
        var bytes = 0
        let targetCount = targets.count, identities = targets.map { checks[$0.index].identity }
        // Settles item n from its result, once: when its file is done, or (should that event not come) after its batch.
        let settle: @Sendable (Int, ScanResult) -> Void = { n, result in
            guard n < targetCount else { return outcomes.withLock { $0[n] = .extra(result.firstMissingByte == nil ? result.digests[.sha256]?.hexString : nil) } }
            guard let plan = plans.withLock({ $0[n] }) else { return }
            var outcome = Outcome.judge(plan, result, fast: fast)
            if case .final(var c) = outcome {
                c.identity = identities[n]
                outcome = .final(c)
                plans.withLock { $0[n] = nil }  // unmaps the file (once its batch ends)
                emit(c)
            }
            outcomes.withLock { $0[n] = outcome }
        }
        ManifestScan.run(count: targets.count + candidates.count, threads: threads, readPolicy: readPolicy, totalBytes: total,
                         progress: events.progress, done: settle, make: { n in
            let full = n < targets.count ? targets[n].full : extras[candidates[n - targets.count]].full
            let display = n < targets.count ? manifest.files[targets[n].index].path : extras[candidates[n - targets.count]].relative
            let file: MappedFile
            do throws(SystemError) { file = try MappedFile(path: full) } catch {
                if n < targets.count {
                    let i = targets[n].index
                    checks[i].status = .unreadable
                    checks[i].findings.append(Finding(.error, .unreadable, file: display, "cannot read: \(SystemError.reason(error.code))"))
                    emit(checks[i])
                }
                return nil
            }
            bytes += file.size
            guard n < targets.count else { return ManifestScan.request(file, display: display, header: nil, tensors: []) }
            let plan = FilePlan(manifest.files[targets[n].index], file: file)
            plans.withLock { $0[n] = plan }
            // The fast tier reads a file once for its whole-file XXH3-128; only a file that fails is read again
            // for its header and tensor digests, to name what changed.
            if fast && plan.entry.xxh128 != nil { return ManifestScan.request(file, display: display, header: nil, tensors: [], fileDigests: [.xxh128]) }
            return plan.request(display: display, fileDigests: [.sha256])
        }, take: { n, result in if outcomes.withLock({ $0[n] == nil }) { settle(n, result) } })
        var recheck: [Int] = []
        for (n, outcome) in outcomes.withLock({ $0 }) {
            switch outcome {
            case .final(let c): checks[targets[n].index] = c
            case .recheck: recheck.append(n)  // keeps it mapped
            case .extra(let sha): if let sha { extraSHA[candidates[n - targetCount]] = sha }
            }
        }
        recheck.sort()
        // Fast-tier failures: read again with every header and tensor digest, to name the damage.
        let rechecked = Locked<[Int: ManifestCheckReport.FileCheck]>([:])
        let recheckOwners = recheck
        let settleRecheck: @Sendable (Int, ScanResult) -> Void = { k, result in
            let n = recheckOwners[k]
            guard let plan = plans.withLock({ $0[n] }) else { return }
            var c = Outcome.unreadable(plan, result) ?? plan.judge(result)
            c.identity = identities[n]
            plans.withLock { $0[n] = nil }
            emit(c)
            rechecked.withLock { $0[n] = c }
        }
        ManifestScan.run(count: recheck.count, threads: threads, totalBytes: 0, progress: nil, done: settleRecheck, make: { k in
            guard let plan = plans.withLock({ $0[recheck[k]] }) else { return nil }
            bytes += plan.file.size
            return plan.request(display: plan.entry.path, fileDigests: [.xxh128])
        }, take: { k, result in if rechecked.withLock({ $0[recheckOwners[k]] == nil }) { settleRecheck(k, result) } })
        for (n, c) in rechecked.withLock({ $0 }) { checks[targets[n].index] = c }
        report.bytesScanned = bytes
        report.seconds = Sys.now() - start

        // Renames: a missing file whose bytes an extra file holds.
        var explained: Set<Int> = []
        for i in checks.indices where checks[i].status == .missing {
            let e = manifest.files[i]
            if let k = candidates.first(where: { !explained.contains($0) && extraSHA[$0] == e.sha256 }) {
                explained.insert(k)
                checks[i].status = .renamed
                checks[i].renamedTo = extras[k].relative
                checks[i].findings.append(Finding(.error, .renamed, file: e.path,
                                                  "missing, but '\(extras[k].relative)' holds exactly its bytes (same SHA-256): renamed or moved"))
            } else {
                checks[i].findings.append(Finding(.error, .missing, file: e.path, "missing: listed in the manifest (\(e.size) bytes) but not found"))
            }
        }
        for k in extras.indices where !explained.contains(k) {
            var c = extraFile(extras[k].relative, strict: strict)
            c.sha256 = extraSHA[k]
            checks.append(c)
        }
        for c in checks where [.missing, .renamed, .extra].contains(c.status) { emit(c) }
        report.files = checks
        return report
    }

    /// A previous run's passing check of `entry`, standing for this run.
    private static func resumed(_ r: ManifestCheckReport.FileCheck, entry: ManifestEntry) -> ManifestCheckReport.FileCheck {
        var c = ManifestCheckReport.FileCheck(path: entry.path, status: .ok, expected: entry)
        c.size = r.size
        c.sha256 = r.sha256
        c.xxh128 = r.xxh128
        c.tier = r.tier
        c.identity = r.identity
        return c
    }

    /// What the scan of one file settled.
    private enum Outcome: Sendable {
        /// Its check, final.
        case final(ManifestCheckReport.FileCheck)
        /// Failed the fast tier: to be read again for every header and tensor digest.
        case recheck
        /// An unlisted file hashed to find renames: its SHA-256 (nil when it could not be read whole).
        case extra(String?)

        static func judge(_ plan: FilePlan, _ result: ScanResult, fast: Bool) -> Outcome {
            if let c = unreadable(plan, result) { return .final(c) }
            if fast && plan.entry.xxh128 != nil {
                guard let passed = plan.passedWholeFile(result) else { return .recheck }
                return .final(passed)
            }
            return .final(plan.judge(result))
        }

        /// The check of a file whose bytes could not all be read, or nil when they could.
        static func unreadable(_ plan: FilePlan, _ result: ScanResult) -> ManifestCheckReport.FileCheck? {
            guard let missing = result.firstMissingByte, let reason = result.missingBytesReason else { return nil }
            var c = ManifestCheckReport.FileCheck(path: plan.entry.path, status: .unreadable, expected: plan.entry)
            c.findings.append(Finding(.error, .unreadable, file: plan.entry.path, offset: missing, reason))
            return c
        }
    }

    private static func extraFile(_ path: String, strict: Bool) -> ManifestCheckReport.FileCheck {
        var c = ManifestCheckReport.FileCheck(path: path, status: .extra, expected: nil)
        c.findings.append(Finding(strict ? .error : .warning, .extra, file: path, "not listed in the manifest"))
        return c
    }
}
