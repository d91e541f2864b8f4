// Colour as cargo does it: on a terminal by default, with --color=always anywhere; never with NO_COLOR (unless
// --color=always), TERM=dumb, in a pipe, or in JSON.
import Foundation
import Testing

@Suite(.needsWeightcheck)
struct ColorOutputTests {
    static let args = ["compare", "--no-progress", "testdata/compare/llama_ref", "testdata/compare/llama_swap2_q8_0.gguf"]
    static let escape = "\u{1B}["

    @Test func presentWithColorAlwaysAbsentInPipes() throws {
        #expect(try TerminalRunner.run(Self.args + ["--color=always"]).stdout.contains(Self.escape + "1;31mFAIL"))
        #expect(!(try TerminalRunner.run(Self.args).stdout.contains(Self.escape)))
        #expect(!(try TerminalRunner.run(Self.args + ["--color=never"]).stdout.contains(Self.escape)))
        #expect(try TerminalRunner.run(Self.args + ["--color=sometimes"]).status == 64)
    }

    @Test func neverInJSON() throws {
        let r = try TerminalRunner.run(Self.args + ["--json", "--color=always"])
        #expect(!r.stdout.contains(Self.escape))
        _ = try r.json()
    }

    @Test(.enabled(if: TerminalRunner.canOpenTerminal, "no pseudo-terminal can be opened here (/dev/ptmx)"))
    func onATerminalUnlessNoColorOrDumb() throws {
        let tty = try #require(try TerminalRunner.runOnTerminal(Self.args))
        #expect(tty.stdout.contains(Self.escape), "\(tty.stdout)")
        #expect(TerminalRunner.overlong(tty.stdout, columns: 80).isEmpty, "the terminal's own width is read")
        let noColor = try TerminalRunner.runOnTerminal(Self.args, environment: ["NO_COLOR": "1"])
        #expect(noColor.map { !$0.stdout.contains(Self.escape) } == true)
        let dumb = try TerminalRunner.runOnTerminal(Self.args, environment: ["TERM": "dumb"])
        #expect(dumb.map { !$0.stdout.contains(Self.escape) } == true)
    }
}
