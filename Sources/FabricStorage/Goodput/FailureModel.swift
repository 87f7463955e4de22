import FabricKernel

/// How often the job is interrupted and what an interruption costs. Interruptions arrive as a Poisson process
/// (exponential times between them): the job's mean time between failures is given directly, or as a rate per
/// GPU scaled by the number of GPUs (a synchronous job stops when any one of them fails).
public struct FailureModel: Sendable, Equatable {
    /// The job's mean time between failures, in seconds.
    public var mtbf: Double
    /// Time from a failure until training runs again (detection, rescheduling, loading the checkpoint), seconds.
    public var restart: Double

    public init(mtbf: Double, restart: Double) {
        self.mtbf = mtbf
        self.restart = restart
    }

    /// `perGPUHour`: failures per GPU-hour; the job of `gpus` fails `gpus` times as often as one GPU.
    public init(perGPUHour rate: Double, gpus: Int, restart: Double) {
        self.init(mtbf: 3600 / (rate * Double(gpus)), restart: restart)
    }

    /// The published figure the defaults follow: Meta's Llama 3 405B pre-training on 16,384 H100 GPUs saw 419
    /// unexpected interruptions in 54 days (Llama Team, "The Llama 3 Herd of Models", 2024, §3.3.4): one every
    /// 54 × 24 ÷ 419 = 3.09 hours.
    public static let llama3MTBFHours = 54.0 * 24 / 419
    public static let llama3GPUs = 16_384
}

/// The checkpoint interval formulas the simulated optimum is compared with. `cost` is the time one checkpoint
/// stops training, `mtbf` the mean time between failures, both in seconds; the result is the compute time
/// between checkpoints.
public enum CheckpointIntervalFormula {
    /// Young (1974), "A first order approximation to the optimum checkpoint interval", CACM 17(9): √(2·C·M).
    public static func young(cost: Double, mtbf: Double) -> Double { (2 * cost * mtbf).squareRoot() }

    /// Daly (2006), "A higher order estimate of the optimum checkpoint interval for restart dumps", FGCS 22(3):
    /// √(2CM)·[1 + ⅓·√(C/2M) + ⅑·(C/2M)] − C when C < 2M, else M.
    public static func daly(cost: Double, mtbf: Double) -> Double {
        guard cost < 2 * mtbf else { return mtbf }
        let ratio = cost / (2 * mtbf)
        return (2 * cost * mtbf).squareRoot() * (1 + ratio.squareRoot() / 3 + ratio / 9) - cost
    }
}
