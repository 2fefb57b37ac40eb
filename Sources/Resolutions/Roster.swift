import Foundation
import Yams

/// The organisations and people of a consultation, and the roles people hold.
///
/// Votes are cast per organisation: one vote per member organisation per
/// item, by any of its people with the `member` role.
public struct Roster: Sendable, Equatable {
    /// Member organisations and the secretariat, in roster order.
    public var organisations: [Organisation]
    /// Everyone who may act, with their roles.
    public var people: [Person]
    /// The bodies that vote, each a set of member organisations; none: the whole membership votes.
    public var bodies: [Body]

    /// A roster of these organisations, people and bodies.
    public init(organisations: [Organisation], people: [Person], bodies: [Body] = []) {
        self.organisations = organisations
        self.people = people
        self.bodies = bodies
    }

    /// The empty roster of a record that has none yet.
    public static let empty = Roster(organisations: [], people: [])

    /// The organisation with this id.
    public func organisation(_ id: String) -> Organisation? { organisations.first { $0.id == id } }

    /// A person by roster id or by email (case-insensitive), as people are named on the command line.
    public func person(_ idOrEmail: String) -> Person? {
        people.first { $0.id == idOrEmail } ?? people.first { $0.email.lowercased() == idOrEmail.lowercased() }
    }

    /// The organisations that vote, in roster order: the electorate of a vote.
    public var memberOrganisations: [Organisation] { organisations.filter(\.votes) }

    /// The body with this id.
    public func body(_ id: String) -> Body? { bodies.first { $0.id == id } }
}

/// A body that votes, such as a working group or a policy committee: some member organisations
/// and, where it lists them, the only people who may cast their organisations' votes in it.
public struct Body: Sendable, Equatable {
    /// A short lower-case id, e.g. `policy-committee`, as workflows name it.
    public var id: String
    /// The full name, e.g. "Policy Committee".
    public var name: String
    /// The ids of its member organisations, in roster order.
    public var organisations: [String]
    /// The ids of the people who vote in it; empty: any member of its organisations.
    public var people: [String]

    /// A body of these organisations and, if any are listed, these people.
    public init(id: String, name: String, organisations: [String], people: [String] = []) {
        self.id = id
        self.name = name
        self.organisations = organisations
        self.people = people
    }
}

/// A member association or the secretariat.
public struct Organisation: Sendable, Equatable {
    /// A short lower-case id, e.g. `vng`.
    public var id: String
    /// The full name.
    public var name: String
    /// Member organisations vote; the secretariat does not.
    public var votes: Bool

    /// An organisation, a voting member unless said otherwise.
    public init(id: String, name: String, votes: Bool = true) {
        self.id = id
        self.name = name
        self.votes = votes
    }
}

/// Someone who acts in the record under their own name.
public struct Person: Sendable, Equatable {
    /// A short lower-case id, e.g. `amelie`.
    public var id: String
    /// The name commits are signed with.
    public var name: String
    /// The email commits are signed with; also names the person on the command line.
    public var email: String
    /// The id of the person's organisation.
    public var organisation: String
    /// e.g. `secretariat`, `drafter`, `member`.
    public var roles: [String]

    /// A person of an organisation with these roles.
    public init(id: String, name: String, email: String, organisation: String, roles: [String]) {
        self.id = id
        self.name = name
        self.email = email
        self.organisation = organisation
        self.roles = roles
    }
}

