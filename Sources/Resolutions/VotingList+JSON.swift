extension Tally {
    /// The voting list as `accord voting-list --json` prints it: for each vote, the amendment,
    /// what falls if it is adopted, its kind, the tabling organisation and the target. The same
    /// text as `JSONEncoder` writes (pretty, sorted keys, slashes unescaped), written directly.
    public static func votingListJSON(_ entries: [VotingListEntry], amendments: [Amendment]) -> String {
        // Read in place, by index: a copy of an amendment retains a dozen strings.
        let index = Dictionary(uniqueKeysWithValues: amendments.indices.map { (amendments[$0].number, $0) })
        var json = JSONText(capacity: 4_096 + entries.count * 256)
        json.array(of: entries.lazy.compactMap { entry in index[entry.amendment].map { (entry, $0) } }) { json, listed in
            let (entry, at) = listed
            json.member("amendment", Amendment.id(entry.amendment))
            json.member("falls", entry.falls.map(Amendment.id))
            json.member("kind", amendments[at].kind.rawValue)
            json.member("organisation", amendments[at].organisation)
            json.member("target", amendments[at].draft.target)
        }
        return json.text
    }
}
