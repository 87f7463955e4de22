/// A plain binary min-heap in one contiguous array: the textbook general-purpose priority queue, kept here as
/// the baseline the kernel's radix heap is measured against (it does not belong in the library).
///
/// Push sifts up and pop moves the last element to the root and sifts it down, comparing with `<` only, so it
/// works for any key; that generality is what a simulation-specific queue gives up to go faster.
public struct BinaryHeap<Element: Comparable> {
    @usableFromInline var elements: ContiguousArray<Element> = []

    public init(reservingCapacity capacity: Int) {
        elements.reserveCapacity(capacity)
    }

    @inlinable public var count: Int { elements.count }
    @inlinable public var isEmpty: Bool { elements.isEmpty }

    @inlinable
    public mutating func push(_ element: Element) {
        elements.append(element)
        var child = elements.count - 1
        // Hole insertion: move parents down until the new element's place is found, then write it once.
        while child > 0 {
            let parent = (child - 1) / 2
            guard element < elements[parent] else { break }
            elements[child] = elements[parent]
            child = parent
        }
        elements[child] = element
    }

    @inlinable
    public mutating func popMin() -> Element? {
        guard let last = elements.popLast() else { return nil }
        guard !elements.isEmpty else { return last }
        let minimum = elements[0]
        let count = elements.count
        var parent = 0
        while true {
            var child = 2 * parent + 1
            guard child < count else { break }
            if child + 1 < count, elements[child + 1] < elements[child] { child += 1 }
            guard elements[child] < last else { break }
            elements[parent] = elements[child]
            parent = child
        }
        elements[parent] = last
        return minimum
    }
}
