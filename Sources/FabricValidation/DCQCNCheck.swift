import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport
import FabricWorkload

/// Check 3: DCQCN's two-flow experiment (Zhu et al., "Congestion Control for Large-Scale RDMA Deployments",
/// SIGCOMM 2015, §5–6): two long flows into one receiver through one switch at 40 Gb/s with the paper's marking
/// thresholds (Kmin 5 KB, Kmax 200 KB, Pmax 1 %) and its rate-control parameters (`DCQCNConfig.paper`). The
/// paper's claims checked here: the flows converge to equal shares, the link stays full, the bottleneck queue
/// settles between Kmin and Kmax (it is the marking curve that holds it there), and PFC is not needed.
///
/// The second flow starts 5 ms after the first (the first has taken the whole link by then); the figures are
/// taken over [15 ms, 30 ms], the queue sampled every microsecond. PFC's threshold is raised to 1 MB so that only
/// DCQCN can be what holds the queue.
public struct DCQCNCheck {
    public init() {}

    static let rate = Bandwidth.gigabitsPerSecond(40)
    static let secondStart = SimTime.milliseconds(5)
    static let window = (start: SimTime.milliseconds(15), end: SimTime.milliseconds(30))

    public func table() throws -> ValidationTable {
        var builder = TopologyBuilder(kind: "custom")
        let hosts = (0..<3).map { builder.addNode(.host, name: "h\($0)") }
        let sw = builder.addNode(.leaf, name: "s0")
        for h in hosts { builder.connect(h, sw, rate: Self.rate, delay: .nanoseconds(500)) }
        let topology = try builder.build()
        var config = NetworkConfig.roce
        config.ecn = .dcqcnPaper
        config.congestionControl = .dcqcn(.paper)
        config.pfc.xoff = .fixed(ByteCount(1_000_000))
        let requests = [
            FlowRequest(source: 1, destination: 0, bytes: 1_000_000_000, start: .zero),
            FlowRequest(source: 2, destination: 0, bytes: 1_000_000_000, start: Self.secondStart),
        ]
        let bottleneck = topology.ports.indices.first {
            topology.ports[$0].node == sw && topology.neighbour(through: PortID($0)) == topology.hosts[0]
        }!
        var simulator = Simulator(
            model: TrafficRun(network: PacketNetwork(topology: topology, config: config, seed: 1), requests: requests))
        simulator.start()
        _ = simulator.run(until: Self.window.start)
        let before = requests.indices.map { Double(simulator.model.network.deliveredBytes(of: $0)) }
        var queueSum = 0.0
        var samples = 0.0
        var inside = 0.0
        var time = Self.window.start
        while time < Self.window.end {
            time = time + .microseconds(1)
            _ = simulator.run(until: time)
            let queue = Double(simulator.model.network.ports[bottleneck].queuedBytes)
            queueSum += queue
            samples += 1
            if queue <= 200_000 { inside += 1 }
        }
        let network = simulator.model.network
        let delivered = zip(requests.indices.map { Double(network.deliveredBytes(of: $0)) }, before).map { $0 - $1 }
        let seconds = (Self.window.end - Self.window.start).seconds
        let share = delivered[0] / (delivered[0] + delivered[1])
        let goodput = (delivered[0] + delivered[1]) * 8 / seconds
        let payloadRate = Double(Self.rate.bitsPerSecond) * Double(config.mtu) / Double(config.mtu + config.headerBytes)
        let meanQueue = queueSum / samples / 1000
        return ValidationTable(
            name: "dcqcn",
            rows: [
                .relative(
                    "first flow's share of the bottleneck", simulated: share * 100, reference: 50, tolerance: 0.05,
                    unit: " %"),
                .relative(
                    "both flows' goodput (payload)", simulated: goodput / 1e9, reference: payloadRate / 1e9,
                    tolerance: 0.10,
                    unit: " Gb/s", digits: 2),
                .within("time-averaged bottleneck queue", simulated: meanQueue, low: 5, high: 200, unit: " KB"),
                .within(
                    "share of samples with the queue at or below Kmax", simulated: inside / samples * 100, low: 95,
                    high: 100, unit: " %"),
                .holds(
                    "PFC pause frames", simulated: Format.count(network.counters.pauseFrames), reference: "0",
                    network.counters.pauseFrames == 0),
                .holds(
                    "CNPs sent (DCQCN active)", simulated: Format.count(network.counters.cnpsSent), reference: "> 0",
                    network.counters.cnpsSent > 0),
            ],
            notes: [
                "Two 1 GB flows into one receiver through one switch at 40 Gb/s, the second starting at 5 ms; figures over 15–30 ms, the queue sampled every µs. ECN: Kmin 5 KB, Kmax 200 KB, Pmax 1 %; PFC XOFF raised to 1 MB. Peak queue in the window's run: \(Format.number(Double(network.ports[bottleneck].peakQueuedBytes) / 1000, digits: 1)) KB (whole run, including the second flow's arrival)."
            ])
    }
}
