import FabricKernel
import FabricTopology

/// `faults:` — links and switches that fail, recover or degrade during the run.
enum FaultsSection {
    static let link = ScenarioKey<String>(
        "link", defaultText: "—",
        meaning:
            "A cable, as its two node names: leaf0-spine1 (and /1 for the second parallel cable), or as reports name a link: leaf0→spine1/1."
    )
    static let switchName = ScenarioKey<String>(
        "switch", defaultText: "—", meaning: "A switch by name: every cable of it fails.")
    static let at = ScenarioKey<SimTime>(
        "at", range: RunLimits.moments,
        meaning:
            "When the fault begins: in a training job on the job's clock; in a collective's sizes, from each size's start."
    )
    static let until = ScenarioKey<SimTime>(
        "until", defaultText: "the end of the run", range: RunLimits.moments,
        meaning: "When it ends: the link or switch comes back, or the rate is restored.")
    static let degradeTo = ScenarioKey<Bandwidth>(
        "degrade_to", defaultText: "— (the link fails)", range: TopologySection.rates,
        meaning: "A link only: instead of failing, it runs at this lower rate.")

    static let documentation = SectionDocumentation(
        path: "faults[i]",
        summary: "A list; each item names a link or a switch, when it fails, and optionally when it recovers.",
        keys: [
            link.documentation, switchName.documentation, at.documentation, until.documentation,
            degradeTo.documentation,
        ])

    static func read(_ items: inout [SectionReader]) -> [FaultEvent]? {
        var faults: [FaultEvent] = []
        var valid = true
        for i in items.indices {
            let link = items[i].readOptional(Self.link)
            let switchName = items[i].readOptional(Self.switchName)
            let at = items[i].read(Self.at)
            let until = items[i].readOptional(Self.until)
            let degrade = items[i].readOptional(Self.degradeTo)
            items[i].finish()
            guard let at, link != .some(nil), switchName != .some(nil), until != .some(nil), degrade != .some(nil)
            else {
                valid = false
                continue
            }
            let end = until.flatMap { $0 }
            switch (link.flatMap { $0 }, switchName.flatMap { $0 }) {
            case (let cable?, nil):
                guard let reference = try? CableReference.parse(cable) else {
                    items[i].reject(
                        "link",
                        "found \(MessageQuote.quoted(cable)); expected two node names joined by '-', e.g. leaf0-spine1, or a link's name, e.g. leaf0→spine1/1"
                    )
                    valid = false
                    continue
                }
                if let rate = degrade.flatMap({ $0 }) {
                    faults.append(.linkDegraded(reference, at: at, to: rate, restoredAt: end))
                } else {
                    faults.append(.linkDown(reference, at: at, upAt: end))
                }
            case (nil, let name?):
                if degrade.flatMap({ $0 }) != nil {
                    items[i].reject("degrade_to", "applies to a link; a switch can only fail")
                    valid = false
                }
                faults.append(.switchDown(name, at: at, upAt: end))
            default:
                items[i].reject("link", "a fault names exactly one of link and switch")
                valid = false
            }
        }
        return valid ? faults : nil
    }
}
