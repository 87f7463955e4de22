/// The rows of one check and the Markdown table they are printed as between a section's markers.
public struct ValidationTable: Sendable {
    /// The section name in docs/validation.md.
    public var name: String
    public var rows: [ValidationRow]
    /// Lines printed under the table (how it was run, the wall time is left out so the page is reproducible).
    public var notes: [String]

    public init(name: String, rows: [ValidationRow], notes: [String] = []) {
        self.name = name
        self.rows = rows
        self.notes = notes
    }

    public var failures: [ValidationRow] { rows.filter { $0.verdict.isFailure } }

    public var markdown: String {
        var text = "| case | simulated | reference | difference | tolerance | result |\n|---|---:|---:|---:|---|---|\n"
        for row in rows {
            let cells = [row.label, row.simulated, row.reference, row.difference, row.tolerance, row.verdict.text]
            text += "| " + cells.map { $0.replacingPipes }.joined(separator: " | ") + " |\n"
        }
        for note in notes { text += "\n" + note + "\n" }
        return text
    }
}

extension String {
    var replacingPipes: String { split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|") }
}
