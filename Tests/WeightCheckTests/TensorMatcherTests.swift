// Tests of pairing and shape resolution: user map precedence, identical names, expert slices of stacked tensors,
// periodic row slices, Gemma 3's truncated embeddings, shape mismatches; and of the error bands' table.
import Testing
@testable import WeightCheck

@Suite struct TensorMatcherTests {
    static func t(_ name: String, _ shape: [UInt64], _ type: ElementType = .f32) -> TensorInfo {
        TensorInfo(name: name, type: type, shape: shape, byteRange: 0..<0)
    }

    @Test func precedenceAndUnmatched() {
        let ref = [Self.t("a", [4, 8]), Self.t("model.layers.0.mlp.up_proj.weight", [16, 8]), Self.t("c", [2]),
                   Self.t("model.norm.weight", [8]), Self.t("gone", [1])]
        let cand = [Self.t("a", [8, 4]), Self.t("blk.0.ffn_up.weight", [8, 16]), Self.t("x", [2]),
                    Self.t("output_norm.weight", [8]), Self.t("extra", [3])]
        let m = TensorMatcher.match(reference: ref, referenceFormat: .safetensors, candidate: cand,
                                    candidateFormat: .gguf, nameMap: TensorNameMap(architecture: .qwen2),
                                    userMap: ["c": "x", "gone": "missing"])
        #expect(m.pairs.map { "\($0.reference.name)>\($0.candidate.name):\($0.source.rawValue)" } == [
            "a>a:name", "model.layers.0.mlp.up_proj.weight>blk.0.ffn_up.weight:architecture", "c>x:map",
            "model.norm.weight>output_norm.weight:architecture",
        ])
        #expect(m.pairs.allSatisfy { $0.problem == nil })
        #expect(m.unmatchedReference == ["gone"])
        #expect(m.unmatchedCandidate == ["extra"])
    }

    @Test func shapeMismatchIsReportedNotDropped() {
        let m = TensorMatcher.match(reference: [Self.t("w", [4, 8])], referenceFormat: .safetensors,
                                    candidate: [Self.t("w", [4, 8])], candidateFormat: .gguf, nameMap: nil)
        #expect(m.pairs.count == 1)
        #expect(m.pairs[0].pairing == nil)
        #expect(m.pairs[0].problem == "shape mismatch: reference [4, 8], candidate [8, 4] (row-major)")
        // Same format on both sides (GGUF against GGUF): no reversal.
        let same = TensorMatcher.match(reference: [Self.t("w", [4, 8])], referenceFormat: .gguf,
                                       candidate: [Self.t("w", [4, 8])], candidateFormat: .gguf, nameMap: nil)
        #expect(same.pairs[0].pairing?.rowLength == 4)
        #expect(same.pairs[0].pairing?.rowCount == 8)
        // Leading ones do not matter.
        let ones = TensorMatcher.resolve(.none, reference: [1, 6], candidate: [6])
        #expect((try? ones.get())?.rowCount == 1)
        #expect(TensorMatcher.rowMajor([UInt64.max], format: .gguf) == nil)
        #expect(TensorMatcher.rowMajor([1 << 40, 1 << 40], format: .gguf) == nil)
    }

    @Test func expertSlices() {
        // 3 experts of [n_ff 4, n_embd 8]: GGUF ne [8, 4, 3].
        let map = TensorNameMap(architecture: .qwen2moe)
        let ref = (0..<3).map { Self.t("model.layers.1.mlp.experts.\($0).gate_proj.weight", [4, 8]) }
        let cand = [Self.t("blk.1.ffn_gate_exps.weight", [8, 4, 3], .q4_K)]
        let m = TensorMatcher.match(reference: ref, referenceFormat: .safetensors, candidate: cand,
                                    candidateFormat: .gguf, nameMap: map)
        #expect(m.pairs.count == 3)
        #expect(m.unmatchedCandidate.isEmpty)
        for (e, pair) in m.pairs.enumerated() {
            #expect(pair.transform == .expertSlice(index: e))
            #expect(pair.pairing?.candidateFirstRow == 4 * e)
            #expect(pair.pairing?.rowCount == 4)
            #expect(pair.pairing?.isContiguous == true)
        }
        let outOfRange = TensorMatcher.resolve(.expertSlice(index: 3), reference: [4, 8], candidate: [3, 4, 8])
        #expect(throws: TensorMatcher.Mismatch.self) { try outOfRange.get() }
        let wrongShape = TensorMatcher.resolve(.expertSlice(index: 0), reference: [4, 8], candidate: [3, 8, 4])
        #expect(throws: TensorMatcher.Mismatch.self) { try wrongShape.get() }
    }

    @Test func stackedGateUpSplitsPerExpert() throws {
        // HF [2 experts, 2·3 rows, 4]: gate takes rows 0–2 of each expert, up rows 3–5.
        let gate = try TensorMatcher.resolve(.stackedExpertHalf(0), reference: [2, 6, 4], candidate: [2, 3, 4]).get()
        let up = try TensorMatcher.resolve(.stackedExpertHalf(1), reference: [2, 6, 4], candidate: [2, 3, 4]).get()
        #expect((0..<6).map(gate.referenceRow(forComparedRow:)) == [0, 1, 2, 6, 7, 8])
        #expect((0..<6).map(up.referenceRow(forComparedRow:)) == [3, 4, 5, 9, 10, 11])
        #expect(!gate.isContiguous)
        let reference = (0..<48).map(Float.init)
        #expect(up.expectedCandidate(fromReference: reference).prefix(4) == [12, 13, 14, 15])
        #expect(throws: TensorMatcher.Mismatch.self) {
            try TensorMatcher.resolve(.stackedExpertHalf(0), reference: [2, 5, 4], candidate: [2, 3, 4]).get()
        }
    }

    @Test func gemma3EmbeddingKeepsLeadingRows() throws {
        let map = TensorNameMap(architecture: .gemma3)
        let m = TensorMatcher.match(reference: [Self.t("model.embed_tokens.weight", [10, 4]),
                                                Self.t("model.norm.weight", [4])],
                                    referenceFormat: .safetensors,
                                    candidate: [Self.t("token_embd.weight", [4, 7]), Self.t("output_norm.weight", [4])],
                                    candidateFormat: .gguf, nameMap: map)
        let embd = try #require(m.pairs.first?.pairing)
        #expect(embd.transform == .rowSlice(0..<7))
        #expect(embd.rowCount == 7 && embd.isContiguous)
        let norm = try #require(m.pairs.last?.pairing)
        #expect(norm.referenceOffset == 1)
        #expect(norm.expectedCandidate(fromReference: [0, 0.5, -1, 2]) == [1, 1.5, 0, 3])
        #expect(throws: TensorMatcher.Mismatch.self) {
            try TensorMatcher.resolve(.leadingRows, reference: [4, 4], candidate: [5, 4]).get()
        }
    }

    @Test func permutationNeedsWholeHeads() {
        #expect(throws: TensorMatcher.Mismatch.self) {
            try TensorMatcher.resolve(.llamaPermute(heads: 4), reference: [12, 8], candidate: [12, 8]).get()
        }
        let unresolved = TensorMatcher.resolve(.unresolved("head count unknown"), reference: [8, 8], candidate: [8, 8])
        #expect(throws: TensorMatcher.Mismatch.self) { try unresolved.get() }
    }

    // MARK: - Bands

    @Test func everyWeightTypeHasABand() {
        for type in ElementType.allKnown where ![.bool, .c64].contains(type) {
            let band = QuantErrorBands.band(for: type)
            #expect(band != nil, "\(type)")
            if let band {
                #expect(band.maxRelativeRMSE > 0 && band.maxRelativeRMSE <= 1)
                #expect(band.minCosine >= 0.5 && band.minCosine < 1)
            }
        }
        #expect(QuantErrorBands.band(for: .unknownGGML(99)) == nil)
        // Finer types never get a looser band than coarser ones of the same family.
        let order: [ElementType] = [.f32, .f16, .bf16, .q8_0, .q5_1, .q5_0, .q4_1, .q4_0, .mxfp4]
        let rel = order.map { QuantErrorBands.band(for: $0)!.maxRelativeRMSE }
        #expect(rel == rel.sorted())
    }

    @Test func combinedBands() {
        let q8q4 = QuantErrorBands.band(reference: .q8_0, candidate: .q4_0)!
        #expect(close(q8q4.maxRelativeRMSE, (0.025 * 0.025 + 0.33 * 0.33).squareRoot(), relative: 1e-12))
        #expect(q8q4.minCosine < QuantErrorBands.band(for: .q4_0)!.minCosine)
        #expect(q8q4.provenance == .calibrated)
        #expect(QuantErrorBands.band(reference: .bf16, candidate: .q4_K)?.provenance == .extrapolated)
        #expect(QuantErrorBands.band(reference: .f32, candidate: .f32)?.provenance == .exact)
    }

    @Test func verdictReasons() {
        var acc = ErrorAccumulator()
        acc.count = 10
        acc.sumReferenceSquared = 1
        acc.sumCandidateSquared = 1
        acc.sumSquaredError = 2
        acc.dot = 0
        acc.candidateNaN = 1
        let v = QuantErrorBands.verdict(ErrorFigures(acc), reference: .bf16, candidate: .q8_0)
        #expect(!v.ok)
        #expect(v.reasons.count == 3)
        #expect(v.reasons[0] == "candidate has 1 nan and 0 inf values")
        #expect(v.reasons[2].hasSuffix("swapped or mis-mapped tensor?"))
        let noBand = QuantErrorBands.verdict(ErrorFigures(ErrorAccumulator()), reference: .bool, candidate: .f32)
        #expect(!noBand.ok)
    }
}
