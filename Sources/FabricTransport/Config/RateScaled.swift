import FabricKernel

/// A quantity that is either fixed or in proportion to a link's rate. Deployments size ECN thresholds by the rate
/// of the port that marks and DCQCN's increase steps by the NIC's line rate, and the public RDMA simulators write
/// them that way (the HPCC authors' run.py: Kmin 100 KB per 25 Gb/s of the port, R_AI 5 Mb/s per 25 Gb/s of the
/// NIC): `.perRate(value, unit)` is `value × rate ÷ unit`, resolved once where the rate is known (a port when the
/// network is built, a flow when it starts), never per packet.
public enum RateScaled<Value: RawRepresentable & Sendable & Equatable>: Sendable, Equatable
where Value.RawValue == Int64 {
    /// The same value at every rate.
    case fixed(Value)
    /// `value` per `unit` of rate.
    case perRate(Value, unit: Bandwidth)

    /// The value at `rate`, rounded down (exact for the bundled presets at every multiple of the unit).
    public func at(_ rate: Bandwidth) -> Value {
        switch self {
        case .fixed(let value): return value
        case .perRate(let value, let unit):
            // value × rate overflows 64 bits for a rate step (5·10⁶ b/s × 8·10¹¹ b/s): widen.
            let product = value.rawValue.multipliedFullWidth(by: rate.rawValue)
            let (quotient, _) = unit.rawValue.dividingFullWidth(product)
            return Value(rawValue: quotient)!
        }
    }

    /// Whether the value follows the rate.
    public var isPerRate: Bool {
        if case .perRate = self { true } else { false }
    }
}

extension RateScaled: CustomStringConvertible where Value: CustomStringConvertible {
    /// `100KB per 25Gbps`, or the fixed value.
    public var description: String {
        switch self {
        case .fixed(let value): value.description
        case .perRate(let value, let unit): "\(value) per \(unit)"
        }
    }
}
