import Foundation
import GitStore
import Workflow

extension Planner {
    /// Who may translate, from the resolution's procedure: its `translate` action. A procedure
    /// that does not declare one refuses translations.
    func translationBlockers(_ meta: ResolutionMeta, _ person: Person) throws(AccordError) -> [Blocker] {
        let workflow = try snapshot.workflow(meta.workflow)
        guard workflow.action(named: DomainAction.translate.rawValue) != nil else {
            return [Blocker(code: "unknown-action", message: "the procedure of \(meta.id) (‘\(meta.workflow)’) does not provide for translations: it declares no ‘translate’ action", parameters: [:])]
        }
        return try actionBlockers(.translate, meta, person)
    }

    /// Why `language` cannot receive translations of the resolution, if it cannot.
    func languageBlockers(_ meta: ResolutionMeta, _ language: String) -> [Blocker] {
        if language == meta.language {
            return [Blocker(code: "language", message: "\(meta.id) is written in \(Translation.languageName(language)) (‘\(language)’): translations go into its other languages", parameters: [:])]
        }
        guard meta.languages.contains(language) else {
            let others = meta.translatedLanguages
            return [Blocker(code: "language", message: "\(meta.id) is not published in \(Translation.languageName(language)) (‘\(language)’); "
                            + (others.isEmpty ? "it has no other language yet" : "its other languages: \(others.joined(separator: ", "))")
                            + "; the secretariat adds one with ‘accord translation add-language \(meta.id) \(language)’", parameters: [:])]
        }
        return []
    }

    func translationTrailers(_ action: Action, _ id: String, _ person: Person, language: String, item: String? = nil) -> [Trailer] {
        trailers(action.name, resolution: id, person: person, item: item) + [Trailer("Accord-Language", language)]
    }

    func addLanguage(_ id: String, _ language: String) throws(AccordError) -> Plan {
        let person = try requireActor()
        var meta = try snapshot.meta(id)
        var blockers = try translationBlockers(meta, person)
        if !person.roles.contains(Role.secretariat) {
            blockers.append(Blocker(code: "role", message: "only the secretariat may add a language to \(id); \(person.name) is \(person.roles.joined(separator: ", "))", parameters: [:]))
        }
        if !DraftParser.isLanguageTag(language) {
            blockers.append(Blocker(code: "language", message: "‘\(language)’ is not a language code such as en, fr or pt-BR", parameters: [:]))
        } else if language == meta.language || meta.languages.contains(language) {
            blockers.append(Blocker(code: "language", message: "\(id) is already published in \(Translation.languageName(language))", parameters: [:]))
        }
        try refuseIfAny(blockers)
        meta.languages = (meta.languages.isEmpty ? [meta.language] : meta.languages) + [language]
        let action = Action.addLanguage(resolution: id, language: language)
        var plan = Plan(subject: "Publish \(id) in \(Translation.languageName(language)) too",
                        trailers: translationTrailers(action, id, person, language: language))
        plan.changes = [.write(RecordLayout.meta(id), meta.yaml)]
        return plan
    }

