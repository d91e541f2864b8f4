// Tests write finding codes as they appear in JSON (`"digest-mismatch"`); an unknown code traps, failing the test.
@testable import WeightCheck

extension FindingCode: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        guard let code = FindingCode(rawValue: value) else { fatalError("no finding code '\(value)'") }
        self = code
    }
}
