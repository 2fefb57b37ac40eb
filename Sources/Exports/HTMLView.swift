/// What an HTML export shows.
public enum HTMLView: String, Sendable, CaseIterable {
    /// The resolution at a version, with provision numbers and anchors (`#par-4`).
    case text
    /// The draft with every amendment at its place, word changes marked.
    case amendments
    /// The order of votes and what falls if each amendment is adopted.
    case votingList = "voting-list"
    /// The adopted text (or the current one) and its changes from the original draft.
    case adopted
}