extension Roster {
    /// Reads a roster written in YAML, checking every reference.
    /// - Throws: `InvalidInput` with every problem and its line.
    public init(yaml: String, file: String) throws(InvalidInput) {
        var problems: [InputProblem] = []
        func problem(_ line: Int?, _ message: String) { problems.append(InputProblem(file: file, line: line, message)) }
        let root: Node?
        do {
            // Every value is read as text: the basic resolver skips matching each against
            // YAML's typed forms (a regular expression apiece, most of a CLI action's parse).
            root = try Yams.compose(yaml: yaml, .basic)
        } catch {
            throw InvalidInput([InputProblem(file: file, line: nil, "not valid YAML: \(YAMLText.describe(error))")])
        }
        guard let mapping = root?.mapping else {
            throw InvalidInput([InputProblem(file: file, line: 1, "a roster has two lists: ‘organisations:’ and ‘people:’")])
        }
        for (key, line) in YAMLMapping(node: mapping, file: file).keys where !["organisations", "people", "bodies"].contains(key) {
            problem(line, "unknown key ‘\(key)’ (a roster has ‘organisations:’, ‘people:’ and, if some bodies vote, ‘bodies:’)")
        }

        var organisations: [Organisation] = []
        var people: [Person] = []
        let orgNodes = mapping["organisations"]?.sequence.map(Array.init) ?? []
        if orgNodes.isEmpty { problem(1, "the roster lists no organisations") }
        for node in orgNodes {
            let line = node.mark?.line
            guard let entry = node.mapping else { problem(line, "each organisation is a list item with ‘id:’ and ‘name:’"); continue }
            let id = entry["id"]?.string ?? ""
            let name = entry["name"]?.string ?? ""
            if !Slug.isValidID(id) { problem(line, "organisation ‘\(id)’: the id may only hold lower-case letters, digits and ‘-’") }
            if name.isEmpty { problem(line, "organisation ‘\(id)’ has no name") }
            if organisations.contains(where: { $0.id == id }) { problem(line, "the organisation ‘\(id)’ is listed twice") }
            var votes = true
            if let flag = entry["votes"] {
                if let value = flag.bool { votes = value } else { problem(flag.mark?.line, "‘votes’ is true or false") }
            }
            for key in entry.keys.compactMap(\.string) where !["id", "name", "votes"].contains(key) {
                problem(line, "organisation ‘\(id)’: unknown key ‘\(key)’")
            }
            organisations.append(Organisation(id: id, name: name, votes: votes))
        }
        let peopleNodes = mapping["people"]?.sequence.map(Array.init) ?? []
        if peopleNodes.isEmpty { problem(1, "the roster lists no people") }
        for node in peopleNodes {
            let line = node.mark?.line
            guard let entry = node.mapping else { problem(line, "each person is a list item with ‘id:’, ‘name:’, ‘email:’, ‘organisation:’ and ‘roles:’"); continue }
            let id = entry["id"]?.string ?? ""
            let person = Person(
                id: id, name: entry["name"]?.string ?? "", email: entry["email"]?.string ?? "",
                organisation: entry["organisation"]?.string ?? "",
                roles: entry["roles"]?.sequence?.compactMap(\.string) ?? [])
            if !Slug.isValidID(id) { problem(line, "person ‘\(id)’: the id may only hold lower-case letters, digits and ‘-’") }
            if person.name.isEmpty { problem(line, "person ‘\(id)’ has no name") }
            if !person.email.contains("@") { problem(line, "person ‘\(id)’ needs an email address") }
            if people.contains(where: { $0.id == id }) { problem(line, "the person ‘\(id)’ is listed twice") }
            if !person.email.isEmpty, people.contains(where: { $0.email.lowercased() == person.email.lowercased() }) {
                problem(line, "the email ‘\(person.email)’ is used by two people")
            }
            if !organisations.contains(where: { $0.id == person.organisation }) {
                problem(line, "person ‘\(id)’ belongs to ‘\(person.organisation)’, which is not in the organisations list")
            }
            if person.roles.isEmpty { problem(line, "person ‘\(id)’ has no roles (e.g. ‘roles: [member]’)") }
            for key in entry.keys.compactMap(\.string) where !["id", "name", "email", "organisation", "roles"].contains(key) {
                problem(line, "person ‘\(id)’: unknown key ‘\(key)’")
            }
            people.append(person)
        }
        if !people.isEmpty, !people.contains(where: { $0.roles.contains(Role.secretariat) }) {
            problem(nil, "at least one person must have the ‘secretariat’ role, or nobody could run the consultation")
        }
        var bodies: [Body] = []
        if let node = mapping["bodies"] {
            bodies = Self.bodies(node, organisations: organisations, people: people, problem: problem)
        }
        guard problems.isEmpty else { throw InvalidInput(problems) }
        self.init(organisations: organisations, people: people, bodies: bodies)
    }

