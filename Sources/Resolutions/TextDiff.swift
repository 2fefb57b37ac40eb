/// A word-level comparison of two versions of a text, provision by provision.
public struct TextDiff: Sendable, Equatable {
    /// A run of words that is unchanged, inserted or deleted.
    public enum Run: Sendable, Equatable {
        /// Words in both versions.
        case same(String)
        /// Words only in the newer version.
        case inserted(String)
        /// Words only in the older version.
        case deleted(String)
    }

    /// How one provision differs.
    public struct ProvisionChange: Sendable, Equatable {
        public enum Kind: String, Sendable, Equatable { case added, deleted, changed, unchanged }
        /// The provision id.
        public let id: String
        /// Added, deleted, changed or unchanged.
        public let kind: Kind
        /// The display number before and after ("4"), nil where it does not exist.
        public let oldNumber: String?
        public let newNumber: String?
        /// The text as runs of unchanged, inserted and deleted words.
        public let runs: [Run]
    }

    /// Every provision of either version.
    public let provisions: [ProvisionChange]

    /// Compares by provision id, in the order of the new text (deleted provisions
    /// where they stood), each changed provision word by word.
    public init(from old: ResolutionText, to new: ResolutionText) {
        let oldNumbers = old.displayNumbers
        let newNumbers = new.displayNumbers
        let oldByID = old.provisionsByID
        let newIDs = Set(new.provisions.map(\.id))
        var result: [ProvisionChange] = []
        var pendingDeleted = old.provisions.filter { !newIDs.contains($0.id) }
        let oldOrder = Dictionary(uniqueKeysWithValues: old.provisions.enumerated().map { ($1.id, $0) })
        for provision in new.provisions {
            // Deleted provisions that came before this one in the old text go here.
            if let position = oldOrder[provision.id] {
                while let first = pendingDeleted.first, (oldOrder[first.id] ?? 0) < position {
                    result.append(ProvisionChange(id: first.id, kind: .deleted, oldNumber: oldNumbers[first.id], newNumber: nil,
                                                  runs: [.deleted(first.text)]))
                    pendingDeleted.removeFirst()
                }
            }
            guard let before = oldByID[provision.id] else {
                result.append(ProvisionChange(id: provision.id, kind: .added, oldNumber: nil, newNumber: newNumbers[provision.id],
                                              runs: [.inserted(provision.text)]))
                continue
            }
            let runs = Self.words(from: before.text, to: provision.text)
            let kind: ProvisionChange.Kind = before.text == provision.text ? .unchanged : .changed
            result.append(ProvisionChange(id: provision.id, kind: kind, oldNumber: oldNumbers[provision.id],
                                          newNumber: newNumbers[provision.id], runs: runs))
        }
        for deleted in pendingDeleted {
            result.append(ProvisionChange(id: deleted.id, kind: .deleted, oldNumber: oldNumbers[deleted.id], newNumber: nil,
                                          runs: [.deleted(deleted.text)]))
        }
        provisions = result
    }

    /// Word-level runs between two strings, using the standard library's diff.
    public static func words(from old: String, to new: String) -> [Run] {
        let oldWords = old.split(separator: " ").map(String.init)
        let newWords = new.split(separator: " ").map(String.init)
        let difference = newWords.difference(from: oldWords)
        var removed = Set<Int>()
        var inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var runs: [Run] = []
        func append(_ run: Run) {
            switch (runs.last, run) {
            case (.same(let a)?, .same(let b)): runs[runs.count - 1] = .same(a + " " + b)
            case (.inserted(let a)?, .inserted(let b)): runs[runs.count - 1] = .inserted(a + " " + b)
            case (.deleted(let a)?, .deleted(let b)): runs[runs.count - 1] = .deleted(a + " " + b)
            default: runs.append(run)
            }
        }
        var oldIndex = 0
        var newIndex = 0
        while oldIndex < oldWords.count || newIndex < newWords.count {
            if oldIndex < oldWords.count, removed.contains(oldIndex) {
                append(.deleted(oldWords[oldIndex]))
                oldIndex += 1
            } else if newIndex < newWords.count, inserted.contains(newIndex) {
                append(.inserted(newWords[newIndex]))
                newIndex += 1
            } else {
                if newIndex < newWords.count { append(.same(newWords[newIndex])) }
                oldIndex += 1
                newIndex += 1
            }
        }
        return runs
    }

    /// Whether anything changed.
    public var isEmpty: Bool { provisions.allSatisfy { $0.kind == .unchanged } }
}
