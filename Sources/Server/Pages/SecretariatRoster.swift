import Foundation
import Hummingbird
import Resolutions

/// The roster (`/roster`) and invitations (`/invitations`), for the secretariat: the
/// organisations, people, roles and voting bodies as the record holds them, whether each person
/// can sign in, and invitation links made here (the link is shown once, as `accord invite`
/// prints it once).
extension Pages {
    struct RosterView {
        let organisations: [OrganisationView]
        let people: [RosterPersonView]
        let bodies: [BodyView]
        let hasBodies: Bool
    }

    struct OrganisationView {
        let id: String
        let name: String
        let votesWords: String
        let peopleCount: Int
    }

    struct RosterPersonView {
        let id: String
        let name: String
        let email: String
        let organisation: String
        let roles: String
        /// "Can sign in", "Invitation pending until …", "Not invited yet".
        let access: String
    }

    struct BodyView {
        let name: String
        let organisations: String
        let people: String
    }

    struct InvitationsView {
        let people: [InviteeView]
        let pending: [PendingView]
        let hasPending: Bool
        /// The link just made: shown once, never stored.
        let link: String
        let linkFor: String
        let problems: [String]
    }

    struct InviteeView {
        let id: String
        let label: String
        let isSelected: Bool
    }

    struct PendingView {
        let name: String
        let expires: String
    }

    struct InvitationForm: Decodable {
        let person: String?
    }

    static func addRosterPage(_ router: Router<AccordRequestContext>, _ services: ServerServices) {
        router.get("/roster") { _, context in
            _ = try requireSecretariat(context, toDo: "see the roster")
            let roster = try await read(services) { snapshot throws(AccordError) in try snapshot.roster() }
            let now = Date()
            let withPasswords = try services.store.peopleWithPasswords()
            let pending = Dictionary(try services.store.pendingInvitations(now: now).map { ($0.person, $0.expiresAt) }) { first, _ in first }
            let view = RosterView(
                organisations: roster.organisations.map { organisation in
                    OrganisationView(id: organisation.id, name: organisation.name,
                                     votesWords: organisation.votes ? "votes" : "does not vote",
                                     peopleCount: roster.people.filter { $0.organisation == organisation.id }.count)
                },
                people: roster.people.map { person in
                    let access = withPasswords.contains(person.id) ? "Can sign in"
                        : pending[person.id].map { "Invitation pending until \(HumanDate.format($0))" } ?? "Not invited yet"
                    return RosterPersonView(id: person.id, name: person.name, email: person.email,
                                            organisation: roster.organisation(person.organisation)?.name ?? person.organisation,
                                            roles: person.roles.joined(separator: ", "), access: access)
                },
                bodies: roster.bodies.map { body in
                    BodyView(name: body.name, organisations: body.organisations.map { $0.uppercased() }.joined(separator: ", "),
                             people: body.people.isEmpty ? "any member of its organisations"
                                 : body.people.map { roster.person($0)?.name ?? $0 }.joined(separator: ", "))
                },
                hasBodies: !roster.bodies.isEmpty)
            return services.pages.page("roster", title: "Roster", view: view, context: context)
        }
    }

    static func addInvitationsPage(_ router: Router<AccordRequestContext>, _ services: ServerServices) {
        router.get("/invitations") { request, context in
            _ = try requireSecretariat(context, toDo: "invite people")
            return try await invitationsPage(context, services, selected: request.uri.queryParameters.get("person"))
        }
        router.post("/invitations") { request, context in
            _ = try requireSecretariat(context, toDo: "invite people")
            let fields = try await form(InvitationForm.self, request)
            let chosen = fields.person ?? ""
            let invitee = try await read(services) { snapshot throws(AccordError) in
                try snapshot.roster().people.first { $0.id == chosen }
            }
            guard let invitee else {
                let problem = chosen.isEmpty ? "Choose the person to invite." : "There is no person ‘\(chosen)’ in the roster; choose one from the list."
                return try await invitationsPage(context, services, problems: [problem], status: .unprocessableContent)
            }
            // Links run on the real clock, as the link's page checks them, whatever the record's clock says.
            let token = try services.store.invite(invitee.id)
            let base = try services.configuration.publicURL ?? services.store.setting(ServerConfiguration.publicURLSetting) ?? origin(request)
            let link = base.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/invite/" + token
            return try await invitationsPage(context, services, link: link, linkFor: invitee)
        }
    }

    /// The address the request was made to, for a link when no public address is set.
    static func origin(_ request: Request) -> String {
        let host = request.head.authority ?? "127.0.0.1"
        return "http://\(host)"
    }

    static func invitationsPage(_ context: AccordRequestContext, _ services: ServerServices, selected: String? = nil,
                                link: String = "", linkFor: Person? = nil, problems: [String] = [],
                                status: HTTPResponse.Status = .ok) async throws -> Response {
        let roster = try await read(services) { snapshot throws(AccordError) in try snapshot.roster() }
        let pending = try services.store.pendingInvitations()
        let view = InvitationsView(
            people: roster.people.map { person in
                InviteeView(id: person.id, label: "\(person.name) (\(person.organisation.uppercased()), \(person.email))",
                            isSelected: person.id == selected)
            },
            pending: pending.map { invitation in
                PendingView(name: roster.person(invitation.person)?.name ?? invitation.person, expires: HumanDate.format(invitation.expiresAt))
            },
            hasPending: !pending.isEmpty, link: link,
            linkFor: linkFor.map { "\($0.name) (\($0.email))" } ?? "", problems: problems)
        return services.pages.page("invitations", title: "Invitations", view: view, context: context, status: status)
    }
}
