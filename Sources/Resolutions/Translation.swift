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
        let bytes = Array(wording.utf8)
        return SHA1.hex(Array("blob \(bytes.count)\0".utf8) + bytes)
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

    /// The languages a resolution is translated into: those declared, but its own.
    public func targetLanguages(_ id: String) throws(AccordError) -> [String] {
        let meta = try meta(id)
        return meta.languages.filter { $0 != meta.language }
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
        for language in try targetLanguages(id) {
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

/// SHA-1, for the fingerprints of source wordings (git's own object ids).
enum SHA1 {
    static func hex(_ message: [UInt8]) -> String {
        var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        var data = message
        let bitLength = UInt64(message.count) * 8
        data.append(0x80)
        while data.count % 64 != 56 { data.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { data.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        var w = [UInt32](repeating: 0, count: 80)
        for chunk in stride(from: 0, to: data.count, by: 64) {
            for index in 0..<16 {
                let offset = chunk + index * 4
                w[index] = UInt32(data[offset]) << 24 | UInt32(data[offset + 1]) << 16 | UInt32(data[offset + 2]) << 8 | UInt32(data[offset + 3])
            }
            for index in 16..<80 {
                let value = w[index - 3] ^ w[index - 8] ^ w[index - 14] ^ w[index - 16]
                w[index] = value << 1 | value >> 31
            }
            var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
            for index in 0..<80 {
                let (f, k): (UInt32, UInt32) = switch index {
                case 0..<20: ((b & c) | (~b & d), 0x5A82_7999)
                case 20..<40: (b ^ c ^ d, 0x6ED9_EBA1)
                case 40..<60: ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
                default: (b ^ c ^ d, 0xCA62_C1D6)
                }
                let temp = (a << 5 | a >> 27) &+ f &+ e &+ k &+ w[index]
                (e, d, c, b, a) = (d, c, b << 30 | b >> 2, a, temp)
            }
            h[0] = h[0] &+ a
            h[1] = h[1] &+ b
            h[2] = h[2] &+ c
            h[3] = h[3] &+ d
            h[4] = h[4] &+ e
        }
        return h.map { String(format: "%08x", $0) }.joined()
    }
}

/// A resolution's text in one of its languages, each piece with where its translation stands.
public struct LanguageVersion: Sendable, Equatable {
    /// The language, e.g. `fr`.
    public let language: String
    /// The text with every translated piece in `language` (out-of-date ones included) and the
    /// source wording where there is no translation; ids, kinds and numbers are the source's.
    public let text: ResolutionText
    /// Where each piece stands, by item: all `current` for the source language.
    public let states: [String: TranslationState]
    /// The pieces translated from a wording that has changed since, in document order.
    public let stale: [String]
    /// The pieces not translated, in document order.
    public let missing: [String]
}

extension ResolutionText {
    /// This text with the wording of some pieces (by `sourceItems` id) replaced, in `language`.
    public func replacingWording(_ wording: [String: String], language: String) -> ResolutionText {
        var copy = self
        copy.language = language
        copy.title = wording[Translation.titleItem] ?? title
        copy.opening = wording[Translation.openingItem] ?? opening
        for sectionIndex in copy.sections.indices {
            let section = copy.sections[sectionIndex]
            copy.sections[sectionIndex].title = wording[section.id] ?? section.title
            for provisionIndex in section.provisions.indices {
                let provision = section.provisions[provisionIndex]
                copy.sections[sectionIndex].provisions[provisionIndex].text = wording[provision.id] ?? provision.text
            }
        }
        return copy
    }
}

extension Snapshot {
    /// The current text of a resolution in `language`: its own language, or one it is published in.
    public func languageVersion(_ id: String, language: String) throws(AccordError) -> LanguageVersion {
        let meta = try meta(id)
        let source = try currentText(id)
        if language == meta.language {
            let states = Dictionary(source.sourceItems.map { ($0.id, TranslationState.current) }, uniquingKeysWith: { first, _ in first })
            return LanguageVersion(language: language, text: source, states: states, stale: [], missing: [])
        }
        guard meta.languages.contains(language) else {
            let others = meta.languages.filter { $0 != meta.language }
            throw .notFound("\(id) is not published in \(Translation.languageName(language)) (‘\(language)’): it is in \(meta.language)"
                            + (others.isEmpty ? " only" : " and \(others.joined(separator: ", "))"))
        }
        let entries = try translationStates(id, language: language)
        var wording: [String: String] = [:]
        var states: [String: TranslationState] = [:]
        for entry in entries {
            states[entry.item.id] = entry.state
            if let translation = entry.translation { wording[entry.item.id] = translation.text }
        }
        return LanguageVersion(language: language, text: source.replacingWording(wording, language: language), states: states,
                               stale: entries.filter { $0.state == .stale }.map(\.item.id),
                               missing: entries.filter { $0.state == .missing }.map(\.item.id))
    }
}
