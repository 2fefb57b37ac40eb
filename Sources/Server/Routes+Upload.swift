import Exports
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Resolutions

/// Amendments from a marked-up Word copy: the upload that `accord amend RES --from FILE.docx` is
/// on the command line, one amendment per changed provision, each its own commit.
extension APIRouter {
    /// The largest Word document taken: a resolution's text export is tens of kilobytes, so
    /// this leaves room for a copy full of comments and revisions.
    static let largestWordDocument = 10 * 1024 * 1024

    /// The media types a Word document may come as (browsers send `.docx` files as the first;
    /// scripts often as bytes).
    static let wordMediaTypes: Set<String> = [DocxExport.mediaType, "application/octet-stream"]

    /// One amendment found in the copy, and once tabled its id and commit.
    struct FoundAmendment: Encodable {
        let target: String
        let kind: String
        let text: String?
        let justification: String
        /// Where it is in the copy, in words.
        let place: String
        /// What it does, in a line, as `accord amend --from --dry-run` lists it.
        let summary: String
        /// The amendment's id once tabled (`A4`).
        let id: String?
        /// The commit that records it, once tabled.
        let commit: String?
    }

    struct FoundAmendments: Encodable {
        /// Whether they were tabled (false for a dry run).
        let tabled: Bool
        let amendments: [FoundAmendment]
    }

    mutating func addUpload() {
        let services = services
        // POST …/amendments/from-docx?dry-run=true&justification=…&file=name.docx, the document as the body.
        on(.post, "/api/v1/resolutions/:resolution/amendments/from-docx") { request, context in
            let id = try Self.resolution(context)
            let person = try context.requirePerson()
            let query = request.uri.queryParameters
            let dryRun = try Self.flag(query.get("dry-run"), parameter: "dry-run")
            let justification = query.get("justification") ?? ""
            let file = try Self.uploadName(query.get("file"))
            if let type = request.headers[.contentType] {
                let bare = type.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
                guard Self.wordMediaTypes.contains(bare) else {
                    throw APIError(.unsupportedMediaType, "this is not a Word document",
                                   reasons: ["send the marked-up copy as the body, with Content-Type: \(DocxExport.mediaType) (not \(type))"])
                }
            }
            let data = try await Self.wordDocument(request)
            let found = try await Self.amendments(from: data, file: file, justification: justification, dryRun: dryRun,
                                                  resolution: id, person: person, services: services)
            return try HTTPBody.json(found, status: dryRun ? .ok : .created)
        }
    }

    /// The amendments of a marked-up copy of resolution `id`'s text, tabled as `person` in text
    /// order, each its own commit, all or none, unless `dryRun`: what the API and the upload page
    /// both answer.
    static func amendments(from data: Data, file: String, justification: String, dryRun: Bool, resolution id: String,
                           person: Person, services: ServerServices) async throws -> FoundAmendments {
        let text = try await Self.reading { () throws(AccordError) in try await services.reader.amendableText(id) }
        let found: [DocxMarkup.Found]
        do throws(InvalidInput) {
            found = try DocxMarkup.amendments(from: data, file: file, text: text, justification: justification)
        } catch {
            throw APIError(AccordError.invalidInput(error))
        }
        if dryRun { return FoundAmendments(tabled: false, amendments: found.map { Self.described($0, performed: nil) }) }
        // All of them or none, at one time, so that a deadline passes before the first or after the last.
        do throws(AccordError) {
            let performed = try await services.queue.perform(found.map { .table(resolution: id, $0.draft) }, by: person.id,
                                                             at: services.configuration.now())
            return FoundAmendments(tabled: true, amendments: zip(found, performed).map { Self.described($0, performed: $1) })
        } catch {
            let refusal = APIError(error)
            guard found.count > 1 else { throw refusal }
            throw APIError(refusal.status, refusal.error, reasons: refusal.reasons + ["none of the \(found.count) amendments in the document was tabled"])
        }
    }

    /// The request's body, up to `largestWordDocument`, or a 413 in words.
    static func wordDocument(_ request: Request) async throws -> Data {
        let tooLarge = APIError(.contentTooLarge, "the document is too large",
                                reasons: ["a Word document of at most \(largestWordDocument / 1024 / 1024) MB can be uploaded: save the copy without pictures or embedded fonts and try again"])
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > largestWordDocument { throw tooLarge }
        do {
            return Data(buffer: try await request.body.collect(upTo: largestWordDocument))
        } catch is NIOTooManyBytesError {
            throw tooLarge
        }
    }

    /// `file=`: the name of the uploaded file, which the reasons of a refusal name.
    static func uploadName(_ text: String?) throws -> String {
        guard let text, !text.isEmpty else { return "the uploaded document" }
        guard text.count <= 200, !text.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
            throw APIError.malformed(["‘file’ is the name of the uploaded file, in at most 200 characters"])
        }
        return text
    }

    static func described(_ amendment: DocxMarkup.Found, performed: Performed?) -> FoundAmendment {
        FoundAmendment(target: amendment.draft.target, kind: amendment.draft.kind.rawValue, text: amendment.draft.text,
                       justification: amendment.draft.justification, place: amendment.place, summary: amendment.summary,
                       id: performed?.created, commit: performed?.commit.hex)
    }
}

extension RecordReader {
    /// The text amendments are tabled against, at the tip.
    func amendableText(_ id: String) throws(AccordError) -> ResolutionText {
        try record.snapshot().text(id)
    }
}
