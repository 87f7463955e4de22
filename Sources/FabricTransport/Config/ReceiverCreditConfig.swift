/// Receiver credits (`NetworkConfig.receiverCredits`): each receiving NIC grants its senders credit for new data so
/// that what is granted and not yet received, over all of its senders, stays within a budget of about one
/// bandwidth-delay product — an incast then queues about a BDP at the receiver's switch port, however many senders
/// it has. A flow starts with a small unsolicited window before its receiver has heard of it. After Ultra Ethernet's
/// receiver-credit congestion control (RCCC); docs/network-model.md, "Receiver credits".
public struct ReceiverCreditConfig: Sendable, Equatable {
    /// The budget, in bandwidth-delay products of the receiver's link over the flows' base round trips, plus one
    /// grant.
    public var budget: Double
    /// Packets a grant gives (4, the default of UET's credit per pull, as UEC's htsim model has it).
    public var grantPackets: Int
    /// Packets a flow may send before any grant: one grant's worth.
    public var unsolicitedPackets: Int

    public init(budget: Double = 1, grantPackets: Int = 4, unsolicitedPackets: Int = 4) {
        precondition(budget > 0 && grantPackets >= 1 && unsolicitedPackets >= 1, "credits that let data move")
        self.budget = budget
        self.grantPackets = grantPackets
        self.unsolicitedPackets = unsolicitedPackets
    }

    public static let standard = ReceiverCreditConfig()
}
