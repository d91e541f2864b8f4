// The compare pass end to end in the library: fixtures opened by path, figures held to numpy's (1e-6 relative),
// verdicts to the known-broken tensors; layouts (index shards, GGUF split sets); serial vs parallel; transforms.
import Foundation
import Testing
@testable import WeightCheck

@Suite struct CompareEngineTests {
    static func path(_ name: String) -> String { CompareFixtures.directory.appendingPathComponent(name).path }

    static func byCandidate(_ r: CompareReport) -> [String: TensorComparison] {
        Dictionary(uniqueKeysWithValues: r.tensors.map { ($0.candidate, $0) })
    }

    static func expectFigures(_ t: TensorComparison, _ row: CompareFixtures.Row, _ label: String) {
        guard let f = t.figures else {
            Issue.record("\(label): not compared: \(t.reasons)")
            return
        }
        #expect(f.count == row.count, "\(label) count")
        #expect(close(f.rmse, row.figure("rmse")!), "\(label) rmse \(f.rmse) vs \(row.figure("rmse")!)")
        #expect(close(f.maxAbs, row.figure("max_abs")!), "\(label) max_abs")
        #expect(close(f.cosine, row.figure("cosine")!), "\(label) cosine \(f.cosine) vs \(row.figure("cosine")!)")
        if let snr = row.figure("snr_db") {
            #expect(close(f.snrDB, snr), "\(label) snr")
        } else {
            #expect(f.snrDB == .infinity, "\(label) snr should be infinite")
        }
        #expect(close(f.relativeRMSE, row.figure("rel_rmse")!), "\(label) rel_rmse")
        #expect(t.ok == row.expectOK, "\(label): \(t.reasons)")
    }

    @Test(arguments: CompareFixtures.candidates)
    func figuresEqualNumpy(candidate: String) throws {
        let report = try Comparison.run(reference: Self.path("llama_ref"), candidate: Self.path("\(candidate).gguf"))
        let rows = try CompareFixtures.rows(candidate)
        #expect(report.tensors.count == rows.count)
        let found = Self.byCandidate(report)
        for row in rows {
            guard let t = found[row.candidate] else {
                Issue.record("\(candidate): \(row.candidate) not matched")
                continue
            }
            #expect(t.reference == row.reference)
            Self.expectFigures(t, row, "\(candidate) \(row.candidate)")
        }
        #expect(report.unmatchedReference == ["model.layers.0.self_attn.rotary_emb.inv_freq"])
        #expect(report.unmatchedCandidate == ["rope_freqs.weight"])
        #expect(report.ok == rows.allSatisfy(\.expectOK))
        #expect(report.architecture == .llama)
    }

