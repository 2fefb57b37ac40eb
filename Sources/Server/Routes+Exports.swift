import Exports
import Foundation
import GitStore
import HTTPTypes
import Hummingbird
import Resolutions

/// The exports: a resolution as Markdown, HTML, Akoma Ntoso or Word, in any view, version and
/// language, the same bytes as `accord export` writes for the same arguments.
extension APIRouter {
    mutating func addExports() {
        let services = services
        // GET …/export?format=md|html|akn|docx&view=…&at=REV&language=fr&allow-stale=true&languages=en,fr&country=eu
        on(.get, "/api/v1/resolutions/:resolution/export") { request, context in
            let id = try Self.resolution(context)
            let query = request.uri.queryParameters
            let wanted: ExportRequest
            do {
                wanted = try ExportRequest(
                    resolution: id, format: query.get("format") ?? ExportFormat.html.rawValue, view: query.get("view"),
                    at: try Self.revision(query.get("at")), language: try Self.languageTag(query.get("language"), parameter: "language"),
                    languages: try Self.languageTag(query.get("languages"), parameter: "languages"),
                    allowStale: try Self.flag(query.get("allow-stale"), parameter: "allow-stale"),
                    country: try Self.country(query.get("country")), spelling: .query)
            } catch let invalid as ExportRequest.Invalid {
                throw APIError.malformed([invalid.message])
            }
            let loaded = try await Self.reading { () throws(AccordError) in try await services.reader.export(wanted) }
            let file: Data
            do {
                file = try wanted.render(loaded)
            } catch {
                throw APIError(.internalServerError, "the Word document could not be made", reasons: ["the Word document could not be made: \(error.localizedDescription)"])
            }
            var headers: HTTPFields = [.contentType: wanted.format.mediaType]
            headers[.contentDisposition] = "attachment; filename=\"\(wanted.fileName)\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: file)))
        }
    }

    /// `at=`: a commit, a tag (`pact-2026/adopted`) or `main~N`; anything else names no version.
    static func revision(_ text: String?) throws -> String? {
        guard let text else { return nil }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/~^-")
        guard !text.isEmpty, text.count <= 200, text.unicodeScalars.allSatisfy(allowed.contains) else {
            throw APIError.notFound("‘at’ names no version of the record: give a commit, a tag such as pact-2026/adopted, or main~N")
        }
        return text
    }

    /// `language=` or `languages=`: language tags (`fr`, `fr-BE`), separated by commas for `languages`.
    static func languageTag(_ text: String?, parameter: String) throws -> String? {
        guard let text else { return nil }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-, ")
        guard text.count <= 100, text.unicodeScalars.allSatisfy(allowed.contains) else {
            throw APIError.malformed(["‘\(parameter)’ takes language codes such as fr or en,fr"])
        }
        return text
    }

    /// `country=`: Akoma Ntoso's country code of the work (`eu`, `fr`).
    static func country(_ text: String?) throws -> String {
        guard let text else { return "eu" }
        guard (1...10).contains(text.count), text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw APIError.malformed(["‘country’ is a country code such as eu or fr"])
        }
        return text
    }

    /// A query parameter that is true or false (absent: false).
    static func flag(_ text: String?, parameter: String) throws -> Bool {
        switch text {
        case nil, "false": return false
        case "true": return true
        default: throw APIError.malformed(["‘\(parameter)’ is true or false"])
        }
    }
}

extension RecordReader {
    /// What an export shows, read at its version (the tip of `main` unless it names one).
    ///
    /// A version that git cannot make sense of (`at=^`) names none: a 404 like an unknown tag,
    /// not a failure of the record.
    func export(_ request: ExportRequest) throws(AccordError) -> ExportRequest.Loaded {
        do {
            return try request.load(from: record, spelling: .query)
        } catch .store(let error) where error.function == "git_revparse_single" {
            throw .notFound("the revision ‘\(request.revision ?? "")’ names no version in this record")
        }
    }
}
