import ArgumentParser
import Foundation
import Resolutions

extension Accord {
    /// `accord roster import|show`
    struct RosterCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "roster", abstract: "The organisations, people and roles of the consultation.",
            subcommands: [Import.self, Show.self])

        struct Import: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "import",
                abstract: "Replace the roster with the one in a YAML file (the secretariat; the first import needs no identity).")
            @Argument(help: "The roster file (YAML).") var file: String
            @OptionGroup var record: RecordOptions
            @OptionGroup var actor: ActorOptions

            func run() throws {
                let yaml = try CommandContext.readFile(file)
                let roster = try CommandContext.run { () throws(AccordError) in
                    do throws(InvalidInput) { return try Roster(yaml: yaml, file: file) } catch { throw .invalidInput(error) }
                }
                let opened = try CommandContext.openRecord(record)
                let hasRoster = try CommandContext.run { () throws(AccordError) in try opened.snapshot().roster() != .empty }
                let who = hasRoster ? CommandContext.actor(actor, record: opened) : actor.actor
                let now = try CommandContext.now()
                let performed = try CommandContext.run { () throws(AccordError) in
                    try opened.perform(.importRoster(roster), by: who, at: now)
                }
                CommandContext.say(performed)
            }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "show", abstract: "List the organisations and people.")
            @OptionGroup var record: RecordOptions
            @OptionGroup var output: OutputOptions

            func run() throws {
                let opened = try CommandContext.openRecord(record)
                let roster = try CommandContext.run { () throws(AccordError) in try opened.snapshot().roster() }
                if output.json {
                    try CommandContext.printJSON(RosterJSON(roster))
                    return
                }
                for organisation in roster.organisations {
                    print("\(organisation.id): \(organisation.name)\(organisation.votes ? "" : " (does not vote)")")
                    for person in roster.people where person.organisation == organisation.id {
                        print("  \(person.id): \(person.name) <\(person.email)> — \(person.roles.joined(separator: ", "))")
                    }
                }
                for body in roster.bodies {
                    let who = body.people.isEmpty ? "" : "; voting for them: \(body.people.joined(separator: ", "))"
                    print("\(body.name) (\(body.id)): \(body.organisations.joined(separator: ", "))\(who)")
                }
            }
        }
    }
}

/// `accord roster show --json`.
struct RosterJSON: Encodable {
    struct OrganisationJSON: Encodable { let id, name: String; let votes: Bool }
    struct PersonJSON: Encodable { let id, name, email, organisation: String; let roles: [String] }
    struct BodyJSON: Encodable { let id, name: String; let organisations, people: [String] }
    let organisations: [OrganisationJSON]
    let people: [PersonJSON]
    let bodies: [BodyJSON]

    init(_ roster: Roster) {
        organisations = roster.organisations.map { OrganisationJSON(id: $0.id, name: $0.name, votes: $0.votes) }
        people = roster.people.map { PersonJSON(id: $0.id, name: $0.name, email: $0.email, organisation: $0.organisation, roles: $0.roles) }
        bodies = roster.bodies.map { BodyJSON(id: $0.id, name: $0.name, organisations: $0.organisations, people: $0.people) }
    }
}
