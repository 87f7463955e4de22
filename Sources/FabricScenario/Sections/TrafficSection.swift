import FabricKernel
import FabricNetwork
import FabricTransport
import FabricWorkload

public enum TrafficKind: String, ScenarioChoice {
    case permutation
    case allToAll = "all-to-all"
    case incast
    case flows
}

/// `traffic:` — synthetic flows between hosts (NICs), numbered 0 to hosts − 1 in topology order.
enum TrafficSection {
    static let pattern = ScenarioKey<TrafficKind>(
        "pattern",
        meaning:
            "permutation: every host sends to one other, each receiving once; all-to-all; incast: senders to one receiver; flows: an explicit list."
    )
    static let bytes = ScenarioKey<ByteCount>(
        "bytes", default: ByteCount(1_000_000), range: ByteCount(1)...ByteCount(1_000_000_000_000),
        meaning: "Bytes of each flow (permutation, all-to-all, incast).")
    static let start = ScenarioKey<SimTime>(
        "start", default: .zero, range: RunLimits.moments, meaning: "When the flows start.")
    static let receiver = ScenarioKey<Int64>(
        "receiver", default: 0, range: 0...100_000, meaning: "Incast: the receiving host.")
    static let senders = ScenarioKey<Int64>(
        "senders", default: 16, range: 1...100_000,
        meaning: "Incast: how many senders, hosts receiver + 1, receiver + 2, … (wrapping).")
    static let flowList = "flows"
    static let source = ScenarioKey<Int64>("source", range: 0...100_000, meaning: "Sending host.")
    static let destination = ScenarioKey<Int64>("destination", range: 0...100_000, meaning: "Receiving host.")
    static let flowBytes = ScenarioKey<ByteCount>(
        "bytes", range: ByteCount(1)...ByteCount(1_000_000_000_000), meaning: "Bytes of the flow.")
    static let flowStart = ScenarioKey<SimTime>(
        "start", default: .zero, range: RunLimits.moments, meaning: "When the flow starts.")
    /// Flows a scenario may ask for, all patterns together: each costs some state for the whole run.
    static let maximumFlows = 2_000_000

    static let documentation = [
        SectionDocumentation(
            path: "traffic", summary: "Synthetic traffic between hosts.",
            keys: [
                pattern.documentation, bytes.documentation, start.documentation, receiver.documentation,
                senders.documentation,
                KeyDocumentation(
                    name: flowList, type: "list", defaultValue: "—", valid: "up to 2,000,000",
                    meaning: "pattern flows: the flows, each with the keys below."),
            ]),
        SectionDocumentation(
            path: "traffic.flows[i]", summary: "One explicit flow.",
            keys: [source.documentation, destination.documentation, flowBytes.documentation, flowStart.documentation]),
    ]

    static func read(_ reader: inout SectionReader, hosts: Int?) -> TrafficPattern? {
        guard let pattern = reader.read(Self.pattern) else { return nil }
        switch pattern {
        case .permutation, .allToAll:
            let bytes = reader.read(Self.bytes)
            let start = reader.read(Self.start)
            guard let bytes, let start else { return nil }
            if pattern == .allToAll, let hosts, hosts * (hosts - 1) > maximumFlows {
                reader.reject(
                    "pattern",
                    "all-to-all over \(hosts) hosts is \(hosts * (hosts - 1)) flows; at most \(maximumFlows) are allowed"
                )
                return nil
            }
            return pattern == .permutation
                ? .permutation(bytes: bytes.bytes, start: start) : .allToAll(bytes: bytes.bytes, start: start)
        case .incast:
            let bytes = reader.read(Self.bytes)
            let start = reader.read(Self.start)
            let receiver = reader.read(Self.receiver)
            let senders = reader.read(Self.senders)
            guard let bytes, let start, let receiver, let senders else { return nil }
            if let hosts {
                guard receiver < hosts else {
                    reader.reject("receiver", "found \(receiver); the topology has hosts 0 to \(hosts - 1)")
                    return nil
                }
                guard senders < hosts else {
                    reader.reject(
                        "senders", "found \(senders); at most \(hosts - 1) hosts can send to one receiver here")
                    return nil
                }
            }
            let count = hosts ?? Int(receiver + senders + 1)
            let list = (1...Int(senders)).map { (Int(receiver) + $0) % count }
            return .incast(receiver: Int(receiver), senders: list, bytes: bytes.bytes, start: start)
        case .flows:
            guard var items = reader.list(flowList) else {
                reader.reject(flowList, "is required for pattern flows; expected a list of flows")
                return nil
            }
            guard items.count <= maximumFlows else {
                reader.reject(flowList, "found \(items.count) flows; at most \(maximumFlows) are allowed")
                return nil
            }
            var requests: [FlowRequest] = []
            var valid = true
            for i in items.indices {
                let source = items[i].read(Self.source)
                let destination = items[i].read(Self.destination)
                let bytes = items[i].read(flowBytes)
                let start = items[i].read(flowStart)
                items[i].finish()
                guard let source, let destination, let bytes, let start else {
                    valid = false
                    continue
                }
                if let hosts, source >= hosts || destination >= hosts {
                    items[i].reject(
                        source >= hosts ? "source" : "destination", "the topology has hosts 0 to \(hosts - 1)")
                    valid = false
                } else if source == destination {
                    items[i].reject("destination", "found \(destination), the flow's own source; expected another host")
                    valid = false
                }
                requests.append(
                    FlowRequest(source: Int(source), destination: Int(destination), bytes: bytes.bytes, start: start))
            }
            reader.attach(list: flowList, items)
            return valid ? .flows(requests) : nil
        }
    }
}
