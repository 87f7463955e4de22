// Runs FabricReferenceModels' PHOLD and prints the same fields as reference/phold.cpp, so that
// compare-phold.sh can check that both produced the same events and compare their rates.
//
// Usage: phold-swift [--queue kernel|heap] EVENTS SEED [ENTITIES POPULATION MEAN_DELAY_PS]
//   kernel (default): the FabricKernel simulator and its radix-heap event queue;
//   heap: the same model on a plain binary heap (HeapPHOLD), for a general-purpose baseline in Swift.
// Without the last three arguments: 1,024 entities, 10,000 pending events, mean delay 1 us (the shape of every
// PHOLD figure in docs/performance.md).

import FabricKernel
import FabricReferenceModels
import Foundation
import HeapPHOLD

struct Request {
    var queue = "kernel"
    var events: UInt64 = 0
    var seed: UInt64 = 0
    var config = PHOLDConfig(entities: 1024, population: 10_000, meanDelay: .microseconds(1))
}

struct Outcome {
    var implementation: String
    var events: UInt64
    var finalTime: SimTime
    var checksum: UInt64
    var wall: Duration
}

func fail(_ message: String) -> Never {
    let text =
        "phold-swift: \(message)\n"
        + "usage: phold-swift [--queue kernel|heap] EVENTS SEED [ENTITIES POPULATION MEAN_DELAY_PS]\n"
    FileHandle.standardError.write(Data(text.utf8))
    exit(2)
}

func parse(_ commandLine: [String]) -> Request {
    var arguments = commandLine
    var request = Request()
    if let flag = arguments.firstIndex(of: "--queue") {
        guard flag + 1 < arguments.count else { fail("--queue needs a value: kernel or heap") }
        request.queue = arguments[flag + 1]
        guard ["kernel", "heap"].contains(request.queue) else {
            fail("--queue must be kernel or heap, got '\(request.queue)'")
        }
        arguments.removeSubrange(flag...(flag + 1))
    }
    guard arguments.count == 2 || arguments.count == 5 else {
        fail(
            "expected EVENTS SEED, optionally followed by ENTITIES POPULATION MEAN_DELAY_PS; got \(arguments.count) arguments"
        )
    }
    func number(_ index: Int, _ name: String, atMost limit: UInt64 = .max) -> UInt64 {
        guard let value = UInt64(arguments[index]) else {
            fail("\(name) must be a whole number, got '\(arguments[index])'")
        }
        guard value <= limit else { fail("\(name) must be at most \(limit), got \(value)") }
        return value
    }
    request.events = number(0, "EVENTS")
    request.seed = number(1, "SEED")
    if arguments.count == 5 {
        let entities = number(2, "ENTITIES", atMost: UInt64(UInt32.max))
        guard entities >= 1 else { fail("ENTITIES must be at least 1") }
        let population = number(3, "POPULATION", atMost: 1 << 32)
        let mean = number(4, "MEAN_DELAY_PS", atMost: 1 << 40)
        request.config = PHOLDConfig(
            entities: Int(entities), population: Int(population), meanDelay: .picoseconds(Int64(mean)))
    }
    return request
}

func runKernel(_ request: Request) -> Outcome {
    var simulator = Simulator(model: PHOLD(config: request.config, seed: request.seed), scheduler: Scheduler())
    simulator.start()
    // Only the event loop is timed, as in the C++ reference.
    let clock = ContinuousClock()
    let start = clock.now
    _ = simulator.run(budget: request.events)
    let wall = clock.now - start
    return Outcome(
        implementation: "Swift FabricKernel (radix heap)", events: simulator.scheduler.eventsProcessed,
        finalTime: simulator.scheduler.now, checksum: simulator.model.checksum, wall: wall)
}

func runHeap(_ request: Request) -> Outcome {
    var model = HeapPHOLD(config: request.config, seed: request.seed)
    let clock = ContinuousClock()
    let start = clock.now
    model.run(budget: request.events)
    let wall = clock.now - start
    return Outcome(
        implementation: "Swift binary heap", events: model.eventsProcessed, finalTime: model.now,
        checksum: model.checksum, wall: wall)
}

let request = parse(Array(CommandLine.arguments.dropFirst()))
let outcome = request.queue == "heap" ? runHeap(request) : runKernel(request)
let seconds = Double(outcome.wall.components.seconds) + Double(outcome.wall.components.attoseconds) * 1e-18
print("implementation: \(outcome.implementation)")
print("events: \(outcome.events)")
print("final_time_ps: \(outcome.finalTime.rawValue)")
print("checksum: \(String(outcome.checksum, radix: 16))")
print("wall_s: \(String(format: "%.6f", seconds))")
print("events_per_s: \(seconds > 0 ? String(format: "%.0f", Double(outcome.events) / seconds) : "0")")
