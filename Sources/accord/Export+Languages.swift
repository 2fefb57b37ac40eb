import ArgumentParser
import Exports
import Foundation
import Resolutions

/// `accord export … --view bilingual --languages en,fr`: the side-by-side page.
enum LanguageExport {
    static let bilingualView = "bilingual"

    static func validate(format: String, view: String?, language: String?, languages: String?) throws {
        guard format == ExportFormat.html.rawValue, view == bilingualView else {
            throw ValidationError("--languages goes with --format html --view bilingual")
        }
        guard language == nil else { throw ValidationError("the bilingual view takes --languages (e.g. en,fr), not --language") }
        let list = (languages ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard list.count >= 2, Set(list).count == list.count else {
            throw ValidationError("the bilingual view shows two or more different languages side by side: give them with --languages, e.g. en,fr")
        }
    }

    static func bilingual(_ record: Record, resolution: String, at revision: String?, languages: String) throws -> String {
        try CommandContext.run { () throws(AccordError) in
            let export = try ResolutionExport.load(from: record, resolution: resolution, at: revision)
            let snapshot = try record.snapshot(at: revision)
            let versions = try languages.split(separator: ",").map { language throws(AccordError) in
                try snapshot.languageVersion(resolution, language: language.trimmingCharacters(in: .whitespaces))
            }
            return HTMLExport.bilingual(export, versions: versions)
        }
    }
}
