import FabricKernel
import Testing

@testable import FabricTopology

/// Faults are data: names resolve to the right ports, mistakes are reported with the fault and a hint, and the
/// link state follows the faults in time order.
@Suite("Faults: names resolve to cables and switches; link state follows them")
struct FaultScheduleTests {
    private let topology: Topology

    init() throws {
        topology = try LeafSpineConfig(leaves: 4, spines: 2, serversPerLeaf: 2, server: .singleGPU, parallelLinks: 2)
            .build()
    }

    private func problem(_ faults: [FaultEvent]) -> TopologyBuilder.Problem? {
        do {
            _ = try FaultSchedule(faults, in: topology)
            return nil
        } catch {
            return error
        }
    }

    @Test("a cable resolves to its two directions, whichever end is named first")
    func cableBothWays() throws {
        let a = try FaultSchedule([.linkDown(CableReference("leaf0", "spine1"), at: .zero)], in: topology)
        let b = try FaultSchedule([.linkDown(CableReference("spine1", "leaf0"), at: .zero)], in: topology)
        let ports = a.changes[0].ports
        #expect(ports.count == 2)
        #expect(topology.port(ports[0]).peer == ports[1])
        let ends = Set(ports.map { topology.node(topology.port($0).node).name })
        #expect(ends == ["leaf0", "spine1"])
        #expect(b.changes[0].ports == ports)
    }

    @Test("a parallel index picks another cable between the same two switches")
    func parallelIndex() throws {
        let s = try FaultSchedule(
            [
                .linkDown(CableReference("leaf0", "spine1"), at: .zero),
                .linkDown(try CableReference.parse("leaf0-spine1/1"), at: .zero),
            ], in: topology)
        #expect(Set(s.changes[0].ports).isDisjoint(with: s.changes[1].ports))
    }

    @Test("cable text reads `a-b` and `a-b/i`, and prints back the same way")
    func parseCable() throws {
        #expect(try CableReference.parse("pod1.leaf0-pod1.spine2") == CableReference("pod1.leaf0", "pod1.spine2"))
        #expect(try CableReference.parse("leaf0-spine1/3") == CableReference("leaf0", "spine1", index: 3))
        #expect(CableReference("leaf0", "spine1", index: 3).description == "leaf0-spine1/3")
        #expect(throws: TopologyBuilder.Problem.self) { try CableReference.parse("leaf0") }
        #expect(throws: TopologyBuilder.Problem.self) { try CableReference.parse("leaf0-spine1/x") }
        #expect(throws: TopologyBuilder.Problem.self) { try CableReference.parse("a-b-c") }
    }

