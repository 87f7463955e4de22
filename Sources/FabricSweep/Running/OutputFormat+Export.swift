import FabricExport
import FabricScenario

extension OutputFormat {
    /// The exporter's name for a format a scenario (or `--format`) asks for.
    public var exportFormat: ResultFiles.Format {
        switch self {
        case .json: .json
        case .csv: .csv
        case .trace: .trace
        case .html: .html
        }
    }
}
