/// A cumulative distribution given as points (value, P[X ≤ value]), linearly interpolated between them — the
/// form in which published flow-size distributions (WebSearch, Hadoop) are shipped.
public struct EmpiricalCDF: Sendable, Equatable {
    public let values: [Double]
    public let probabilities: [Double]

    /// Why a list of points is not a CDF.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case tooFewPoints
        case valuesDecrease(index: Int)
        case probabilitiesDecrease(index: Int)
        case probabilityOutOfRange(index: Int)
        case doesNotEndAtOne

        public var description: String {
            switch self {
            case .tooFewPoints: "a CDF needs at least two points"
            case .valuesDecrease(let i): "point \(i): values must not decrease"
            case .probabilitiesDecrease(let i): "point \(i): cumulative probabilities must not decrease"
            case .probabilityOutOfRange(let i): "point \(i): a cumulative probability must lie in [0, 1]"
            case .doesNotEndAtOne: "the last cumulative probability must be 1"
            }
        }
    }

    public init(points: [(value: Double, probability: Double)]) throws(Problem) {
        guard points.count >= 2 else { throw .tooFewPoints }
        for (i, point) in points.enumerated() {
            guard point.probability >= 0, point.probability <= 1 else { throw .probabilityOutOfRange(index: i) }
            if i > 0 {
                guard point.value >= points[i - 1].value else { throw .valuesDecrease(index: i) }
                guard point.probability >= points[i - 1].probability else { throw .probabilitiesDecrease(index: i) }
            }
        }
        guard points.last!.probability == 1 else { throw .doesNotEndAtOne }
        values = points.map(\.value)
        probabilities = points.map(\.probability)
    }

    /// The value below which a fraction `q` of the mass lies (the inverse CDF), interpolated linearly.
    public func value(atQuantile q: Double) -> Double {
        if q <= probabilities[0] { return values[0] }
        // Binary search for the first point whose probability reaches q.
        var low = 0
        var high = probabilities.count - 1
        while low < high {
            let mid = (low + high) / 2
            if probabilities[mid] < q { low = mid + 1 } else { high = mid }
        }
        let p0 = probabilities[low - 1]
        let p1 = probabilities[low]
        let v0 = values[low - 1]
        let v1 = values[low]
        return p1 == p0 ? v1 : v0 + (v1 - v0) * (q - p0) / (p1 - p0)
    }

    /// The mean of the interpolated distribution: each segment contributes its probability times its midpoint,
    /// plus any atom at the first value.
    public var mean: Double {
        var total = values[0] * probabilities[0]
        for i in 1..<values.count {
            total += (probabilities[i] - probabilities[i - 1]) * (values[i] + values[i - 1]) / 2
        }
        return total
    }
}
