import FabricStorage
import Testing

/// The goodput study against what is known in closed form.
@Suite struct GoodputTests {
    @Test func withoutFailuresGoodputIsTrainingOverTrainingPlusCheckpoints() {
        // An MTBF of ten years against one-minute periods: failures cost almost nothing.
        let study = GoodputStudy(failures: FailureModel(mtbf: 3.15e8, restart: 0), lives: 100, seed: 1) { _ in 6 }
        let estimate = study.sweep([54]).best!
        #expect(abs(estimate.goodput - 54.0 / 60) < 1e-5)
    }

    @Test func lostWorkPerFailureIsAboutHalfAPeriodWhenFailuresAreRare() {
        // MTBF ≫ period: a failure lands uniformly in a period and loses the training since its start.
        let study = GoodputStudy(failures: FailureModel(mtbf: 1e6, restart: 600), lives: 20_000, seed: 3) { _ in 0 }
        let estimate = study.sweep([100]).best!
        #expect(abs(estimate.lostPerFailure - 50) < 1)
        // Restarts cost 600 s of every 1e6 + 600.
        #expect(abs(estimate.restartFraction - 600 / (1e6 + 600)) < 1e-6)
    }

    @Test func theBestIntervalForLlama3FailureRateIsYoungsWithinTheSweepResolution() {
        // C = 30 s, MTBF = 3.09 h (Llama 3: 419 interruptions in 54 days): Young's √(2·C·M) ≈ 13.6 min.
        let mtbf = FailureModel.llama3MTBFHours * 3600
        let young = CheckpointIntervalFormula.young(cost: 30, mtbf: mtbf)
        #expect(abs(young / 60 - 13.6) < 0.05)
        let study = GoodputStudy(failures: FailureModel(mtbf: mtbf, restart: 600), lives: 20_000, seed: 7) { _ in 30 }
        let minutes = (5...30).map { Double($0) * 60 }
        let best = study.sweep(minutes).best!
        #expect(abs(best.interval - young) <= 60, "best \(best.interval / 60) min, Young \(young / 60) min")
        let daly = CheckpointIntervalFormula.daly(cost: 30, mtbf: mtbf)
        #expect(abs(best.interval - daly) <= 60)
        // Young's and Daly's intervals differ by less than a minute here.
        #expect(daly < young && young - daly < 60)
    }

    @Test func theSameSeedGivesTheSameStudy() {
        let a = GoodputStudy(failures: FailureModel(mtbf: 5000, restart: 60), lives: 1000, seed: 9) { _ in 10 }.sweep([
            100, 200, 300,
        ])
        let b = GoodputStudy(failures: FailureModel(mtbf: 5000, restart: 60), lives: 1000, seed: 9) { _ in 10 }.sweep([
            100, 200, 300,
        ])
        #expect(a.estimates == b.estimates)
    }
}
