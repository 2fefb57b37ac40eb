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

    /// Every provision by its id, for exports that find thousands of amendments' targets (the
    /// first of any two with one id, which the text does not allow).
    var provisionsByID: [String: Provision] {
        Dictionary(provisions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
