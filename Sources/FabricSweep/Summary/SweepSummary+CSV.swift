import FabricExport

/// `sweep.csv`: one row per point — the point, its folder, the value of each axis, the seeds run, whether every
/// run's checks passed, then for each headline figure its mean and the ends of its 95 % confidence interval
/// (`<figure>_mean`, `<figure>_ci95_low`, `<figure>_ci95_high`; empty where undefined).
extension SweepSummary {
    public var csv: String {
        let metrics = metrics
        var header = ["point", "directory"] + grid.axes.map(\.key) + ["seeds", "checks_passed"]
        for name in metrics { header += ["\(name)_mean", "\(name)_ci95_low", "\(name)_ci95_high"] }
        var table = [header]
        for row in rows {
            var cells = [String(row.point.index), row.point.directory] + row.point.values(of: grid.axes)
            cells += [String(row.seeds), row.checksPassed ? "true" : "false"]
            for figure in row.figures {
                cells += [figure.mean, figure.low, figure.high].map { $0.map(CSVTables.number) ?? "" }
            }
            table.append(cells)
        }
        return CSVTables.text(table)
    }
}
