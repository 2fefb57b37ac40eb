import Foundation
import Resolutions
import Workflow

extension ResolutionExport {
    /// What the exports show of a resolution in one of its languages, at a revision: its text
    /// in that language.
    ///
    /// Refused, listing them, while a piece is out of date or not translated, unless
    /// `allowStale`: then each such piece is marked in its own words ("[translation out of
    /// date]", "[not translated]" before the source wording).
    /// - Parameter spelling: how the refusal names the option that allows the gaps.
    public static func load(from record: Record, resolution id: String, at revision: String? = nil, language: String,
                            allowStale: Bool, spelling: ExportOptionSpelling = .commandLine) throws(AccordError) -> ResolutionExport {
        let snapshot = try record.snapshot(at: revision)
        var export = try load(from: record, snapshot: snapshot, resolution: id, at: revision)
        let version = try snapshot.languageVersion(id, language: language)
        export.text = try LanguageVersionText.text(of: version, allowStale: allowStale, sourceText: export.text, spelling: spelling)
        return export
    }

    /// What the bilingual view shows of a resolution at a revision: the export, and its version
    /// in each of `languages`, all read from the same commit.
    public static func load(from record: Record, resolution id: String, at revision: String? = nil,
                            languages: [String]) throws(AccordError) -> (export: ResolutionExport, versions: [LanguageVersion]) {
        let snapshot = try record.snapshot(at: revision)
        let export = try load(from: record, snapshot: snapshot, resolution: id, at: revision)
        let versions = try languages.map { language throws(AccordError) in try snapshot.languageVersion(id, language: language) }
        return (export, versions)
    }
}

/// A language version as readers get it: complete, or with its gaps marked.
public enum LanguageVersionText {
    /// The mark before an out-of-date translation.
    public static let staleMark = "[translation out of date]"
    /// The mark before the source wording of a piece not translated.
    public static let missingMark = "[not translated]"

    /// The version's text, its gaps marked when `allowStale`, else refused with every gap in words.
    static func text(of version: LanguageVersion, allowStale: Bool, sourceText: ResolutionText,
                     spelling: ExportOptionSpelling = .commandLine) throws(AccordError) -> ResolutionText {
        if version.stale.isEmpty && version.missing.isEmpty { return version.text }
        guard allowStale else {
            let name = Translation.languageName(version.language)
            var reasons = [Blocker(code: "translations", message: "the \(name) version of \(sourceText.id) is not complete and up to date; export it anyway, with the gaps marked, with \(spelling.flag("allow-stale"))", parameters: [:])]
            if !version.stale.isEmpty { reasons.append(Blocker(code: "stale", message: "out of date: \(sourceText.naming(version.stale))", parameters: [:])) }
            if !version.missing.isEmpty { reasons.append(Blocker(code: "missing", message: "not translated: \(sourceText.naming(version.missing))", parameters: [:])) }
            throw .refused(reasons)
        }
        var marked: [String: String] = [:]
        let translated = version.text.wordingByID
        for id in version.stale { marked[id] = "\(staleMark) \(translated[id] ?? "")" }
        for id in version.missing { marked[id] = "\(missingMark) \(translated[id] ?? "")" }
        return version.text.replacingWording(marked, language: version.language)
    }
}

extension ResolutionText {
    /// The wording of each piece (title, opening formula, headings, provisions) by its id.
    var wordingByID: [String: String] {
        Dictionary(sourceItems.map { ($0.id, $0.wording) }, uniquingKeysWith: { first, _ in first })
    }
}
