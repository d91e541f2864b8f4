// The compare pipeline without the parsers, on the gguf-py fixtures: match the tables, pair rows, accumulate,
// and hold the figures to numpy's (1e-6 relative), the verdicts to the known-good and known-broken tensors.
import Foundation
import Testing
@testable import WeightCheck

@Suite struct CompareFixtureTests {
    static let map = TensorNameMap(architecture: .llama,
                                   hyperparameters: ModelHyperparameters(headCount: 4, headCountKV: 2))

    static func match(_ candidate: String) throws -> TensorMatch {
        let (ref, cand) = try CompareFixtures.tables(candidate)
        return TensorMatcher.match(reference: ref, referenceFormat: .safetensors, candidate: cand,
                                   candidateFormat: .gguf, nameMap: map)
    }

    @Test(arguments: CompareFixtures.candidates)
    func matchingFollowsTheConverter(candidate: String) throws {
        let m = try Self.match(candidate)
        let rows = try CompareFixtures.rows(candidate)
        #expect(m.pairs.count == rows.count)
        for (pair, row) in zip(m.pairs, rows) {
            #expect(pair.reference.name == row.reference)
            #expect(pair.candidate.name == row.candidate)
            #expect(pair.source == .nameMap)
            #expect(pair.problem == nil, "\(row.candidate): \(pair.problem ?? "")")
            let want: TensorNameMap.Transform = row.transform["kind"] as! String == "llama_permute"
                ? .llamaPermute(heads: row.transform["heads"] as! Int) : .none
            #expect(pair.transform == want)
        }
        #expect(m.unmatchedReference == ["model.layers.0.self_attn.rotary_emb.inv_freq"])
        #expect(m.unmatchedCandidate == ["rope_freqs.weight"])
    }

    /// Figures the way the scan will compute them: candidate rows decoded, the reference row each holds looked up
    /// through the pairing, accumulated row by row.
    static func figures(_ pair: TensorPair, reference: Data, candidate: Data) -> ErrorFigures {
        let p = pair.pairing!
        let ref = CompareFixtures.decode(reference, offset: pair.reference.byteRange.lowerBound,
                                         count: Int(pair.reference.elementCount), type: pair.reference.type)
        let cand = CompareFixtures.decode(candidate, offset: pair.candidate.byteRange.lowerBound,
                                          count: Int(pair.candidate.elementCount), type: pair.candidate.type)
        var acc = ErrorAccumulator()
        for i in 0..<p.rowCount {
            let r = p.referenceRow(forComparedRow: i) * p.rowLength
            let c = (p.candidateFirstRow + i) * p.rowLength
            var chunk = ErrorAccumulator()
            ref[r ..< r + p.rowLength].withUnsafeBufferPointer { rb in
                cand[c ..< c + p.rowLength].withUnsafeBufferPointer { cb in
                    chunk.add(reference: rb, candidate: cb, referenceOffset: p.referenceOffset)
                }
            }
            acc.merge(chunk)
        }
        return ErrorFigures(acc)
    }

    @Test(arguments: CompareFixtures.candidates)
    func figuresEqualNumpy(candidate: String) throws {
        let m = try Self.match(candidate)
        let reference = try CompareFixtures.data("llama_ref/model.safetensors")
        let file = try CompareFixtures.data("\(candidate).gguf")
        for (pair, row) in zip(m.pairs, try CompareFixtures.rows(candidate)) {
            let f = Self.figures(pair, reference: reference, candidate: file)
            let name = "\(candidate) \(row.candidate)"
            #expect(f.count == row.count, "\(name)")
            #expect(close(f.rmse, row.figure("rmse")!), "\(name) rmse \(f.rmse) vs \(row.figure("rmse")!)")
            #expect(close(f.maxAbs, row.figure("max_abs")!), "\(name) max_abs")
            #expect(close(f.cosine, row.figure("cosine")!), "\(name) cosine \(f.cosine) vs \(row.figure("cosine")!)")
            if let snr = row.figure("snr_db") {
                #expect(close(f.snrDB, snr), "\(name) snr \(f.snrDB) vs \(snr)")
            } else {
                #expect(f.snrDBForJSON == nil, "\(name) snr should be infinite")
            }
            #expect(close(f.relativeRMSE, row.figure("rel_rmse")!), "\(name) rel_rmse")
        }
    }

    @Test(arguments: CompareFixtures.candidates)
    func verdictsCatchSwappedAndMisPermutedTensors(candidate: String) throws {
        let m = try Self.match(candidate)
        let reference = try CompareFixtures.data("llama_ref/model.safetensors")
        let file = try CompareFixtures.data("\(candidate).gguf")
        for (pair, row) in zip(m.pairs, try CompareFixtures.rows(candidate)) {
            let f = Self.figures(pair, reference: reference, candidate: file)
            let v = QuantErrorBands.verdict(f, reference: pair.reference.type, candidate: pair.candidate.type)
            #expect(v.ok == row.expectOK, "\(candidate) \(row.candidate): \(v.reasons)")
            if !row.expectOK {
                #expect(v.reasons.contains { $0.hasPrefix("cosine") }, "\(v.reasons)")
            }
        }
    }

    /// Without undoing the permutation, a faithful Q8_0 Q/K fails: the transform is what makes it pass.
    @Test func permutationMustBeUndone() throws {
        let m = try Self.match("llama_q8_0")
        let reference = try CompareFixtures.data("llama_ref/model.safetensors")
        let file = try CompareFixtures.data("llama_q8_0.gguf")
        var checked = 0
        for pair in m.pairs {
            guard case .llamaPermute = pair.transform, let p = pair.pairing else { continue }
            let plain = TensorPair(reference: pair.reference, candidate: pair.candidate, source: pair.source,
                                   transform: .none,
                                   pairing: RowPairing(rowLength: p.rowLength, rowCount: p.rowCount,
                                                       candidateFirstRow: 0, referenceRows: p.referenceRows,
                                                       transform: .none),
                                   problem: nil)
            let f = Self.figures(plain, reference: reference, candidate: file)
            #expect(!QuantErrorBands.verdict(f, reference: .f32, candidate: .q8_0).ok)
            #expect(f.cosine < 0.5)
            checked += 1
        }
        #expect(checked == 4)
    }
}
