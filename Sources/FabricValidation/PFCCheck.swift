import FabricMetrics

/// Check 5: what priority flow control promises (IEEE 802.1Qbb): an incast loses nothing with it and loses
/// packets without it; and its known cost, congestion spreading — pauses travel upstream hop by hop and stop
/// flows that share no bottleneck with the incast (Zhu et al. 2015 §2; Guo et al., "RDMA over Commodity Ethernet
/// at Scale", SIGCOMM 2016 §4). The setup is the bundled scenarios/incast-congestion-spreading.yaml.
public struct PFCCheck {
    public var probe: ScenarioProbe

    public init(probe: ScenarioProbe) { self.probe = probe }

    static let file = "scenarios/incast-congestion-spreading.yaml"

    public func table() throws(ScenarioProbe.Failure) -> ValidationTable {
        let lossless = try probe.run(file: Self.file)
        let lossy = try probe.run(file: Self.file, overrides: ["network.flow_control=none"])
        let pfcAlone = try probe.run(file: Self.file, overrides: ["network.dcqcn=off"])
        let drops = { (r: RunResult) in Int(r.number("packets_dropped") ?? -1) }
        let pauses = { (r: RunResult) in Int(r.number("pause_frames") ?? -1) }
        let slowdown = { (r: RunResult, flow: Int) in r.table("traffic_flows")[safe: flow]?.number("slowdown") ?? .nan }
        // Where pauses were sent: the hop-by-hop path of the pause, leaf3 (the receiver's) back to leaf0.
        let pausing = pfcAlone.table("ports").filter { ($0.number("pause_frames_sent") ?? 0) > 0 }
            .compactMap { $0.text("from") }
        let pausingSwitches = Array(Set(pausing.filter { !$0.hasPrefix("server") })).sorted()
        let victim = slowdown(pfcAlone, 0)
        let control = slowdown(pfcAlone, 2)
        let victimLossy = slowdown(lossy, 0)
        return ValidationTable(
            name: "pfc",
            rows: [
                .holds(
                    "incast with PFC: packets dropped", simulated: Format.count(drops(lossless)), reference: "0",
                    drops(lossless) == 0),
                .holds(
                    "incast with PFC: pause frames", simulated: Format.count(pauses(lossless)), reference: "> 0",
                    pauses(lossless) > 0),
                .holds(
                    "incast without flow control: packets dropped", simulated: Format.count(drops(lossy)),
                    reference: "> 0", drops(lossy) > 0),
                .holds(
                    "PFC alone: switches that sent pauses", simulated: pausingSwitches.joined(separator: ", "),
                    reference: "leaf3 and the spines (and on to leaf0)",
                    pausingSwitches.contains("leaf3") && pausingSwitches.contains { $0.hasPrefix("spine") }),
                .holds(
                    "PFC alone: victim flow 0 (shares no bottleneck) slowdown",
                    simulated: Format.number(victim, digits: 2),
                    reference: "> 1.5 (paused)", victim > 1.5),
                .holds(
                    "PFC alone: control flow 2 (away from the storm) slowdown",
                    simulated: Format.number(control, digits: 2),
                    reference: "< 1.2", control < 1.2),
                .holds(
                    "without flow control: victim flow 0 slowdown", simulated: Format.number(victimLossy, digits: 2),
                    reference: "below its PFC slowdown", victimLossy < victim),
            ],
            notes: [
                "`fabricsim run \(Self.file)` as bundled (PFC + DCQCN), with `--set network.flow_control=none` (lossy) and with `--set network.dcqcn=off` (PFC alone). Slowdown: the flow's completion time over the same flow alone on the idle fabric."
            ])
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
