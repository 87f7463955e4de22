import FabricCollectives
import FabricFlow
import FabricKernel
import FabricNetwork
import FabricStorage
import FabricTransport
import FabricWorkload
import Testing

/// The event-kind table (docs/design/0014-event-kinds.md): an episode routes each event by its kind alone, so two
/// owners sharing a simulator must never share a number, and every typed view must stay inside its owner's block.
@Suite("Transport: the event-kind table")
struct EventKindTableTests {
    /// One typed view, erased to what the checks read.
    struct View: Sendable {
        let name: String
        let owner: EventKindOwner
        /// Each case's kind, and whether `init?(_:)` gives that case back.
        let kinds: [(kind: UInt32, roundTrips: Bool)]
        /// Whether `init?(_:)` refuses `kind`.
        let refuses: @Sendable (UInt32) -> Bool

        init<V: OwnedEventKind>(_ view: V.Type) {
            name = "\(view)"
            owner = V.owner
            kinds = V.allCases.map { ($0.kind.rawValue, V($0.kind)?.rawValue == $0.rawValue) }
            refuses = { V(EventKind(rawValue: $0)) == nil }
        }
    }

    /// Every typed view of the code base.
    static let views = [
        View(PacketNetwork.NetworkEvent.self), View(FlowNetwork.FlowEvent.self), View(ScheduleExecutor.Kind.self),
        View(StorageTraffic.Kind.self), View(BackgroundTraffic.Kind.self), View(RunEvent.self),
    ]

    @Test("the blocks of owners that share a simulator are disjoint")
    func blocksOfALayerAreDisjoint() {
        let owners = EventKindOwner.allCases
        for (i, a) in owners.enumerated() {
            #expect(!a.kinds.isEmpty, "\(a) has an empty block")
            for b in owners[(i + 1)...] where a.layer == b.layer {
                #expect(!a.kinds.overlaps(b.kinds), "\(a) \(a.kinds) and \(b) \(b.kinds) share kinds")
            }
        }
    }

    @Test("every case of a typed view lies in its owner's block, and converts back to itself")
    func casesLieInTheirBlocks() {
        for view in Self.views {
            #expect(!view.kinds.isEmpty, "\(view.name) has no cases")
            for (kind, roundTrips) in view.kinds {
                #expect(view.owner.kinds.contains(kind), "\(view.name): kind \(kind) outside \(view.owner.kinds)")
                #expect(roundTrips, "\(view.name): kind \(kind) does not convert back to its case")
            }
            #expect(Set(view.kinds.map(\.kind)).count == view.kinds.count, "\(view.name): two cases share a kind")
        }
    }

    @Test("a typed view refuses every kind outside its owner's block")
    func viewsRefuseOtherOwnersKinds() {
        for view in Self.views {
            let block = view.owner.kinds
            for kind in [0, block.lowerBound &- 1, block.upperBound, block.upperBound + 1, .max]
            where !block.contains(kind) {
                #expect(view.refuses(kind), "\(view.name) takes kind \(kind), outside \(block)")
            }
        }
    }

    @Test("both networks' kinds lie below every other kind of an episode")
    func networkKindsComeFirst() {
        let firstForeign = EventKindOwner.allCases.filter { $0.layer == .episode && $0 != .network }
            .map(\.kinds.lowerBound).min()!
        #expect(firstForeign == EventKindOwner.network.kinds.upperBound)
        for view in Self.views where view.owner == .network {
            #expect(view.kinds.allSatisfy { $0.kind < firstForeign }, "\(view.name) reaches \(firstForeign)")
        }
    }

    @Test("every owner has a typed view, and no block holds the kind that asks for no notification")
    func everyOwnerHasAView() {
        #expect(Set(Self.views.map(\.owner)) == Set(EventKindOwner.allCases))
        for owner in EventKindOwner.allCases {
            #expect(!owner.owns(PacketNetwork.noNotification), "\(owner) owns the no-notification kind")
        }
    }

    /// A run's fingerprint hashes every event's kind: a renumbering would change every stored fingerprint
    /// (golden-fingerprints.txt) with no change of behaviour, so the numbers are pinned here, by name.
    @Test("the kind numbers are the ones the stored fingerprints hash")
    func kindNumbersArePinned() {
        #expect(PacketNetwork.NetworkEvent.transmitDone.kind.rawValue == 0)
        #expect(PacketNetwork.NetworkEvent.deadlockCheck.kind.rawValue == 11)
        #expect(FlowNetwork.FlowEvent.reroute.kind.rawValue == 4)
        #expect(ScheduleExecutor.Kind.allCases.map(\.kind.rawValue) == [16, 17, 18, 19])
        #expect(StorageTraffic.Kind.allCases.map(\.kind.rawValue) == [20, 21, 22, 23])
        #expect(BackgroundTraffic.Kind.due.kind.rawValue == 24)
        #expect(RunEvent.episode.kind.rawValue == 16)
    }
}
