/// A sweep's command-line input that cannot be used: the option as given and what was expected instead.
public struct SweepInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The option as typed, `--vary topology.spines=2,,4`.
    public var option: String
    public var message: String

    public init(option: String, _ message: String) {
        self.option = option
        self.message = message
    }

    public var description: String { "error: \(option): \(message)" }
}
