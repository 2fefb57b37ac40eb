import Resolutions

extension ResolutionText {
    /// "paragraph 4", "recital B" for every provision, computed once.
    ///
    /// `label(of:)` recomputes every display number on each call; exports name
    /// thousands of targets, so they look names up here instead.
    /// - Complexity: O(n) in the number of provisions.
    public var labelsByID: [String: String] {
        let numbers = displayNumbers
        var labels: [String: String] = [:]
        labels.reserveCapacity(numbers.count)
        for provision in provisions {
            labels[provision.id] = "\(provision.kind.name) \(numbers[provision.id] ?? "?")"
        }
        return labels
    }
}
