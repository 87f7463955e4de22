import FabricKernel
import FabricReferenceModels
import Foundation
func go() {
var sim = Simulator(model: PHOLD(config: PHOLDConfig(entities: 1024, population: 10_000, meanDelay: .microseconds(1)), seed: 1), scheduler: Scheduler())
sim.start()
let t0 = Date()
let r = sim.run(budget: 20_000_000)
let dt = Date().timeIntervalSince(t0)
print(r, sim.scheduler.eventsProcessed, dt, Double(sim.scheduler.eventsProcessed)/dt/1e6, "M ev/s", String(sim.model.checksum, radix: 16), sim.scheduler.now, sim.scheduler.peakPending)
}
go()
