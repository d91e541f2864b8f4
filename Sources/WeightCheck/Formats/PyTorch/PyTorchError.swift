// PyTorchError: why a PyTorch checkpoint (its zip container or its pickle) could not be read — always with
// the file and the byte offset where reading stopped.

/// A PyTorch checkpoint that could not be read.
public struct PyTorchError: Error, Sendable, CustomStringConvertible {
    /// The file.
    public let file: String
    /// Byte offset in the file where the problem lies.
    public let offset: Int
    /// Stable kebab-case code for scripts.
    public let code: String
    /// One lowercase line.
    public let message: String

    public init(file: String, offset: Int, code: String = "pytorch-structure", _ message: String) {
        self.file = file
        self.offset = offset
        self.code = code
        self.message = message
    }

    public var description: String { "\(file): \(message)" }

    /// This error as a finding.
    public var finding: Finding { Finding(.error, code, file: file, offset: offset, message) }
}
