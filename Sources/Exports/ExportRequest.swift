import Foundation
import Resolutions

/// One export as a person asks for it, checked: a format, a view, a version, and a language or
/// the languages side by side.
///
/// The one path of every front end: `accord export` and the server's export route parse their
/// arguments into this value, load it from the record and render it, so that they give the same
/// bytes for the same arguments and refuse the same requests in the same words.
public struct ExportRequest: Sendable, Equatable {
    /// What the request shows: one of a format's views, or languages side by side.
    public enum Shown: Sendable, Equatable {
        /// A view, of the text in the resolution's language or, for `text`, in `language`.
        case view(HTMLView, language: String?, allowStale: Bool)
        /// The bilingual HTML page: the text in each of these languages, side by side.
        case bilingual([String])
    }

    /// The name of the bilingual view (`--view bilingual`), which only HTML has.
    public static let bilingualView = "bilingual"

    /// The resolution's id.
    public var resolution: String
    public var format: ExportFormat
    public var shown: Shown
    /// A commit, a tag such as `pact-2026/adopted`, `main~3`; nil for the tip of `main`.
    public var revision: String?
    /// Akoma Ntoso's `FRBRcountry`.
    public var country: String

    /// A request from a front end's arguments, as they were given, checked as `accord export` checks them.
    /// - Parameters:
    ///   - view: nil for the format's first view.
    ///   - languages: for the bilingual view, the languages separated by commas (`en,fr`).
    ///   - spelling: how the front end names its options, for the reasons of a refusal.
    /// - Throws: `ExportRequest.Invalid`, saying what is wrong with the arguments in words.
    public init(resolution: String, format: String, view: String?, at revision: String?, language: String?, languages: String?,
                allowStale: Bool, country: String = "eu", spelling: ExportOptionSpelling = .commandLine) throws(Invalid) {
        self.resolution = resolution
        self.revision = revision
        self.country = country
        let option = spelling.option
        if view == Self.bilingualView || languages != nil {
            guard format == ExportFormat.html.rawValue, view == Self.bilingualView else {
                throw Invalid("\(option("languages", nil)) goes with \(option("format", "html")) \(option("view", Self.bilingualView))")
            }
            guard language == nil else {
                throw Invalid("the bilingual view takes \(option("languages", nil)) (e.g. en,fr), not \(option("language", nil))")
            }
            let list = Self.list(languages ?? "")
            guard list.count >= 2, Set(list).count == list.count else {
                throw Invalid("the bilingual view shows two or more different languages side by side: give them with \(option("languages", nil)), e.g. en,fr")
            }
            self.format = .html
            shown = .bilingual(list)
            return
        }
        if language != nil, let view, view != HTMLView.text.rawValue {
            throw Invalid("\(option("language", nil)) exports the text view; the ‘\(view)’ view is in the resolution’s own language only")
        }
        if allowStale && language == nil { throw Invalid("\(spelling.flag("allow-stale")) goes with \(option("language", nil))") }
        guard let chosen = ExportFormat(rawValue: format) else {
            throw Invalid("\(option("format", nil)) must be md, html, akn or docx (not ‘\(format)’)")
        }
        var known = chosen.views[0]
        if let view {
            guard let named = HTMLView(rawValue: view) else {
                throw Invalid("\(option("view", nil)) must be text, amendments, voting-list or adopted (not ‘\(view)’)")
            }
            guard chosen.views.contains(named) else {
                throw Invalid("\(option("format", format)) has the views \(chosen.views.map(\.rawValue).joined(separator: ", ")), not ‘\(view)’")
            }
            known = named
        }
        self.format = chosen
        shown = .view(known, language: language, allowStale: allowStale)
    }

    /// `en, fr` → `["en", "fr"]`.
    static func list(_ languages: String) -> [String] {
        languages.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Arguments that make no export, in words.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong, naming the options as the front end spells them.
        public let message: String

        init(_ message: String) {
            self.message = message
        }

        public var description: String { message }
    }
}