    @Test("an unknown name is reported with the fault, its index, and the range of names of that kind")
    func unknownName() throws {
        let p = try #require(
            problem([
                .linkDown(CableReference("leaf0", "spine0"), at: .zero),
                .linkDown(CableReference("leaf9", "spine0"), at: .zero),
            ]))
        #expect(p.field == "faults[1]")
        #expect(p.description.contains("no node is named 'leaf9'; such names run leaf0 … leaf3"))
        let other = try #require(problem([.switchDown("router7", at: .zero)]))
        #expect(other.description.contains("names look like server0.nic0, leaf0, spine0"))
    }

    @Test("two nodes without a cable between them, or too few parallel cables, are reported")
    func missingCable() throws {
        #expect(
            try #require(problem([.linkDown(CableReference("leaf0", "leaf1"), at: .zero)]))
                .description.contains("no cable joins leaf0 and leaf1"))
        #expect(
            try #require(problem([.linkDown(CableReference("leaf0", "spine1", index: 2), at: .zero)]))
                .description.contains("joined by 2 cables (index 0 to 1), so there is no cable 2"))
    }

    @Test("a switch fault takes down every cable of the switch, both directions")
    func switchDown() throws {
        let s = try FaultSchedule([.switchDown("spine0", at: .zero)], in: topology)
        let spine = try #require(topology.node(named: "spine0"))
        #expect(s.changes[0].ports.count == 2 * topology.node(spine).ports.count)
        #expect(s.changes[0].ports.count == 2 * 4 * 2)
    }

    @Test("a switch fault naming a host is refused, suggesting the host's cable instead")
    func switchFaultOnHost() throws {
        let p = try #require(problem([.switchDown("server3.nic0", at: .zero)]))
        #expect(p.description.contains("server3.nic0 is a host (a NIC), not a switch"))
        #expect(p.description.contains("server3.nic0-leaf1"))
    }

    @Test("a recovery must come after the failure, and a degraded rate must be lower than the cable's")
    func badTimesAndRates() throws {
        let cable = CableReference("leaf0", "spine0")
        #expect(
            try #require(problem([.linkDown(cable, at: .microseconds(2), upAt: .microseconds(2))]))
                .description.contains("not after it begins"))
        #expect(
            try #require(problem([.linkDegraded(cable, at: .zero, to: .gigabitsPerSecond(400))]))
                .description.contains("below the cable's 400Gbps"))
        #expect(problem([.linkDown(cable, at: SimTime(picoseconds: -1))]) != nil)
    }

    @Test("changes come in time order; equal times keep the order of the faults")
    func ordering() throws {
        let c0 = CableReference("leaf0", "spine0")
        let c1 = CableReference("leaf1", "spine0")
        let s = try FaultSchedule(
            [
                .linkDown(c0, at: .microseconds(3), upAt: .microseconds(9)),
                .linkDown(c1, at: .microseconds(1), upAt: .microseconds(3)),
            ], in: topology)
        #expect(s.changes.map(\.time) == [.microseconds(1), .microseconds(3), .microseconds(3), .microseconds(9)])
        #expect(s.changes.map(\.fault) == [1, 0, 1, 0])
        #expect(s.changes.map(\.kind) == [.down, .down, .up, .up])
    }

    @Test("a cable down for two overlapping reasons comes back only when both have ended")
    func overlappingFaults() throws {
        let cable = CableReference("leaf0", "spine0")
        let s = try FaultSchedule(
            [
                .linkDown(cable, at: .microseconds(1), upAt: .microseconds(5)),
                .switchDown("spine0", at: .microseconds(2), upAt: .microseconds(3)),
            ], in: topology)
        let port = s.changes.first { $0.fault == 0 }!.ports[0]
        let leaf1 = try #require(topology.node(named: "leaf1"))
        let spine0 = try #require(topology.node(named: "spine0"))
        let other = try #require(topology.cables(between: leaf1, and: spine0).first)
        let at = { (us: Int64) in LinkState(self.topology, schedule: s, at: .microseconds(us)) }
        #expect(at(0).isUp(port))
        #expect(!at(1).isUp(port) && at(1).isUp(other))
        #expect(!at(2).isUp(port) && !at(2).isUp(other))
        #expect(!at(4).isUp(port) && at(4).isUp(other))
        #expect(at(5).isUp(port) && at(5).downPorts.isEmpty)
    }

    @Test("a degraded cable runs at its lower rate both ways until restored to its own")
    func degradation() throws {
        let s = try FaultSchedule(
            [
                .linkDegraded(
                    CableReference("leaf2", "spine1"), at: .milliseconds(1),
                    to: .gigabitsPerSecond(100), restoredAt: .milliseconds(2))
            ], in: topology)
        let ports = s.changes[0].ports
        let during = LinkState(topology, schedule: s, at: .milliseconds(1))
        #expect(ports.allSatisfy { during.rate($0) == .gigabitsPerSecond(100) && during.isUp($0) })
        #expect(during.rates.filter { $0 == .gigabitsPerSecond(100) }.count == 2)
        let after = LinkState(topology, schedule: s, at: .milliseconds(2))
        #expect(after == LinkState(topology))
    }

    @Test("faults print as a reader would write them")
    func descriptions() {
        #expect(
            FaultEvent.linkDown(CableReference("leaf0", "spine1"), at: .milliseconds(1), upAt: .milliseconds(3))
                .description
                == "link leaf0-spine1 down at 1ms, up at 3ms")
        #expect(FaultEvent.switchDown("spine0", at: .microseconds(5)).description == "switch spine0 down at 5us")
        #expect(
            FaultEvent.linkDegraded(
                CableReference("leaf0", "spine1"), at: .zero, to: .gigabitsPerSecond(200),
                restoredAt: .milliseconds(1)
            ).description
                == "link leaf0-spine1 degraded to 200Gbps at 0s, restored at 1ms")
    }
}
