import Exports
import Foundation
import Hummingbird
import Resolutions
import Workflow

/// Amendments from a Word copy of the text marked up with Track Changes: the page that
/// `accord amend RES --from FILE.docx` is on the command line and `POST …/amendments/from-docx`
/// in the API, through the same function (`APIRouter.amendments(from:…)`). A preview lists what
/// would be tabled and writes nothing.
extension Pages {
    struct UploadForm: Decodable {
        let document: Data?
        let justification: String?
        let mode: String?
    }

    struct UploadView: Sendable {
        let id: String
        let title: String
        /// Why the person may not table amendments now (the form is not offered).
        let refusals: [String]
        let problems: [String]
        let justification: String
        /// What the copy holds: a preview, or what was tabled.
        let found: [FoundRow]
        let tabled: Bool
        // Stored, not computed: templates see stored properties only (Mustache reads them through Mirror).
        let mayTable: Bool
        let textExport: String

        init(id: String, title: String, refusals: [String], problems: [String], justification: String, found: [FoundRow], tabled: Bool) {
            (self.id, self.title, self.refusals, self.problems, self.justification, self.found, self.tabled) =
                (id, title, refusals, problems, justification, found, tabled)
            mayTable = refusals.isEmpty
            textExport = "/api/v1/resolutions/\(id)/export?format=docx&view=text"
        }
    }

    struct FoundRow: Sendable {
        let summary: String
        let place: String
        let justification: String
        let amendment: String?
        let commit: String?
    }

    static func addUploadPage(_ router: Router<AccordRequestContext>, _ services: ServerServices) {
        router.get("/resolutions/:resolution/upload") { _, context in
            let view = try await uploadView(context, services, problems: [], justification: "", found: nil)
            return services.pages.page("upload", title: "Amendments from Word", view: view, context: context)
        }
        router.post("/resolutions/:resolution/upload") { request, context in
            let id = try resolution(context)
            let person = try context.requirePerson()
            let fields = try await upload(UploadForm.self, request)
            let justification = fields.justification ?? ""
            guard let document = fields.document, !document.isEmpty else {
                let view = try await uploadView(context, services, problems: ["Choose the Word document to upload."], justification: justification, found: nil)
                return services.pages.page("upload", title: "Amendments from Word", view: view, context: context, status: .unprocessableContent)
            }
            do {
                let found = try await APIRouter.amendments(from: document, file: "the uploaded document", justification: justification,
                                                           dryRun: fields.mode != "table", resolution: id, person: person, services: services)
                let view = try await uploadView(context, services, problems: [], justification: justification, found: found)
                let notice = found.tabled ? Notice(text: "Tabled \(EnglishText.count(found.amendments.count, "amendment")) from the document.", commit: nil) : nil
                return services.pages.page("upload", title: "Amendments from Word", view: view, context: context,
                                           notice: notice, status: found.tabled ? .created : .ok)
            } catch let error as APIError {
                let view = try await uploadView(context, services, problems: error.sentences + ["Choose the file again to upload it."],
                                                justification: justification, found: nil)
                return services.pages.page("upload", title: "Amendments from Word", view: view, context: context, status: error.status)
            }
        }
    }

    private static func uploadView(_ context: AccordRequestContext, _ services: ServerServices, problems: [String], justification: String,
                                   found: APIRouter.FoundAmendments?) async throws -> UploadView {
        let id = try resolution(context)
        let person = try context.requirePerson()
        let now = services.configuration.now()
        let (title, refusals) = try await read(services) { snapshot throws(AccordError) in
            (try snapshot.meta(id).title, try snapshot.refusals(of: .tableAmendment, on: id, by: person, now: now))
        }
        let rows = (found?.amendments ?? []).map {
            FoundRow(summary: $0.summary, place: $0.place, justification: $0.justification, amendment: $0.id, commit: $0.commit)
        }
        return UploadView(id: id, title: title, refusals: refusals.map(EnglishText.capitalised),
                          problems: problems, justification: justification, found: rows, tabled: found?.tabled ?? false)
    }
}