    /// The roster as stored in the record: the same format a person writes.
    public var yaml: String {
        var out = "organisations:\n"
        for organisation in organisations {
            out += "  - id: \(organisation.id)\n    name: \(YAMLText.scalar(organisation.name))\n"
            if !organisation.votes { out += "    votes: false\n" }
        }
        out += "people:\n"
        for person in people {
            out += "  - id: \(person.id)\n    name: \(YAMLText.scalar(person.name))\n    email: \(YAMLText.scalar(person.email))\n"
            out += "    organisation: \(person.organisation)\n    roles: \(YAMLText.list(person.roles))\n"
        }
        if !bodies.isEmpty { out += "bodies:\n" }
        for body in bodies {
            out += "  \(body.id):\n    name: \(YAMLText.scalar(body.name))\n    organisations: \(YAMLText.list(body.organisations))\n"
            if !body.people.isEmpty { out += "    people: \(YAMLText.list(body.people))\n" }
        }
        return out
    }
}

extension Roster {
    /// Reads `bodies:`: each body's members must be voting organisations of the roster, and its
    /// people members of those organisations.
    private static func bodies(_ node: Node, organisations: [Organisation], people: [Person],
                               problem: (Int?, String) -> Void) -> [Body] {
        guard let mapping = node.mapping else {
            problem(node.mark?.line, "‘bodies:’ lists each body by its id, e.g. ‘policy-committee: {name: Policy Committee, organisations: [afccre, vng]}’")
            return []
        }
        var bodies: [Body] = []
        for (key, value) in mapping {
            let id = key.string ?? ""
            let line = key.mark?.line
            guard let entry = value.mapping else { problem(line, "body ‘\(id)’ needs ‘name:’ and ‘organisations:’"); continue }
            let body = Body(id: id, name: entry["name"]?.string ?? "",
                            organisations: entry["organisations"]?.sequence?.compactMap(\.string) ?? [],
                            people: entry["people"]?.sequence?.compactMap(\.string) ?? [])
            if !Slug.isValidID(id) { problem(line, "body ‘\(id)’: the id may only hold lower-case letters, digits and ‘-’") }
            if body.name.isEmpty { problem(line, "body ‘\(id)’ has no name") }
            if body.organisations.isEmpty { problem(line, "body ‘\(id)’ lists no organisations") }
            for organisation in body.organisations {
                if !organisations.contains(where: { $0.id == organisation && $0.votes }) {
                    problem(line, "body ‘\(id)’ lists ‘\(organisation)’, which is not a voting organisation of the roster")
                }
            }
            if Set(body.organisations).count != body.organisations.count { problem(line, "body ‘\(id)’ lists an organisation twice") }
            for personID in body.people {
                guard let person = people.first(where: { $0.id == personID }) else {
                    problem(line, "body ‘\(id)’ lists ‘\(personID)’, who is not among the people of the roster"); continue
                }
                if !body.organisations.contains(person.organisation) {
                    problem(line, "body ‘\(id)’ lists \(person.name), whose organisation ‘\(person.organisation)’ is not in the body")
                }
            }
            for field in entry.keys.compactMap(\.string) where !["name", "organisations", "people"].contains(field) {
                problem(line, "body ‘\(id)’: unknown key ‘\(field)’ (a body has ‘name:’, ‘organisations:’ and optionally ‘people:’)")
            }
            if bodies.contains(where: { $0.id == id }) { problem(line, "the body ‘\(id)’ is listed twice") }
            bodies.append(body)
        }
        return bodies
    }
}

/// The role names Accord itself relies on; workflows may declare more.
public enum Role {
    /// Runs the procedure, screens amendments and adopts.
    public static let secretariat = "secretariat"
    /// Writes the draft.
    public static let drafter = "drafter"
    /// Tables amendments and votes for a member organisation.
    public static let member = "member"
}