    @Test func swappedAndMisPermutedTensorsFail() throws {
        let report = try Comparison.run(reference: Self.path("llama_ref/model.safetensors"),
                                        candidate: Self.path("llama_broken_q4_0.gguf"))
        #expect(!report.ok)
        #expect(Set(report.failures.map(\.candidate)) == ["blk.0.ffn_gate.weight", "blk.0.ffn_up.weight",
                                                          "blk.1.attn_q.weight"])
        let swapped = Self.byCandidate(report)["blk.0.ffn_gate.weight"]!
        #expect(swapped.reasons.contains { $0.contains("swapped or mis-mapped") })
        #expect(report.worstFirst.prefix(3).allSatisfy { !$0.ok })
    }

    /// The Q/K permutation is undone: the permuted pairs carry the transform and match numpy to 1e-6.
    @Test func permutationUndoneForLlama() throws {
        let report = try Comparison.run(reference: Self.path("llama_ref"), candidate: Self.path("llama_q8_0.gguf"))
        let permuted = report.tensors.filter { if case .llamaPermute = $0.transform { return true } else { return false } }
        #expect(Set(permuted.map(\.candidate)) == ["blk.0.attn_q.weight", "blk.0.attn_k.weight",
                                                   "blk.1.attn_q.weight", "blk.1.attn_k.weight"])
        #expect(permuted.allSatisfy { $0.ok && $0.figures!.cosine > 0.9999 })
        #expect(permuted.first { $0.candidate == "blk.0.attn_k.weight" }?.transform == .llamaPermute(heads: 2))
    }

    @Test func ggufAgainstGGUF() throws {
        let report = try Comparison.run(reference: Self.path("llama_f16.gguf"), candidate: Self.path("llama_q8_0.gguf"))
        let doc = try CompareFixtures.json("expected_f16_vs_q8_0.json")
        let rows = (doc["tensors"] as! [[String: Any]]).map(CompareFixtures.Row.init)
        #expect(report.tensors.count == rows.count)
        let found = Self.byCandidate(report)
        for row in rows {
            let t = try #require(found[row.candidate])
            #expect(t.source == .sameName && t.transform == .none)
            Self.expectFigures(t, row, "f16→q8_0 \(row.candidate)")
        }
        #expect(report.ok && report.unmatchedReference.isEmpty && report.unmatchedCandidate.isEmpty)
    }

    @Test func userMapTakesPrecedence() throws {
        let reference = try ModelSource(path: Self.path("llama_ref"))
        let candidate = try ModelSource(path: Self.path("llama_broken_q4_0.gguf"))
        let map = ["model.layers.0.mlp.gate_proj.weight": "blk.0.ffn_up.weight",
                   "model.layers.0.mlp.up_proj.weight": "blk.0.ffn_gate.weight"]
        let report = Comparison.run(reference: reference, candidate: candidate, options: .init(userMap: map))
        #expect(report.failures.map(\.candidate) == ["blk.1.attn_q.weight"])
        #expect(report.tensors.filter { $0.source == .userMap }.count == 2)
    }

    // MARK: - Determinism and the fast path's twins

    static func sums(_ report: CompareReport) -> [ErrorAccumulator?] { report.tensors.map { $0.figures?.sums } }

    @Test func sameItemsGiveIdenticalSumsOnAnyThreadCount() throws {
        let reference = try ModelSource(path: Self.path("llama_ref"))
        let candidate = try ModelSource(path: Self.path("llama_q5_1.gguf"))
        let match = TensorMatcher.match(reference: reference.tensorInfos, referenceFormat: .safetensors,
                                        candidate: candidate.tensorInfos, candidateFormat: .gguf,
                                        nameMap: Comparison.nameMap(reference: reference, candidate: candidate))
        func run(threads: Int, item: Int, buffer: Int) -> [ErrorAccumulator?] {
            var engine = CompareEngine(threads: threads)
            engine.itemElements = item
            engine.bufferElements = buffer
            return engine.run(match.pairs, reference: reference, candidate: candidate).map(\.sums)
        }
        let serial = run(threads: 1, item: 512, buffer: 256)
        #expect(serial == run(threads: 4, item: 512, buffer: 256))
        // Other cuts: the same sums up to rounding (Float within 256-value blocks, Double across).
        for (a, b) in zip(serial, run(threads: 3, item: 1 << 20, buffer: 1 << 16)) {
            let a = try #require(a), b = try #require(b)
            #expect(a.count == b.count && a.maxAbsError == b.maxAbsError && sameSums(a, b))
        }
    }

    /// Progress from the workers arrives in the order it was made, even through a slow display: the bytes never
    /// go back and the last report is the whole comparison.
    @Test func progressNeverGoesBack() throws {
        let reference = try ModelSource(path: Self.path("llama_ref"))
        let candidate = try ModelSource(path: Self.path("llama_q5_1.gguf"))
        let match = TensorMatcher.match(reference: reference.tensorInfos, referenceFormat: .safetensors,
                                        candidate: candidate.tensorInfos, candidateFormat: .gguf,
                                        nameMap: Comparison.nameMap(reference: reference, candidate: candidate))
        var engine = CompareEngine(threads: 4)
        engine.itemElements = 512
        engine.bufferElements = 256
        let seen = Locked<[(Int, Int)]>([])
        _ = engine.run(match.pairs, reference: reference, candidate: candidate) { done, total in
            usleep(UInt32.random(in: 0..<300))
            seen.withLock { $0.append((done, total)) }
        }
        let reports = seen.withLock { $0 }
        #expect(reports.count > 8 && zip(reports, reports.dropFirst()).allSatisfy { $0.0 <= $1.0 })
        #expect(reports.last.map { $0.0 == $0.1 } == true)
    }

    /// Rows longer than the buffer (column pieces) under a permutation, and exact equality giving exact zeros.
    @Test func longPermutedRowsAndExactCopies() throws {
        let dir = TemporaryDirectory()
        let rows = 8, cols = 768, heads = 2
        var rng = SplitMix64(state: 3)
        let values = (0 ..< rows * cols).map { _ in Float(Int(rng.next() % 2001) - 1000) / 997 }
        let permuted = LlamaPermutation.permute(values, rowLength: cols, heads: heads)
        let ref = dir.write("ref/model.safetensors", CompareFiles.safetensors([
            TensorBytes(name: "model.layers.0.self_attn.q_proj.weight", type: .f32, shape: [rows, cols], bytes: values.f32Bytes),
        ]))
        let cand = dir.write("cand.gguf", CompareFiles.gguf(
            strings: [("general.architecture", "llama")], integers: [("llama.attention.head_count", UInt32(heads))],
            [TensorBytes(name: "blk.0.attn_q.weight", type: .f32, shape: [cols, rows], bytes: permuted.f32Bytes)]))
        let reference = try ModelSource(path: ref), candidate = try ModelSource(path: cand)
        let match = TensorMatcher.match(reference: reference.tensorInfos, referenceFormat: .safetensors,
                                        candidate: candidate.tensorInfos, candidateFormat: .gguf,
                                        nameMap: Comparison.nameMap(reference: reference, candidate: candidate))
        var engine = CompareEngine(threads: 2)
        engine.bufferElements = 256
        engine.itemElements = 1
        let out = engine.run(match.pairs, reference: reference, candidate: candidate)
        let s = try #require(out.first?.sums)
        #expect(s.count == rows * cols && s.sumSquaredError == 0 && s.maxAbsError == 0)
        let f = ErrorFigures(s)
        #expect(f.cosine == 1 && f.snrDB == .infinity)
        // Without the head count the permutation cannot be undone: reported, not compared.
        let plain = try ModelSource(path: dir.write("plain.gguf", CompareFiles.gguf(
            strings: [("general.architecture", "llama")], integers: [],
            [TensorBytes(name: "blk.0.attn_q.weight", type: .f32, shape: [cols, rows], bytes: permuted.f32Bytes)])))
        let report = Comparison.run(reference: reference, candidate: plain)
        #expect(!report.ok && report.tensors.first?.figures == nil)
        #expect(report.tensors.first?.reasons.first?.contains("head count unknown") == true)
    }

    /// Gemma's norms stored plus one, experts stacked into one tensor, and a stacked gate_up split in halves: each
    /// candidate holds exactly the reference's values after the converter's transform, so every error is zero.
    @Test func converterTransformsAreUndone() throws {
        let dir = TemporaryDirectory()
        var rng = SplitMix64(state: 5)
        func random(_ n: Int) -> [Float] { (0 ..< n).map { _ in Float(Int(rng.next() % 2001) - 1000) / 512 } }
        let hidden = 64, ff = 4, experts = 3
        // Gemma: norm weights stored plus one.
        let norm = random(hidden)
        dir.write("gemma/config.json", Array(#"{"model_type": "gemma"}"#.utf8))
        let gemmaRef = dir.write("gemma/model.safetensors", CompareFiles.safetensors([
            TensorBytes(name: "model.norm.weight", type: .f32, shape: [hidden], bytes: norm.f32Bytes)]))
        let gemmaCand = dir.write("gemma.gguf", CompareFiles.gguf(strings: [("general.architecture", "gemma")], integers: [],
            [TensorBytes(name: "output_norm.weight", type: .f32, shape: [hidden], bytes: norm.map { $0 + 1 }.f32Bytes)]))
        let gemma = try Comparison.run(reference: gemmaRef, candidate: gemmaCand)
        #expect(gemma.ok && gemma.tensors.first?.transform == .addOne)
        #expect(gemma.tensors.first?.figures?.sums.sumSquaredError == 0)

        // Qwen2-MoE: experts one by one (layer 0) and a stacked gate_up_proj (layer 1), against stacked GGUF experts.
        let perExpert = (0 ..< experts).map { _ in random(ff * hidden) }
        let gate = (0 ..< experts).map { _ in random(ff * hidden) }, up = (0 ..< experts).map { _ in random(ff * hidden) }
        let gateUp = (0 ..< experts).flatMap { gate[$0] + up[$0] }  // [experts, 2·ff, hidden]
        dir.write("moe/config.json", Array(#"{"model_type": "qwen2_moe", "num_attention_heads": 4}"#.utf8))
        let moeRef = dir.write("moe/model.safetensors", CompareFiles.safetensors(
            (0 ..< experts).map { e in
                TensorBytes(name: "model.layers.0.mlp.experts.\(e).gate_proj.weight", type: .f32, shape: [ff, hidden],
                            bytes: perExpert[e].f32Bytes)
            } + [TensorBytes(name: "model.layers.1.mlp.experts.gate_up_proj", type: .f32, shape: [experts, 2 * ff, hidden],
                             bytes: gateUp.f32Bytes)]))
        let stacked = [hidden, ff, experts]
        let moeCand = dir.write("moe.gguf", CompareFiles.gguf(strings: [("general.architecture", "qwen2moe")], integers: [], [
            TensorBytes(name: "blk.0.ffn_gate_exps.weight", type: .f32, shape: stacked, bytes: perExpert.flatMap { $0 }.f32Bytes),
            TensorBytes(name: "blk.1.ffn_gate_exps.weight", type: .f32, shape: stacked, bytes: gate.flatMap { $0 }.f32Bytes),
            TensorBytes(name: "blk.1.ffn_up_exps.weight", type: .f32, shape: stacked, bytes: up.flatMap { $0 }.f32Bytes),
        ]))
        let moe = try Comparison.run(reference: moeRef, candidate: moeCand)
        #expect(moe.architecture == .qwen2moe)
        #expect(moe.tensors.count == experts + 2, "\(moe.tensors.map(\.reasons))")
        #expect(moe.unmatchedReference.isEmpty && moe.unmatchedCandidate.isEmpty)
        for t in moe.tensors {
            #expect(t.ok && t.figures?.sums.sumSquaredError == 0 && t.figures?.count == ff * hidden * (t.layer == 1 ? experts : 1),
                    "\(t.reference) → \(t.candidate): \(t.reasons)")
        }
        // A candidate whose experts are shuffled fails on the shuffled ones.
        let shuffled = dir.write("shuffled.gguf", CompareFiles.gguf(strings: [("general.architecture", "qwen2moe")], integers: [], [
            TensorBytes(name: "blk.0.ffn_gate_exps.weight", type: .f32, shape: stacked,
                        bytes: (perExpert[1] + perExpert[0] + perExpert[2]).f32Bytes)]))
        let bad = try Comparison.run(reference: moeRef, candidate: shuffled)
        #expect(bad.failures.map(\.reference).sorted() == ["model.layers.0.mlp.experts.0.gate_proj.weight",
                                                          "model.layers.0.mlp.experts.1.gate_proj.weight"])
    }

    /// A big-endian GGUF's F32 and F16 values are byte-swapped before dequantizing: the same values stored
    /// little-endian compare exactly equal (a missed or wrong swap gives garbage).
    @Test func bigEndianGGUFValuesAreSwapped() throws {
        let dir = TemporaryDirectory()
        var rng = SplitMix64(state: 11)
        let values = (0 ..< 2 * 320).map { _ in Float(Int(rng.next() % 4001) - 2000) / 1024 }
        func tensors(bigEndian: Bool) -> [TensorBytes] {
            [TensorBytes(name: "a", type: .f32, shape: [320, 2],
                         bytes: bigEndian ? values.f32Bytes.swappedInPlaces(of: 4) : values.f32Bytes),
             TensorBytes(name: "b", type: .f16, shape: [320, 2], bytes: values.f16Bytes(bigEndian: bigEndian))]
        }
        let le = dir.write("le.gguf", CompareFiles.gguf(strings: [], integers: [], tensors(bigEndian: false)))
        let be = dir.write("be.gguf", CompareFiles.gguf(strings: [], integers: [], tensors(bigEndian: true), bigEndian: true))
        #expect(try ModelSource(path: be).tensors.allSatisfy(\.bigEndian))
        let report = try Comparison.run(reference: le, candidate: be)
        #expect(report.ok && report.tensors.count == 2)
        #expect(report.tensors.allSatisfy { $0.figures?.sums.sumSquaredError == 0 && $0.figures?.count == 640 })
    }

    // MARK: - Layouts

    @Test func shardedReferenceEqualsSingleFile() throws {
        let dir = TemporaryDirectory()
        try CompareFiles.shardedReference(into: dir.path)
        let sharded = try ModelSource(path: dir.path)
        #expect(sharded.layout == "safetensors index (2 shards)")
        #expect(sharded.architecture == .llama && sharded.hyperparameters.keyHeads == 2)
        let viaIndex = try ModelSource(path: dir.path + "/model.safetensors.index.json")
        #expect(viaIndex.tensors.count == sharded.tensors.count)
        let single = try Comparison.run(reference: Self.path("llama_ref"), candidate: Self.path("llama_q4_0.gguf"))
        let split = try Comparison.run(reference: dir.path, candidate: Self.path("llama_q4_0.gguf"))
        #expect(Self.sums(single) == Self.sums(split))
        #expect(single.unmatchedReference == split.unmatchedReference)
    }

    @Test func ggufSplitSetEqualsSingleFile() throws {
        let dir = TemporaryDirectory()
        let first = try CompareFiles.splitGGUF("llama_q8_0.gguf", count: 3, into: dir.path)
        let set = try ModelSource(path: first)
        #expect(set.layout == "gguf split set (3 shards)")
        #expect(set.architecture == .llama)
        #expect(try ModelSource(path: dir.path).tensors.count == set.tensors.count)
        let single = try Comparison.run(reference: Self.path("llama_ref"), candidate: Self.path("llama_q8_0.gguf"))
        let split = try Comparison.run(reference: Self.path("llama_ref"), candidate: first)
        #expect(Self.sums(single) == Self.sums(split))
        #expect(split.unmatchedCandidate == ["rope_freqs.weight"])

        try FileManager.default.removeItem(atPath: dir.path + "/" + GGUFSplitSet.shardName(prefix: "model", number: 2, count: 3))
        #expect {
            try ModelSource(path: first)
        } throws: { ($0 as? ModelSourceError)?.message.contains("missing") == true }
    }

    @Test func unreadableSidesAreErrors() throws {
        let dir = TemporaryDirectory()
        #expect(throws: ModelSourceError.self) { try ModelSource(path: dir.path + "/nothing") }
        #expect(throws: ModelSourceError.self) { try ModelSource(path: dir.path) }  // empty folder
        dir.write("a.gguf", [UInt8](try CompareFixtures.data("llama_q4_0.gguf")))
        dir.write("b.gguf", [UInt8](try CompareFixtures.data("llama_q8_0.gguf")))
        #expect {
            try ModelSource(path: dir.path)
        } throws: { ($0 as? ModelSourceError)?.message.contains("2 GGUF models") == true }
        #expect(throws: ModelSourceError.self) { try ModelSource(path: dir.write("junk.bin", [1, 2, 3, 4])) }
    }

    /// Sides given the wrong way round match nothing: not a pass, and the report says why.
    @Test func reversedSidesFailWithAHint() throws {
        let report = try Comparison.run(reference: Self.path("llama_q8_0.gguf"), candidate: Self.path("llama_ref"))
        #expect(report.tensors.isEmpty && !report.ok)
        #expect(report.notes.contains { $0.contains("give the safetensors model first") })
    }

    @Test func layerAndKindFromNames() {
        let q = TensorComparison.layerAndKind("blk.12.attn_q.weight")
        #expect(q?.layer == 12 && q?.kind == "attn_q")
        let up = TensorComparison.layerAndKind("model.layers.3.mlp.up_proj.bias")
        #expect(up?.layer == 3 && up?.kind == "mlp.up_proj.bias")
        #expect(TensorComparison.layerAndKind("token_embd.weight") == nil)
    }
}
