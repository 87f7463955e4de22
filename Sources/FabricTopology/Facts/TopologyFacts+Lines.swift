import FabricKernel

extension TopologyFacts {
    /// The facts as label–value rows for a terminal (`fabricsim info`), with units:
    ///
    /// ```
    /// topology                  leaf-spine
    /// hosts (NICs)              128
    /// GPUs                      128: 16 servers × 8
    /// NVLink per GPU            3.6Tbps (450GB/s) each way, 500ns
    /// switches                  12: 8 leaf, 4 spine
    /// cables                    160: 160 × 400Gbps
    /// ports per leaf            20
    /// ports per spine           8
    /// oversubscription at leaf  4:1
    /// capacity host → up        51.2Tbps over 128 cables
    /// capacity leaf → up        12.8Tbps over 32 cables
    /// bisection bandwidth       6.4Tbps
    /// diameter                  4 hops host to host
    /// shortest link delay       15ns
    /// ```
    public var lines: [(label: String, value: String)] {
        var rows: [(label: String, value: String)] = []
        rows.append(("topology", kind))
        rows.append(("hosts (NICs)", String(hosts)))
        if let gpusPerServer {
            rows.append(("GPUs", "\(gpus): \(servers) servers × \(gpusPerServer)"))
        } else {
            rows.append(("GPUs", "\(gpus) in \(servers) servers"))
        }
        // NVLink joins the GPUs of a server; with one GPU per server there is nothing to join.
        if let nvlinkBandwidth, let nvlinkLatency, gpusPerServer ?? 2 > 1 {
            rows.append(("NVLink per GPU", "\(Self.describe(nvlinkBandwidth)) each way, \(nvlinkLatency)"))
        }
        let roles = switches.map { "\($0.count) \($0.role)" }.joined(separator: ", ")
        rows.append(("switches", switches.isEmpty ? "0" : "\(switchCount): \(roles)"))
        let speeds = cablesBySpeed.map { "\($0.cables) × \($0.rate)" }.joined(separator: ", ")
        rows.append(("cables", cablesBySpeed.isEmpty ? "0" : "\(cables): \(speeds)"))
        for group in switches {
            let ports =
                group.minPorts == group.maxPorts ? "\(group.minPorts)" : "\(group.minPorts) to \(group.maxPorts)"
            rows.append(("ports per \(group.role)", ports))
        }
        for tier in oversubscription {
            var value =
                tier.best == tier.worst
                ? Self.ratio(tier.worst) : "\(Self.ratio(tier.best)) to \(Self.ratio(tier.worst))"
            if tier.worst <= 1 { value += " (non-blocking)" }
            rows.append(("oversubscription at \(tier.role)", value))
        }
        for tier in upwardCapacity {
            rows.append(("capacity \(tier.from) → up", "\(tier.capacity) over \(tier.cables) cables"))
        }
        rows.append(("bisection bandwidth", "\(bisectionBandwidth)"))
        if let diameter {
            rows.append(("diameter", "\(diameter) hops host to host"))
        } else {
            rows.append(("diameter", "unbounded: some hosts cannot reach each other"))
        }
        if let minLinkDelay { rows.append(("shortest link delay", "\(minLinkDelay)")) }
        return rows
    }

    /// `3:1`, `1.5:1`, `1.333:1`: down ÷ up to at most three decimals.
    static func ratio(_ value: Double) -> String {
        let rounded = (value * 1_000).rounded() / 1_000
        // Swift prints the shortest decimal that reads back as the same double, so at most three decimals here.
        let text = rounded == rounded.rounded() && rounded < 1e15 ? String(Int(rounded)) : String(rounded)
        return text + ":1"
    }

    /// A rate in bits and, when it is whole, in bytes: `3.6Tbps (450GB/s)`.
    static func describe(_ rate: Bandwidth) -> String {
        let bps = rate.bitsPerSecond
        guard bps % 8_000_000_000 == 0 else { return "\(rate)" }
        return "\(rate) (\(bps / 8_000_000_000)GB/s)"
    }
}
