// Verifier: the product's main job. Discovers what the paths hold, parses every weight file, runs one
// scan (digests and numeric health share every page), and turns it all into a report of findings.
import Foundation

public enum Verifier {
    /// Verifies everything at `paths`. `progress` receives (bytes done, bytes total) from worker threads.
    public static func verify(_ paths: [String], options: VerifyOptions = VerifyOptions(),
                              progress: (@Sendable (Int, Int) -> Void)? = nil) -> VerifyReport {
        let discovery = Discovery.discover(paths)
        var report = VerifyReport()
        report.layoutProblems = discovery.findings
        report.notes = discovery.notes

        var verdicts: [FileVerdict] = []
        var requests: [ScanRequest] = []
        var requestOwner: [Int] = []  // request index → verdict index
        var parsed: [String: WeightFile] = [:]
        var safetensorsByFolder: [String: [TensorInfo]] = [:]
        var expectationsByVerdict: [[ExpectedDigest]] = []
        let single = discovery.artifacts.count == 1

        for artifact in discovery.artifacts {
            var v = FileVerdict(path: artifact.displayPath, size: 0)
            var expected = artifact.expected
            if single, let hex = options.expectedSHA256 {
                expected.append(ExpectedDigest(.sha256, hex: hex, source: "--expect-sha256"))
            }
            v.expectedSHA256 = expected.first { $0.kind == .sha256 }?.hex
            let mapped: MappedFile
            do {
                mapped = try MappedFile(path: artifact.path)
            } catch {
                v.problems.append(Finding(.error, "unreadable", file: artifact.displayPath,
                                          "cannot read: \(SystemError.reason(error.code))"))
                verdicts.append(v)
                expectationsByVerdict.append(expected)
                continue
            }
            v.size = mapped.size
            var weights: WeightFile? = nil
            if let format = WeightFile.detectFormat(mapped.bytes) {
                v.format = format
                do {
                    let w = try WeightFile(mapped)
                    weights = w
                    parsed[artifact.path] = w
                    v.tensorCount = w.table.tensors.count
                    v.parameters = w.table.parameterCount
                    v.problems += w.findings.map { relabel($0, artifact.displayPath) }
                    switch w {
                    case .gguf(let g): v.problems += ConsistencyChecks.gguf(g, file: artifact.displayPath)
                    case .safetensors(let s):
                        let folder = (artifact.path as NSString).deletingLastPathComponent
                        safetensorsByFolder[folder, default: []] += s.tensors
                    case .pytorch: break
                    }
                } catch {
                    v.problems.append(relabel(error.finding, artifact.displayPath))
                }
            } else if artifact.path.hasSuffix(".gguf") || artifact.path.hasSuffix(".safetensors") {
                v.problems.append(Finding(.error, "unknown-format", file: artifact.displayPath, offset: 0,
                                          "named like a weight file but its content is neither GGUF nor safetensors"))
            } else if artifact.named && expected.isEmpty {
                v.problems.append(Finding(.error, "unknown-format", file: artifact.displayPath, offset: 0,
                                          "not a GGUF or safetensors file, and no digest is recorded for it: nothing to verify"))
            }
            if !options.quick {
                var digests: [HashAlgorithm] = [.sha256]
                if expected.contains(where: { $0.kind == .gitBlobSHA1 }) { digests.append(.sha1Git) }
                let request: ScanRequest
                if let weights {
                    request = ScanRequest(weights, displayPath: artifact.displayPath, fileDigests: digests, statistics: true,
                                            entryChecksums: true)
                } else {
                    request = ScanRequest(file: mapped, displayPath: artifact.displayPath, fileDigests: digests)
                }
                requestOwner.append(verdicts.count)
                requests.append(request)
            }
            verdicts.append(v)
            expectationsByVerdict.append(expected)  // compared with the digests after the scan
        }

        let engine = ScanEngine(threads: options.threads)
        let start = ProcessInfo.processInfo.systemUptime
        let results = engine.run(requests, progress: progress)
        report.seconds = ProcessInfo.processInfo.systemUptime - start
        report.bytesScanned = requests.reduce(0) { $0 + $1.file.size }

        for (k, result) in results.enumerated() {
            let i = requestOwner[k]
            var v = verdicts[i]
            let path = v.path
            if let sha = result.digests[.sha256] { v.sha256 = sha.hexString }
            for e in expectationsByVerdict[i] {
                let algorithm: HashAlgorithm = e.kind == .sha256 ? .sha256 : .sha1Git
                guard let got = result.digests[algorithm]?.hexString else { continue }
                if got != e.hex {
                    v.problems.append(Finding(.error, "digest-mismatch", file: path,
                                              "\(algorithm == .sha256 ? "SHA-256" : "git blob SHA-1") is \(got), but the \(e.source) says \(e.hex)"))
                }
            }
            v.problems += EntryChecksums.findings(requests[k].checksums, result.checksums, file: path)
            var tensorProblems: [Finding] = []
            for t in result.tensors { tensorProblems += NumericHealth.findings(t, file: path) }
            v.problems += tensorProblems
            if let tail = NumericHealth.zeroTail(zeroBytes: result.trailingZeroBytes, size: result.size,
                                                 tensors: requests[k].table?.tensors ?? [], file: path) {
                v.problems.append(tail)
            }
            verdicts[i] = v
        }
        for (folder, tensors) in safetensorsByFolder.sorted(by: { $0.key < $1.key }) {
            for f in ConsistencyChecks.safetensorsConfig(folder: folder, tensors: tensors) {
                // Attach to the config file's own entry when it is among the files checked.
                if let i = discovery.artifacts.firstIndex(where: { $0.path == f.file }) {
                    verdicts[i].problems.append(relabel(f, verdicts[i].path))
                } else {
                    report.layoutProblems.append(f)
                }
            }
        }
        report.files = verdicts.map { v in
            var v = v
            v.problems.sort { $0.severity > $1.severity }
            return v
        }
        report.sets = ShardSets.find(files: parsed, indexes: discovery.safetensorsIndexes)
        return report
    }

    /// The finding with `file` replaced by the path shown to the user.
    static func relabel(_ f: Finding, _ display: String) -> Finding {
        var f = f
        f.file = display
        return f
    }
}