    func importTranslation(_ id: String, _ language: String, _ texts: [String: String]) throws(AccordError) -> Plan {
        let person = try requireActor()
        let meta = try snapshot.meta(id)
        var blockers = try translationBlockers(meta, person) + languageBlockers(meta, language)
        let items = try snapshot.currentText(id).sourceItems
        let known = Set(items.map(\.id))
        for item in texts.keys.sorted() where !known.contains(item) {
            blockers.append(Blocker(code: "unknown-item", message: "\(id) has no ‘\(item)’ to translate", parameters: ["item": item]))
        }
        for (item, text) in texts.sorted(by: { $0.key < $1.key }) where text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            blockers.append(Blocker(code: "text", message: "the translation of ‘\(item)’ is empty", parameters: ["item": item]))
        }
        try refuseIfAny(blockers)
        let recorded = try snapshot.translations(id, language: language)
        var written: [SourceItem] = []
        var changes: [FileChange] = []
        for item in items {
            guard let text = texts[item.id]?.trimmingCharacters(in: .whitespacesAndNewlines) else { continue }
            // Only a wording that changed is recorded: importing the same file twice writes nothing.
            if recorded[item.id]?.text == text { continue }
            written.append(item)
            changes.append(translationFile(id, item: item.id, language: language, text: text, source: item.wording, by: person))
        }
        guard !written.isEmpty else {
            throw .refused("unchanged", "nothing to record: the \(Translation.languageName(language)) version of \(id) already reads as given")
        }
        let action = Action.importTranslation(resolution: id, language: language, texts: [:])
        var plan = Plan(subject: "Translate \(id) into \(Translation.languageName(language)): \(Self.countWords(written))",
                        trailers: translationTrailers(action, id, person, language: language))
        plan.changes = changes
        return plan
    }

    func translate(_ id: String, _ item: String, _ language: String, _ text: String) throws(AccordError) -> Plan {
        let person = try requireActor()
        let meta = try snapshot.meta(id)
        var blockers = try translationBlockers(meta, person) + languageBlockers(meta, language)
        let item = Amendment.number(item).map(Amendment.id) ?? item
        let source: (wording: String, label: String)
        if let number = Amendment.number(item) {
            let amendment = try existingAmendment(id, number)
            guard let wording = amendment.draft.text else {
                throw .refused("text", "\(amendment.id) deletes a provision: it has no text to translate")
            }
            source = (wording, "amendment \(amendment.id)")
        } else {
            let items = try snapshot.currentText(id).sourceItems
            guard let found = items.first(where: { $0.id == item }) else {
                throw .notFound("\(id) has no ‘\(item)’ to translate: give a provision (\(Self.span(items.map(\.id).filter { !$0.hasPrefix("sec-") && $0 != Translation.titleItem && $0 != Translation.openingItem }))), a section, ‘title’, ‘opening’ or an amendment (A1, A2, …)")
            }
            source = (found.wording, found.label)
        }
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            blockers.append(Blocker(code: "text", message: "the translation is empty: give its words with --text", parameters: [:]))
        } else if text.contains("\n") {
            blockers.append(Blocker(code: "text", message: "a translation is one paragraph, like what it translates", parameters: [:]))
        }
        try refuseIfAny(blockers)
        if let recorded = try snapshot.translations(id, language: language)[item], recorded.text == text,
           recorded.sourceFingerprint == Translation.fingerprint(source.wording) {
            throw .refused("unchanged", "nothing to record: the \(Translation.languageName(language)) version of \(source.label) already reads so, and is up to date")
        }
        let action = Action.translate(resolution: id, item: item, language: language, text: text)
        var plan = Plan(subject: "Translate \(source.label) of \(id) into \(Translation.languageName(language))",
                        trailers: translationTrailers(action, id, person, language: language, item: item))
        plan.changes = [translationFile(id, item: item, language: language, text: text, source: source.wording, by: person)]
        return plan
    }

    /// The file of one translation, made from `source` as the record holds it at this snapshot.
    private func translationFile(_ id: String, item: String, language: String, text: String, source: String, by person: Person) -> FileChange {
        let translation = Translation(item: item, language: language, text: text, sourceFingerprint: Translation.fingerprint(source),
                                      sourceCommit: snapshot.commit?.hex, translatedBy: person.id)
        return .write(RecordLayout.translation(id, language: language, item: item), translation.yaml)
    }

    /// "the title, 3 headings and 14 provisions": what an import recorded.
    static func countWords(_ items: [SourceItem]) -> String {
        let headings = items.filter { $0.id.hasPrefix("sec-") }.count
        let provisions = items.count - headings - items.filter { $0.id == Translation.titleItem || $0.id == Translation.openingItem }.count
        var parts: [String] = []
        if items.contains(where: { $0.id == Translation.titleItem }) { parts.append("the title") }
        if items.contains(where: { $0.id == Translation.openingItem }) { parts.append("the opening formula") }
        if headings > 0 { parts.append(headings == 1 ? "1 heading" : "\(headings) headings") }
        if provisions > 0 { parts.append(provisions == 1 ? "1 provision" : "\(provisions) provisions") }
        return parts.count <= 1 ? parts.joined() : parts.dropLast().joined(separator: ", ") + " and " + (parts.last ?? "")
    }

    /// Whether every declared language version of the resolution (or those of `languages`) is
    /// complete and up to date, and a blocker listing what is not, language by language.
    func translationsCurrent(_ id: String, languages: [String] = []) throws(AccordError) -> (Bool, [Blocker]) {
        var blockers: [Blocker] = []
        let text = try snapshot.currentText(id)
        let progress = try snapshot.translationProgress(id)
        // A procedure that asks for a language the resolution is not published in cannot be satisfied by translating.
        for language in languages where progress[language] == nil {
            blockers.append(Blocker(code: "translations", message: "the procedure asks for the \(Translation.languageName(language)) version, but \(id) is not published in \(Translation.languageName(language)); the secretariat adds it with ‘accord translation add-language \(id) \(language)’",
                                    parameters: ["language": language]))
        }
        for (language, progress) in progress.sorted(by: { $0.key < $1.key })
        where !progress.isComplete && (languages.isEmpty || languages.contains(language)) {
            var parts: [String] = []
            if !progress.stale.isEmpty { parts.append("out of date: \(text.naming(progress.stale))") }
            if !progress.missing.isEmpty { parts.append("not translated: \(text.naming(progress.missing))") }
            blockers.append(Blocker(code: "translations", message: "the \(Translation.languageName(language)) version is not up to date; \(parts.joined(separator: "; "))",
                                    parameters: ["language": language]))
        }
        return (blockers.isEmpty, blockers)
    }
}

extension Verifier {
    /// Rebuilds a translation action from its trailers and the files it wrote.
    ///
    /// An import is rebuilt from every translation of the language that the text has a piece
    /// for: those the commit did not write read as they did before it, and an import skips them.
    static func decodeTranslation(_ name: String, _ id: String, _ language: String, item: String?,
                                  from after: Snapshot) throws(AccordError) -> Action {
        switch name {
        case "add-language":
            return .addLanguage(resolution: id, language: language)
        case "import-translation":
            let known = Set(try after.currentText(id).sourceItems.map(\.id))
            let texts = try after.translations(id, language: language).filter { known.contains($0.key) }.mapValues(\.text)
            return .importTranslation(resolution: id, language: language, texts: texts)
        default:
            guard let item, let translation = try after.translations(id, language: language)[item] else {
                throw .notFound("the translation file of ‘\(item ?? "")’ is missing")
            }
            return .translate(resolution: id, item: item, language: language, text: translation.text)
        }
    }
}
