import FabricSweep
import Foundation
import Testing

/// The NUMA wrapper on the machine the tests run on, and its fallback where NUMA is not available.
@Suite("Sweep NUMA placement")
struct SweepNumaTests {
    /// Runs `body` on a fresh thread (placement changes the calling thread, which must not be the test runner's).
    func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        let result = ResultBox<T>()
        let thread = Thread {
            result.value = body()
            result.done.signal()
        }
        thread.start()
        result.done.wait()
        return result.value!
    }

    final class ResultBox<T>: @unchecked Sendable {
        var value: T?
        let done = DispatchSemaphore(value: 0)
    }

    @Test("reports the machine's nodes: each with CPUs, no CPU on two nodes, every usable CPU somewhere")
    func nodes() {
        let machine = NumaMachine.detect()
        #expect(!machine.nodes.isEmpty)
        let cpus = machine.nodes.flatMap(\.cpus)
        #expect(Set(cpus).count == cpus.count)
        #expect(machine.nodes.allSatisfy { !$0.cpus.isEmpty })
        #expect(cpus.count >= ProcessInfo.processInfo.activeProcessorCount)
        if machine.isAvailable {
            #expect(machine.notice == nil)
            for node in machine.nodes { for cpu in node.cpus { #expect(machine.node(ofCPU: cpu) == node.id) } }
        }
        // Workers are dealt round robin.
        for w in 0..<5 { #expect(machine.node(forWorker: w) == machine.nodes[w % machine.nodes.count]) }
    }

    @Test("a placed thread runs on its node's CPUs (getcpu) and prefers its node's memory (numa_preferred)")
    func placement() throws {
        let machine = NumaMachine.detect()
        try #require(machine.isAvailable, "libnuma reports no NUMA support here; the fallback test covers this machine")
        for node in machine.nodes {
            let (placed, cpus, preferred) = onThread { () -> (Bool, [Int?], Int?) in
                let placed = machine.placeCurrentThread(on: node)
                // Several readings: the scheduler may move the thread, but only among the node's CPUs.
                var cpus: [Int?] = []
                for _ in 0..<20 {
                    cpus.append(NumaMachine.currentCPU())
                    for _ in 0..<10_000 { _ = UUID() }
                }
                return (placed, cpus, machine.preferredNode())
            }
            #expect(placed)
            #expect(preferred == node.id)
            for cpu in cpus {
                let cpu = try #require(cpu)
                #expect(node.cpus.contains(cpu), "CPU \(cpu) is not on node \(node.id): \(node.cpus)")
                #expect(machine.node(ofCPU: cpu) == node.id)
            }
        }
    }

    @Test("without NUMA support: one node with every CPU, placement does nothing, and a notice says so")
    func fallback() {
        let machine = NumaMachine.detect(forceUnavailable: true)
        #expect(!machine.isAvailable)
        #expect(machine == .unavailable)
        #expect(machine.nodes.count == 1)
        #expect(machine.nodes[0].cpus.count == ProcessInfo.processInfo.activeProcessorCount)
        #expect(machine.notice?.contains("unpinned") == true)
        let (placed, preferred) = onThread {
            (machine.placeCurrentThread(on: machine.nodes[0]), machine.preferredNode())
        }
        #expect(!placed)
        #expect(preferred == nil)
        #expect(machine.node(ofCPU: 0) == nil)
        #expect(NumaMachine.currentCPU() != nil)
    }
}
