import Foundation

/// The votes on one item, organisation → `for`, `against` or `abstain`, kept in the order of
/// the organisation ids' UTF-8 bytes: the order JSON's sorted keys need, so that a status of
/// 100,000 votes is written without building or sorting a dictionary per item.
///
/// Encoded as a JSON object, like the dictionary it stands for.
public struct OrganisationVotes: Sendable, Equatable, Codable, Sequence, ExpressibleByDictionaryLiteral {
    /// The organisation ids, sorted.
    public private(set) var organisations: [String]
    /// The choice of each organisation, in the same order.
    public private(set) var choices: [String]

    /// The votes given, one per organisation (for an organisation named twice, the last one).
    /// - Complexity: O(n) when the organisations come sorted, as git lists a votes folder.
    public init(_ votes: some Sequence<(String, String)>) {
        var pairs = Array(votes)
        if !pairs.indices.dropFirst().allSatisfy({ Self.precedes(pairs[$0 - 1].0, pairs[$0].0) }) {
            var latest: [String: String] = [:]
            for (organisation, choice) in pairs { latest[organisation] = choice }
            pairs = latest.map { ($0.key, $0.value) }.sorted { Self.precedes($0.0, $1.0) }
        }
        organisations = pairs.map(\.0)
        choices = pairs.map(\.1)
    }

    public init(_ votes: [String: String]) {
        self.init(votes.map { ($0.key, $0.value) })
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// The choice of an organisation, or nil when it did not vote.
    public subscript(organisation: String) -> String? {
        organisations.firstIndex(of: organisation).map { choices[$0] }
    }

    public var count: Int { organisations.count }
    public var isEmpty: Bool { organisations.isEmpty }
    /// The choices, in the order of the organisations.
    public var values: [String] { choices }

    public func makeIterator() -> some IteratorProtocol<(organisation: String, choice: String)> {
        zip(organisations, choices).lazy.map { (organisation: $0, choice: $1) }.makeIterator()
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Dictionary(uniqueKeysWithValues: zip(organisations, choices)))
    }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([String: String].self))
    }

    /// UTF-8 byte order, as JSON's `.sortedKeys` sorts: strictly before.
    static func precedes(_ left: String, _ right: String) -> Bool {
        var left = left, right = right
        return left.withUTF8 { a in
            right.withUTF8 { b in
                let common = Swift.min(a.count, b.count)
                if common > 0, let x = a.baseAddress, let y = b.baseAddress {
                    let order = memcmp(x, y, common)
                    if order != 0 { return order < 0 }
                }
                return a.count < b.count
            }
        }
    }
}
