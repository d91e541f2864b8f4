// Unsafe imports: every malicious fixture is an error naming exactly the callables picklescan calls dangerous
// (testdata/pytorch/expected.json), with the byte offset; no benign checkpoint is flagged; hostile pickles and
// containers end in a finding, never a crash or unbounded memory.
import Foundation
import Testing
@testable import WeightCheck

@Suite struct PickleSafetyTests {
    static let malicious = PyTorchFixtures.expected.keys.filter { $0.hasPrefix("malicious/") }.sorted()
    static let benign = PyTorchFixtures.expected.keys.filter { !$0.hasPrefix("malicious/") }.sorted()

    @Test(arguments: malicious)
    func maliciousFilesNameTheirCallables(_ name: String) throws {
        let p = try PyTorchFixtures.open(name)
        let scan = PyTorchFixtures.expected[name]!["picklescan"] as! [String: Any]
        let dangerous = Set(scan["dangerous"] as! [String])
        #expect(!dangerous.isEmpty)
        let errors = p.findings.filter { $0.code == "unsafe-import" && $0.severity == .error }
        #expect(Set(p.imports.filter { $0.verdict == .dangerous }.map(\.name)) == dangerous)
        for callable in dangerous {
            let f = errors.first { $0.message.contains("runs code: \(callable) at byte ") }
            #expect(f != nil, "\(name): \(callable) not named in \(p.findings)")
            if let f, let offset = f.offset { #expect(p.file.bytes[offset] == 0x63 || p.file.bytes[offset] == 0x93) }
        }
        #expect(p.runsCode)
    }

    @Test(arguments: benign)
    func benignFilesAreNotFlagged(_ name: String) throws {
        let p = try PyTorchFixtures.open(name)
        let scan = PyTorchFixtures.expected[name]!["picklescan"] as! [String: Any]
        #expect((scan["dangerous"] as! [String]).isEmpty)
        #expect(!p.runsCode)
        #expect(!p.findings.contains { $0.code == "unsafe-import" })
        let unknown = p.findings.filter { $0.code == "unknown-import" }
        #expect(unknown.isEmpty == (name != "training_args.bin"), "\(unknown)")
    }

    @Test func allowListJudgesNames() {
        #expect(PickleAllowList.verdict("torch._utils._rebuild_tensor_v2") == .allowed)
        #expect(PickleAllowList.verdict("torch.BFloat16Storage") == .allowed)
        #expect(PickleAllowList.verdict("collections.OrderedDict") == .allowed)
        for bad in ["builtins.exec", "__builtin__.eval", "os.system", "posix.system", "subprocess.Popen", "runpy._run_code",
                    "webbrowser.open", "builtins.getattr", "nt.system", "socket.create_connection"] {
            #expect(PickleAllowList.verdict(bad) == .dangerous, "\(bad)")
        }
        #expect(PickleAllowList.verdict("transformers.training_args.TrainingArguments") == .unknown)
    }

    static let hostile: [(String, String)] = [
        ("deep_tuples.pkl", "nesting deeper than"), ("huge_memo_index.pkl", "memo index 4294967295 is not defined"),
        ("truncated.pkl", "pickle ends early"), ("storage_past_entry.pt", "runs past its entry"),
        ("zip_bomb.pt", "not inflated"), ("truncated_directory.pt", "no zip end-of-central-directory record"),
    ]

    @Test(arguments: hostile)
    func hostileInputEndsInAFinding(_ name: String, _ message: String) {
        do {
            let p = try PyTorchFixtures.open("hostile/" + name)
            #expect(p.findings.contains { $0.severity == .error && $0.message.contains(message) && $0.offset != nil },
                    "\(name): \(p.findings)")
        } catch let e as WeightFileError {
            #expect(e.description.contains(message), "\(name): \(e)")
            #expect(e.finding.offset != nil)
        } catch {
            Issue.record("\(name): \(error)")
        }
    }

    @Test func deepListsAreReleasedWithoutRecursion() throws {
        let p = try PyTorchFixtures.open("hostile/deep_lists.pkl")
        #expect(p.tensors.isEmpty)
        // A longer chain, built here: 200,000 lists each inside the previous one.
        let chain: [UInt8] = [0x80, 2, 0x5D, 0x71, 0] + Array(repeating: [0x68, 0, 0x5D, 0x71, 0, 0x61], count: 200_000).flatMap { $0 } + [0x2E]
        let m = chain.withUnsafeBytes { PickleMachine($0, file: "chain") }
        #expect(m.error == nil)
    }

    @Test func memoIsBounded() {
        var flood: [UInt8] = [0x80, 2, 0x4E]
        for i in 0..<(PickleMachine.maxMemo + 2) {
            flood.append(0x72)
            withUnsafeBytes(of: UInt32(i).littleEndian) { flood += $0 }
        }
        flood.append(0x2E)
        let m = flood.withUnsafeBytes { PickleMachine($0, file: "flood") }
        #expect(m.error?.message.contains("memo grows past") == true)
    }

    @Test func everyPrefixOfACheckpointPickleIsAFindingNotACrash() throws {
        let p = try PyTorchFixtures.open("nested.pt")
        let pkl = try #require(p.archive?.entries.first { $0.name.hasSuffix("data.pkl") })
        let bytes = p.file.bytes(in: pkl.dataRange)
        for n in 0..<bytes.count {
            var m = PickleMachine(UnsafeRawBufferPointer(rebasing: bytes[0..<n]), file: "prefix")
            #expect(m.error != nil, "prefix \(n)")
            m.release()
        }
    }
}

@Suite struct PickleHostileCallTests {
    /// `_rebuild_from_type_v2(f, T, L)` where the list L is `[f, None, L]`: bounded, no endless recursion.
    @Test func selfApplyingRebuildIsBounded() {
        var p: [UInt8] = [0x80, 2] + Array("ctorch._tensor\n_rebuild_from_type_v2\n".utf8) + [0x71, 0]  // BINPUT 0: f
        p += [0x5D, 0x71, 1]  // EMPTY_LIST, BINPUT 1: L
        p += [0x28, 0x68, 0, 0x4E, 0x68, 1, 0x65]  // L += [f, None, L] (APPENDS)
        p += [0x30, 0x68, 0, 0x68, 0, 0x4E, 0x68, 1, 0x87, 0x52, 0x2E]  // POP; f((f, None, L)); STOP
        var m = p.withUnsafeBytes { PickleMachine($0, file: "self") }
        #expect(m.error == nil, "\(String(describing: m.error))")
        if case .opaque(let name) = m.result { #expect(name == "torch._tensor._rebuild_from_type_v2") } else { Issue.record("\(m.result)") }
        m.release()
    }
}
