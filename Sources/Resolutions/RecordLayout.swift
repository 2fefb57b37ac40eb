import GitStore

/// Where each piece of the record lives in the tree.
///
/// Every amendment has a folder of its own, sharded over 256 folders
/// (`amendments/3f/A112/`, see `Shard`) so that an action rewrites only the
/// few small trees on its path, never a file or tree that grows with the
/// number of amendments.
public enum RecordLayout {
    /// Marks a repository as an Accord record, with its format version.
    public static let marker = "accord.yml"
    /// The roster.
    public static let roster = "roster.yml"
    /// The folder of the workflows.
    public static let workflows = "workflows"
    /// The folder of the resolutions, one folder each.
    public static let resolutions = "resolutions"
    /// The workflow every amendment follows, whatever its resolution’s workflow.
    public static let amendmentWorkflow = "amendment"

    /// The file of a workflow.
    public static func workflow(_ name: String) -> String { "\(workflows)/\(name).yml" }
    /// The folder of a resolution.
    public static func resolution(_ id: String) -> String { "\(resolutions)/\(id)" }
    /// The state of a resolution: title, workflow, state, deadline, electorate, counters.
    public static func meta(_ id: String) -> String { "\(resolution(id))/resolution.yml" }
    /// The draft as written, before any amendment: what the adopted text is compared with.
    public static func draft(_ id: String) -> String { "\(resolution(id))/draft.md" }
    /// The text amendments are tabled against (the draft; after a referral back, the consolidated text).
    public static func text(_ id: String) -> String { "\(resolution(id))/text.md" }
    /// The draft with the adopted amendments applied, written by the tally.
    public static func consolidated(_ id: String) -> String { "\(resolution(id))/consolidated.md" }
    /// The text as adopted.
    public static func adopted(_ id: String) -> String { "\(resolution(id))/adopted.md" }
    /// The tag that marks a resolution's adoption, beside `adopted.md`.
    public static func adoptionTag(_ id: String) -> String { "\(id)/adopted" }
    /// The folder of a resolution's amendments.
    public static func amendments(_ id: String) -> String { "\(resolution(id))/amendments" }

    /// The folder of one amendment: its file and its votes.
    public static func amendmentFolder(_ id: String, _ number: Int) -> String {
        Shard.path(for: Amendment.id(number), in: amendments(id))
    }
    /// The file of one amendment.
    public static func amendment(_ id: String, _ number: Int) -> String {
        Shard.path(for: Amendment.id(number), in: amendments(id), suffix: "/amendment.yml")
    }

    /// The folder of votes on an item: an amendment (`A12`) or a section (`sec-…`).
    public static func votes(_ id: String, item: String) -> String {
        if let number = Amendment.number(item) { return "\(amendmentFolder(id, number))/votes" }
        return "\(resolution(id))/sections/\(item)/votes"
    }
    /// The folder of the section votes of the current review.
    public static func sectionVotes(_ id: String) -> String { "\(resolution(id))/sections" }
    /// The item a vote on the whole text names (`accord vote RES text`).
    public static let textItem = "text"
    /// The folder of the votes on the whole text, one folder per state it was voted on in.
    public static func textVotes(_ id: String) -> String { "\(resolution(id))/text-votes" }
    /// The folder of the votes on the whole text taken in `state`.
    public static func textVotes(_ id: String, state: String) -> String { "\(textVotes(id))/\(state)" }

    /// The file of one organisation's vote on an item.
    public static func vote(_ id: String, item: String, organisation: String) -> String {
        "\(votes(id, item: item))/\(organisation).yml"
    }
}
