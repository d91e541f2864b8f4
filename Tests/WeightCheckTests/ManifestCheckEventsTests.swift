// `ManifestChecker.check` with events, in-process (TSan runs it: the checks are settled on worker threads):
// every file's final check is handed out exactly once and equals the report's; a run given the first run's
// passing checks (`--resume`) reads nothing and reports the same; a changed identity or another tier is read.
import Foundation
import Testing
@testable import WeightCheck

struct ManifestCheckEventsTests {
    /// Runs the check collecting every `fileDone` check and the last progress.
    static func run(_ m: Manifest, _ fx: ManifestFixture, fast: Bool, threads: Int? = nil,
                    recorded: [String: ManifestCheckReport.FileCheck] = [:]) -> (ManifestCheckReport, [ManifestCheckReport.FileCheck], ScanProgress?) {
        let done = Locked<[ManifestCheckReport.FileCheck]>([])
        let last = Locked<ScanProgress?>(nil)
        let events = ManifestCheckEvents(progress: { p in last.withLock { $0 = p } },
                                         fileDone: { c in done.withLock { $0.append(c) } })
        let r = ManifestChecker.check(m, root: fx.root, threads: threads, fast: fast, recorded: recorded, events: events)
        return (r, done.withLock { $0 }, last.withLock { $0 })
    }

    static func key(_ c: ManifestCheckReport.FileCheck) -> String {
        "\(c.path) \(c.status) \(c.tier?.rawValue ?? "-") \(c.sha256 ?? "-") \(c.xxh128 ?? "-") \(c.findings.map(\.code.rawValue))"
    }

    @Test(arguments: [(false, 1), (true, 1), (false, 4), (true, 4)])
    func eachFileOnceAsTheReportHasIt(fast: Bool, threads: Int) throws {
        let fx = ManifestFixture()
        let m = try fx.create()
        let t = ManifestFixture.entry("tiny.gguf").tensors![1]
        let original = [UInt8].contents(of: fx.path("tiny.gguf"))
        patchFile(fx.path("tiny.gguf"), at: t.offset, [original[t.offset] ^ 0x20])
        fx.dir.write("extra.txt", Array("not listed".utf8))
        let (r, done, progress) = Self.run(m, fx, fast: fast, threads: threads)
        #expect(done.count == r.files.count && Set(done.map(\.path)).count == done.count)
        #expect(done.map(Self.key).sorted() == r.files.map(Self.key).sorted())
        #expect(r.file("tiny.gguf")?.changedTensors == [t.name])
        #expect(done.filter { $0.status == .ok || $0.status == .changed }.allSatisfy { $0.identity == FileIdentity.of(fx.path($0.path)) })
        #expect(progress?.filesDone == progress?.filesTotal && progress?.filesTotal == m.files.count)
        #expect(progress?.bytesDone == m.files.map(\.size).reduce(0, +))
    }

    @Test(arguments: [false, true]) func recordedPassesStandAndAreNotRead(fast: Bool) throws {
        let fx = ManifestFixture()
        let m = try fx.create()
        let (first, _, _) = Self.run(m, fx, fast: fast)
        #expect(first.ok && first.resumedFiles == 0)
        let recorded = Dictionary(uniqueKeysWithValues: first.files.map { ($0.path, $0) })
        let (again, done, _) = Self.run(m, fx, fast: fast, recorded: recorded)
        #expect(again.ok && again.resumedFiles == m.files.count && again.bytesScanned == 0)
        #expect(done.count == m.files.count && again.files.map(Self.key) == first.files.map(Self.key))
        // A new mtime: that file is read again, and only it.
        let path = fx.path("dtypes.safetensors")
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: path)
        let (touched, _, _) = Self.run(m, fx, fast: fast, recorded: recorded)
        #expect(touched.resumedFiles == m.files.count - 1 && touched.bytesScanned == [UInt8].contents(of: path).count)
        // XXH3-128 passes do not stand for the SHA-256 tier.
        if fast {
            let (sha, _, _) = Self.run(m, fx, fast: false, recorded: recorded)
            #expect(sha.resumedFiles == 0 && sha.files.allSatisfy { $0.tier == .sha256 })
        }
    }
}
