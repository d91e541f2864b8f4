// RoPE in `inspect`, as llama.cpp and gguf-py name it: the RoPE type llama.cpp gives each architecture (held to
// llama_model_rope_type() of the real loader on the healthy loadability fixtures) and `{arch}.rope.scaling.type`
// decoded as gguf-py's RopeScalingType.
import Foundation
import Testing
@testable import WeightCheck

@Suite struct RopeTypeTests {
    /// `NAME TYPE` lines printed by testdata/loadability/llama_rope_type.c, linked against llama.cpp.
    static let oracle: [(file: String, type: String)] = {
        let text = String(decoding: [UInt8].contents(of: TestData.path("loadability/expected_rope_types.txt")), as: UTF8.self)
        return text.split(separator: "\n").map { line in
            let parts = line.split(separator: " ")
            return (String(parts[0]), String(parts[1]))
        }
    }()

    @Test func tableAgreesWithLlamaCppsLoader() throws {
        #expect(Self.oracle.count == 14)
        for (file, type) in Self.oracle {
            guard case .gguf(let g) = try WeightFile(path: TestData.path("loadability/" + file)),
                  let h = LlamaCppContract.hyperparameters(g) else {
                Issue.record("\(file): not a GGUF llama.cpp reads")
                continue
            }
            #expect(LlamaCppContract.ropeType(architecture: h.architecture) == type, "\(file) (\(h.architecture))")
        }
        #expect(LlamaCppContract.ropeType(architecture: "qwen2vl") == "MROPE")
        #expect(LlamaCppContract.ropeType(architecture: "no-such-architecture") == nil)
    }

    /// Every architecture llama.cpp knows has a RoPE type (the generator read the whole switch).
    @Test func everyKnownArchitectureHasOne() {
        let missing = LlamaCppContract.knownArchitectures.filter { LlamaCppContract.ropeType(architecture: $0) == nil }
        #expect(missing.isEmpty, "\(missing.sorted())")
    }
}

@Suite(.needsWeightcheck)
struct InspectRopeTests {
    /// A llama GGUF with `llama.rope.scaling.type` set to `scaling` and one F32 tensor.
    static func file(_ dir: TemporaryDirectory, scaling: String) -> String {
        var g = GGUFBuilder()
        g.header(tensors: 1, kvs: 2)
        g.kvString("general.architecture", "llama")
        g.kvString("llama.rope.scaling.type", scaling)
        g.tensorInfo("output_norm.weight", dims: [4], type: 0, offset: 0)
        g.pad()
        for _ in 0..<4 { g.u32(Float(1).bitPattern) }
        return dir.write("rope-\(scaling).gguf", g.bytes)
    }

    @Test func scalingTypeIsNamed() throws {
        let dir = TemporaryDirectory()
        let yarn = try TerminalRunner.run(["inspect", Self.file(dir, scaling: "yarn")])
        #expect(yarn.stdout.contains("\"yarn\" (YARN)"), "\(yarn.stdout)")
        let odd = try TerminalRunner.run(["inspect", Self.file(dir, scaling: "dynamic")])
        #expect(odd.stdout.contains("\"dynamic\" (unknown)"), "\(odd.stdout)")
    }

    @Test func ropeTypeIsShownWithTheHyperparameters() throws {
        let text = try TerminalRunner.run(["inspect", "testdata/loadability/qwen2.gguf"])
        #expect(text.stdout.contains("RoPE                NEOX, base"), "\(text.stdout)")
        let doc = try TerminalRunner.run(["inspect", "--json", "testdata/loadability/llama.gguf"]).json() as? [String: Any]
        let file = (doc?["files"] as? [[String: Any]])?.first
        let rope = (file?["model"] as? [String: Any])?["rope"] as? [String: Any]
        #expect(rope?["type"] as? String == "NORM", "\(String(describing: file?.keys.sorted()))")
    }
}
