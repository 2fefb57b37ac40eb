import Foundation
import GitStore

/// One language version of one piece of a resolution: a provision, a section heading, the
/// title, the opening formula, or an amendment's new text.
///
/// It keeps the fingerprint of the source wording it was made from and the commit that wording
/// was read at, so that a later change of the source makes it stale and the old wording can
/// be shown next to the new.
public struct Translation: Sendable, Equatable {
    /// `title`, `opening`, `sec-…`, a provision id (`par-6`) or an amendment (`A4`).
    public var item: String
    /// The language of `text`, e.g. `fr`.
    public var language: String
    /// The translated wording.
    public var text: String
    /// `Translation.fingerprint` of the source wording it translates.
    public var sourceFingerprint: String
    /// The commit the source wording was read at (nil in a record with no commit, which cannot happen).
    public var sourceCommit: String?
    /// The roster id of the person who recorded it.
    public var translatedBy: String

    /// A translation with these parts.
    public init(item: String, language: String, text: String, sourceFingerprint: String, sourceCommit: String?, translatedBy: String) {
        self.item = item
        self.language = language
        self.text = text
        self.sourceFingerprint = sourceFingerprint
        self.sourceCommit = sourceCommit
        self.translatedBy = translatedBy
    }

    /// The item naming the title.
    public static let titleItem = "title"
    /// The item naming the opening formula.
    public static let openingItem = "opening"

    /// The fingerprint of a wording: the id git gives it as a file (`git hash-object`), so that
    /// anyone can check it with git alone. A renumbering leaves it as it was: numbers are not
    /// part of a provision's wording.
    public static func fingerprint(_ wording: String) -> String {
        ObjectID.ofFile(Array(wording.utf8)).hex
    }

    /// The language's name in English ("French"), or its code when unknown.
    public static func languageName(_ code: String) -> String {
        Locale(identifier: "en").localizedString(forLanguageCode: code) ?? code
    }

    var yaml: [UInt8] {
        var out = YAMLWriter(capacity: 200 + text.utf8.count)
        out.scalar("text", text)
        out.plain("source-fingerprint", sourceFingerprint)
        if let sourceCommit { out.plain("source-commit", sourceCommit) }
        out.plain("translated-by", translatedBy)
        return out.bytes
    }

    init(yaml: String, path: String, item: String, language: String) throws(RecordDamaged) {
        let map = try RecordFile(yaml: yaml, path: path)
        self.init(item: item, language: language, text: try map.string("text"),
                  sourceFingerprint: try map.string("source-fingerprint"), sourceCommit: map.optionalString("source-commit"),
                  translatedBy: try map.string("translated-by"))
    }
}

extension RecordLayout {
    /// The folder of a resolution's translations, one folder per language.
    public static func translations(_ id: String) -> String { "\(resolution(id))/translations" }
    /// The folder of one language version's translations, one file per item.
    public static func translations(_ id: String, language: String) -> String { "\(translations(id))/\(language)" }
    /// The file of one item's translation.
    public static func translation(_ id: String, language: String, item: String) -> String {
        "\(translations(id, language: language))/\(item).yml"
    }
}

/// Where one piece of a language version stands against the source.
public enum TranslationState: String, Sendable, Equatable, Codable {
    /// Translated from the source wording as it is now.
    case current
    /// Translated from a wording that has changed since.
    case stale
    /// Not translated.
    case missing
}

/// The pieces of the source text a language version translates, in document order:
/// title, opening formula, then each heading and its provisions.
public struct SourceItem: Sendable, Equatable {
    /// `title`, `opening`, `sec-…` or a provision id.
    public let id: String
    /// The source wording.
    public let wording: String
    /// How a person names it: "the title", "paragraph 4", "section ‘Governance’".
    public let label: String
}

