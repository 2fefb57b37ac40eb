import Foundation
import Hummingbird
import Resolutions

/// The actions: each request is one `Action` performed as the signed-in person, answered 201
/// with its commit.
extension APIRouter {
    struct TableRequest: Decodable {
        let target: String
        let kind: String
        let text: String?
        let justification: String?
        let cosignatories: [String]?
        let replaces: [String]?
    }

    struct RulingRequest: Decodable {
        let admissible: Bool
        let reason: String?
    }

    struct ProposalRequest: Decodable {
        let recommendation: String
        let note: String?
    }

    struct VoteRequest: Decodable {
        let item: String
        let choice: String
    }

    struct TransitionRequest: Decodable {
        let name: String
        let deadline: String?
    }

    struct ActionResponse: Encodable {
        /// The full id of the commit that records the action.
        let commit: String
        /// Its first line.
        let summary: String
        /// What it created (a new amendment's id).
        let created: String?
    }

    mutating func addActions() {
        let services = services
        let resolutionPath = "/api/v1/resolutions/:resolution"
        let amendmentPath = resolutionPath + "/amendments/:amendment"

        on(.post, resolutionPath + "/amendments") { request, context in
            try await Self.table(request, context, services, isCompromise: false)
        }
        on(.post, resolutionPath + "/compromises") { request, context in
            try await Self.table(request, context, services, isCompromise: true)
        }
        on(.post, amendmentPath + "/withdrawal") { _, context in
            let (id, number) = try Self.amendment(context)
            return try await Self.perform(.withdraw(resolution: id, amendment: number), context, services)
        }
        on(.post, amendmentPath + "/cosignatures") { _, context in
            let (id, number) = try Self.amendment(context)
            return try await Self.perform(.cosign(resolution: id, amendment: number), context, services)
        }
        on(.post, amendmentPath + "/ruling") { request, context in
            let (id, number) = try Self.amendment(context)
            let body = try await HTTPBody.decode(RulingRequest.self, from: request, context: context)
            return try await Self.perform(.screen(resolution: id, amendment: number, admissible: body.admissible, reason: body.reason), context, services)
        }
        on(.post, amendmentPath + "/proposal") { request, context in
            let (id, number) = try Self.amendment(context)
            let body = try await HTTPBody.decode(ProposalRequest.self, from: request, context: context)
            guard body.recommendation == "accept" || body.recommendation == "reject" else {
                throw APIError.malformed(["‘recommendation’ is accept or reject"])
            }
            return try await Self.perform(.propose(resolution: id, amendment: number, accept: body.recommendation == "accept", note: body.note),
                                          context, services)
        }
        on(.post, resolutionPath + "/votes") { request, context in
            let id = try Self.resolution(context)
            let body = try await HTTPBody.decode(VoteRequest.self, from: request, context: context)
            guard let choice = VoteChoice(rawValue: body.choice) else { throw APIError.malformed(["‘choice’ is for, against or abstain"]) }
            return try await Self.perform(.vote(resolution: id, item: try WellFormed.item(body.item, in: id), choice: choice), context, services)
        }
        on(.post, resolutionPath + "/transitions") { request, context in
            let id = try Self.resolution(context)
            let body = try await HTTPBody.decode(TransitionRequest.self, from: request, context: context)
            guard Slug.isValidID(body.name) else { throw APIError.malformed(["there is no step called ‘\(body.name)’"]) }
            var deadline: Date?
            if let text = body.deadline {
                guard let date = RecordDate.parse(text) else { throw APIError.malformed(["‘deadline’ ‘\(text)’ is not a date (ISO 8601, e.g. 2026-12-15T18:00Z)"]) }
                deadline = date
            }
            return try await Self.perform(.transition(resolution: id, name: body.name, deadline: deadline), context, services)
        }
    }

    private static func amendment(_ context: AccordRequestContext) throws -> (String, Int) {
        let id = try resolution(context)
        return (id, try WellFormed.amendment(context.parameters.require("amendment"), in: id))
    }

    /// Tables an amendment, or a compromise: the same body, where only a compromise names the
    /// amendments it replaces.
    private static func table(_ request: Request, _ context: AccordRequestContext, _ services: ServerServices,
                              isCompromise: Bool) async throws -> Response {
        let id = try resolution(context)
        let body = try await HTTPBody.decode(TableRequest.self, from: request, context: context)
        let replacesAny = !(body.replaces ?? []).isEmpty
        if replacesAny && !isCompromise {
            throw APIError.malformed(["an amendment replaces no other; the secretariat tables a compromise at \(id)/compromises"])
        }
        if !replacesAny && isCompromise { throw APIError.malformed(["a compromise names the amendments it replaces (‘replaces’)"]) }
        return try await perform(.table(resolution: id, try draft(body, in: id)), context, services)
    }

    private static func draft(_ body: TableRequest, in id: String) throws -> AmendmentDraft {
        guard let kind = AmendmentKind(rawValue: body.kind) else {
            throw APIError.malformed(["‘kind’ is one of \(AmendmentKind.allCases.map(\.rawValue).joined(separator: ", "))"])
        }
        let replaces = try (body.replaces ?? []).map { try WellFormed.amendment($0, in: id) }
        return AmendmentDraft(target: try WellFormed.provision(body.target, in: id), kind: kind, text: body.text,
                              justification: body.justification ?? "", cosignatories: body.cosignatories ?? [], replaces: replaces)
    }

    /// Performs the action as the signed-in person, through the one queue that writes.
    private static func perform(_ action: Action, _ context: AccordRequestContext, _ services: ServerServices) async throws -> Response {
        let person = try context.requirePerson()
        let performed: Performed
        do {
            performed = try await services.queue.perform(action, by: person.id, at: services.configuration.now())
        } catch {
            throw APIError(error)
        }
        return try HTTPBody.json(ActionResponse(commit: performed.commit.hex, summary: performed.summary, created: performed.created), status: .created)
    }
}
