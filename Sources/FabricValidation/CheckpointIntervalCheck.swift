import FabricStorage

/// Check 6: the checkpoint interval that maximises goodput in FabricStorage's goodput study (failures drawn as a
/// Poisson process, every life walked through) against Young's and Daly's closed forms, for a checkpoint that
/// stops training C = 30 s and the Llama 3 job's MTBF of 3.09 h (419 interruptions in 54 days on 16,384 GPUs).
///
/// The study searches intervals on a 5 s grid over 200,000 failures; the goodput curve is flat near its optimum
/// (a 10 % longer or shorter interval costs under 0.1 % goodput), so the tolerance is ±5 % on the interval.
public struct CheckpointIntervalCheck {
    public init() {}

    static let cost = 30.0
    static let mtbf = FailureModel.llama3MTBFHours * 3600

    public func table() -> ValidationTable {
        let study = GoodputStudy(failures: FailureModel(mtbf: Self.mtbf, restart: 600), lives: 200_000, seed: 1) { _ in
            Self.cost
        }
        let intervals = stride(from: 300.0, through: 1800, by: 5).map { $0 }
        let (estimates, found) = study.sweep(intervals)
        guard let best = found else { return ValidationTable(name: "checkpoint", rows: []) }
        let young = CheckpointIntervalFormula.young(cost: Self.cost, mtbf: Self.mtbf)
        let daly = CheckpointIntervalFormula.daly(cost: Self.cost, mtbf: Self.mtbf)
        let atDaly = estimates.min { abs($0.interval - daly) < abs($1.interval - daly) }!
        return ValidationTable(
            name: "checkpoint",
            rows: [
                .relative(
                    "goodput-optimal interval against Daly (2006)", simulated: best.interval, reference: daly,
                    tolerance: 0.05, unit: " s"),
                .relative(
                    "goodput-optimal interval against Young (1974)", simulated: best.interval, reference: young,
                    tolerance: 0.05, unit: " s"),
                .relative(
                    "goodput at the optimum against goodput at Daly's interval", simulated: best.goodput * 100,
                    reference: atDaly.goodput * 100, tolerance: 0.001, unit: " %", digits: 3),
            ],
            notes: [
                "GoodputStudy (Sources/FabricStorage/Goodput): C = 30 s stall per checkpoint, MTBF = 3.09 h, restart 10 min (it moves goodput, not the optimum), 200,000 failures, intervals 300–1,800 s by 5 s, seed 1."
            ])
    }
}
