import Foundation

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
            let others = meta.translatedLanguages
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
