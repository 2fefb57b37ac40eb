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
        let list = list(languages ?? "")
        guard list.count >= 2, Set(list).count == list.count else {
            throw ValidationError("the bilingual view shows two or more different languages side by side: give them with --languages, e.g. en,fr")
        }
    }

    /// `en, fr` → `["en", "fr"]`.
    static func list(_ languages: String) -> [String] {
        languages.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    static func bilingual(_ record: Record, resolution: String, at revision: String?, languages: String) throws -> String {
        let loaded = try CommandContext.run { () throws(AccordError) in
            try ResolutionExport.load(from: record, resolution: resolution, at: revision, languages: list(languages))
        }
        return HTMLExport.bilingual(loaded.export, versions: loaded.versions)
    }
}
