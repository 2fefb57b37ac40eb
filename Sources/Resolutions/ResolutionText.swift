import Foundation

/// The text of a resolution: an opening formula and sections of numbered provisions.
///
/// Provisions carry stable ids (`rec-a`, `par-4`, `par-a12`) that never change
/// and are never reused; their display numbers (`A.`, `4.`) follow from their
/// position and are recomputed whenever the text is rebuilt.
public struct ResolutionText: Sendable, Equatable {
    /// The title, from the front matter.
    public var title: String
    /// `[a-z0-9-]+`, unique in the record.
    public var id: String
    /// The name of a workflow in the record's `workflows/` folder.
    public var workflow: String
    /// A BCP 47 language tag, e.g. `en`, `fr`.
    public var language: String
    /// The text before the first heading, e.g. "The Council of European Municipalities and Regions,".
    public var opening: String
    /// The sections in order.
    public var sections: [Section]
    /// The draft's `languages:` (its own first), which the import records in the resolution's
    /// state; never written back into the text, so always empty for a text read from the record.
    public var languages: [String] = []

    /// A text with these parts.
    public init(title: String, id: String, workflow: String = "resolution", language: String = "en",
                opening: String = "", sections: [Section] = []) {
        self.title = title
        self.id = id
        self.workflow = workflow
        self.language = language
        self.opening = opening
        self.sections = sections
    }

    /// Every provision in document order.
    public var provisions: [Provision] { sections.flatMap(\.provisions) }

    /// Every provision by its id, for those that look up thousands of targets (the first of
    /// any two with one id, which a text does not allow).
    public var provisionsByID: [String: Provision] {
        Dictionary(provisions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The provision with this id and the section that holds it.
    public func locate(_ provisionID: String) -> (section: Section, provision: Provision)? {
        for section in sections {
            if let provision = section.provisions.first(where: { $0.id == provisionID }) {
                return (section, provision)
            }
        }
        return nil
    }

    /// The display number of every provision: letters for recitals, numbers
    /// for paragraphs, each counted across the whole text.
    public var displayNumbers: [String: String] {
        var numbers: [String: String] = [:]
        var recitals = 0
        var paragraphs = 0
        for provision in provisions {
            switch provision.kind {
            case .recital:
                recitals += 1
                numbers[provision.id] = Numbering.letters(recitals)
            case .paragraph:
                paragraphs += 1
                numbers[provision.id] = String(paragraphs)
            }
        }
        return numbers
    }

    /// "paragraph 4", "recital B": how a person names a provision.
    ///
    /// Counts the provisions of its kind up to it, rather than building every
    /// display number: each tabled amendment names its target this way.
    public func label(of provisionID: String) -> String {
        var recitals = 0
        var paragraphs = 0
        for section in sections {
            for provision in section.provisions {
                switch provision.kind {
                case .recital: recitals += 1
                case .paragraph: paragraphs += 1
                }
                guard provision.id == provisionID else { continue }
                let number = provision.kind == .recital ? Numbering.letters(recitals) : String(paragraphs)
                return "\(provision.kind.name) \(number)"
            }
        }
        return provisionID
    }
}

/// A headed part of the text.
public struct Section: Sendable, Equatable {
    /// `sec-` and a slug of the title, or `sec-` and an explicit `{#id}`.
    public var id: String
    /// The heading.
    public var title: String
    /// Its provisions in order.
    public var provisions: [Provision]

    /// A section with these provisions.
    public init(id: String, title: String, provisions: [Provision]) {
        self.id = id
        self.title = title
        self.provisions = provisions
    }
}

/// Whether a provision gives reasons (a recital) or decides (an operative paragraph).
public enum ProvisionKind: String, Sendable, Equatable, Codable {
    case recital
    case paragraph

    /// The prefix of the ids of this kind: `rec` or `par`.
    public var idPrefix: String { self == .recital ? "rec" : "par" }
    /// How a person names it.
    public var name: String { rawValue }
}

/// One recital or operative paragraph.
public struct Provision: Sendable, Equatable {
    /// `rec-a`, `par-4`, `par-a12`: never changes, never reused.
    public var id: String
    /// Recital or operative paragraph.
    public var kind: ProvisionKind
    /// The text, one paragraph.
    public var text: String

    /// A provision with this id.
    public init(id: String, kind: ProvisionKind, text: String) {
        self.id = id
        self.kind = kind
        self.text = text
    }
}

/// Display numbers and the ids they imply.
public enum Numbering {
    /// 1 → A, 26 → Z, 27 → AA: recital letters, without a gap or a zero.
    public static func letters(_ number: Int) -> String {
        var remaining = number
        var result = ""
        while remaining > 0 {
            remaining -= 1
            result = String(UnicodeScalar(UInt8(65 + remaining % 26))) + result
            remaining /= 26
        }
        return result
    }

    /// The id a provision gets from its number when it has no explicit one.
    public static func impliedID(kind: ProvisionKind, number: String) -> String {
        "\(kind.idPrefix)-\(number.lowercased())"
    }
}

/// Section ids from titles.
public enum Slug {
    /// Folds to ASCII and lower case; every other run of characters becomes `-`.
    public static func make(_ text: String) -> String {
        // Latin-ASCII spells out the letters that have no decomposition (œ → oe, ł → l, ø → o),
        // which diacritic folding alone would drop. ICU's transliterator costs milliseconds
        // to load, so ASCII titles, the usual case, skip it.
        let latin = text.utf8.allSatisfy({ $0 < 0x80 }) ? text : text.applyingTransform(StringTransform("Latin-ASCII"), reverse: false) ?? text
        let folded = latin.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        var slug = ""
        var pendingDash = false
        for scalar in folded.unicodeScalars {
            let isAlphanumeric = (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9")
            if isAlphanumeric {
                if pendingDash && !slug.isEmpty { slug += "-" }
                slug.unicodeScalars.append(scalar)
                pendingDash = false
            } else {
                pendingDash = true
            }
        }
        return slug
    }

    /// Whether an id is made of lower-case ASCII letters, digits and dashes.
    public static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" }
    }
}