extension ResolutionText {
    /// The pieces a language version of this text translates, in document order.
    public var sourceItems: [SourceItem] {
        var items = [SourceItem(id: Translation.titleItem, wording: title, label: "the title")]
        if !opening.isEmpty { items.append(SourceItem(id: Translation.openingItem, wording: opening, label: "the opening formula")) }
        let numbers = displayNumbers
        for section in sections {
            items.append(SourceItem(id: section.id, wording: section.title, label: "the heading of section ‘\(section.title)’"))
            for provision in section.provisions {
                items.append(SourceItem(id: provision.id, wording: provision.text,
                                        label: "\(provision.kind.name) \(numbers[provision.id] ?? "?")"))
            }
        }
        return items
    }
}

extension ResolutionText {
    /// Pieces of this text as people name them, "paragraph 7 (par-6), the title (title)", for
    /// messages that list what a language version lacks.
    public func naming(_ ids: [String]) -> String {
        let labels = Dictionary(sourceItems.map { ($0.id, $0.label) }, uniquingKeysWith: { first, _ in first })
        return ids.map { id in labels[id].map { "\($0) (\(id))" } ?? id }.joined(separator: ", ")
    }
}

/// How complete and up to date one language version is: what `accord status` shows.
public struct LanguageProgress: Sendable, Equatable, Codable {
    /// How many pieces are translated from the source as it is now.
    public let current: Int
    /// The pieces translated from a wording that has changed since, in document order.
    public let stale: [String]
    /// The pieces not translated, in document order.
    public let missing: [String]

    /// Whether the version is complete and up to date.
    public var isComplete: Bool { stale.isEmpty && missing.isEmpty }
}

extension Snapshot {
    /// The translations recorded into `language`, by item (provisions, headings, title, amendments).
    public func translations(_ id: String, language: String) throws(AccordError) -> [String: Translation] {
        let folder = RecordLayout.translations(id, language: language)
        var result: [String: Translation] = [:]
        for entry in try list(folder) where entry.kind == .file && entry.name.hasSuffix(".yml") {
            let item = String(entry.name.dropLast(4))
            let path = "\(folder)/\(entry.name)"
            // Not memoised by blob: two items translated alike share a blob but not an item.
            let yaml = try blobText(entry.id)
            do throws(RecordDamaged) {
                result[item] = try Translation(yaml: yaml, path: path, item: item, language: language)
            } catch { throw .damaged(error) }
        }
        return result
    }

    /// Each piece of the current text in `language`: current, stale or missing.
    ///
    /// Computed from the fingerprints alone, never stored: a translation is stale once the
    /// source wording it was made from is no longer the wording of the text.
    public func translationStates(_ id: String, language: String) throws(AccordError) -> [(item: SourceItem, state: TranslationState, translation: Translation?)] {
        let recorded = try translations(id, language: language)
        return try currentText(id).sourceItems.map { item in
            guard let translation = recorded[item.id] else { return (item, .missing, nil) }
            let state: TranslationState = translation.sourceFingerprint == Translation.fingerprint(item.wording) ? .current : .stale
            return (item, state, translation)
        }
    }

    /// How complete and up to date each declared language version is, by language.
    public func translationProgress(_ id: String) throws(AccordError) -> [String: LanguageProgress] {
        var result: [String: LanguageProgress] = [:]
        for language in try meta(id).translatedLanguages {
            let states = try translationStates(id, language: language)
            result[language] = LanguageProgress(current: states.filter { $0.state == .current }.count,
                                                stale: states.filter { $0.state == .stale }.map(\.item.id),
                                                missing: states.filter { $0.state == .missing }.map(\.item.id))
        }
        return result
    }

    /// The source wording a translation was made from, read at the commit it records; nil when
    /// that commit or item cannot be read.
    public func sourceWording(of translation: Translation, in id: String) -> String? {
        guard let hex = translation.sourceCommit, let commit = ObjectID(hex: hex) else { return nil }
        let then = Snapshot(repository: repository, commit: commit, cache: cache)
        if let number = Amendment.number(translation.item) {
            return (try? then.amendment(id, number))??.draft.text
        }
        return (try? then.currentText(id))?.sourceItems.first { $0.id == translation.item }?.wording
    }
}