/// How a front end names the options of an export, so that a refusal names them as the person typed them.
public enum ExportOptionSpelling: Sendable {
    /// `--format html`, `--allow-stale` (`accord export`).
    case commandLine
    /// `format=html`, `allow-stale=true` (a URL's query).
    case query

    /// An option, with a value (`--format html`, `format=html`) or without (`--format`, `‘format’`).
    func option(_ name: String, _ value: String?) -> String {
        switch self {
        case .commandLine: value.map { "--\(name) \($0)" } ?? "--\(name)"
        case .query: value.map { "\(name)=\($0)" } ?? "‘\(name)’"
        }
    }

    /// A flag that is on (`--allow-stale`, `allow-stale=true`).
    func flag(_ name: String) -> String {
        switch self {
        case .commandLine: "--\(name)"
        case .query: "\(name)=true"
        }
    }
}

extension ExportRequest {
    /// What a request shows, read from the record: the export, and for the bilingual view its
    /// language versions, all from one commit.
    public struct Loaded: Sendable, Equatable {
        public var export: ResolutionExport
        public var versions: [LanguageVersion]
    }

    /// Reads what the request shows from the record: the only part that touches it.
    /// - Throws: `AccordError`: an unknown resolution, revision or language (`notFound`); a
    ///   language version out of date or incomplete without `allowStale` (`refused`, listing its gaps).
    public func load(from record: Record, spelling: ExportOptionSpelling = .commandLine) throws(AccordError) -> Loaded {
        switch shown {
        case .bilingual(let languages):
            let loaded = try ResolutionExport.load(from: record, resolution: resolution, at: revision, languages: languages)
            return Loaded(export: loaded.export, versions: loaded.versions)
        case .view(_, let language?, let allowStale):
            let export = try ResolutionExport.load(from: record, resolution: resolution, at: revision, language: language,
                                                   allowStale: allowStale, spelling: spelling)
            return Loaded(export: export, versions: [])
        case .view(_, nil, _):
            return Loaded(export: try ResolutionExport.load(from: record, resolution: resolution, at: revision), versions: [])
        }
    }

    /// The file's bytes: a pure function of what was loaded.
    /// - Throws: when a Word document cannot be put together (its ZIP archive).
    public func render(_ loaded: Loaded) throws -> Data {
        switch shown {
        case .bilingual:
            return Data(HTMLExport.bilingual(loaded.export, versions: loaded.versions).utf8)
        case .view(let view, _, _):
            let settings = AkomaNtoso.Settings(country: country)
            guard let data = try Exporter.file(loaded.export, format: format, view: view, settings: settings) else {
                // `init` only makes views the format has.
                preconditionFailure("--format \(format.rawValue) has no view ‘\(view.rawValue)’")
            }
            return data
        }
    }

    /// A name for the file: the resolution, the view unless it is the text, the language(s),
    /// the format's extension (`pact-2026-amendments.docx`, `pact-2026.fr.xml`, `pact-2026-bilingual.en-fr.html`).
    public var fileName: String {
        var name = resolution
        switch shown {
        case .bilingual(let languages):
            name += "-\(Self.bilingualView).\(languages.joined(separator: "-"))"
        case .view(let view, let language, _):
            if view != .text { name += "-\(view.rawValue)" }
            if let language { name += ".\(language)" }
        }
        let safe = name.unicodeScalars.map { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "-._".unicodeScalars.contains(scalar)) ? Character(scalar) : "_"
        }
        return String(safe) + "." + format.fileExtension
    }
}

extension ExportFormat {
    /// The media type of the format's files, for HTTP's `Content-Type`.
    public var mediaType: String {
        switch self {
        case .markdown: "text/markdown; charset=utf-8"
        case .html: "text/html; charset=utf-8"
        case .akn: "application/akn+xml; charset=utf-8"
        case .docx: DocxExport.mediaType
        }
    }

    /// The extension of the format's files, without its dot (`xml` for Akoma Ntoso).
    public var fileExtension: String {
        switch self {
        case .markdown: "md"
        case .html: "html"
        case .akn: "xml"
        case .docx: "docx"
        }
    }
}
