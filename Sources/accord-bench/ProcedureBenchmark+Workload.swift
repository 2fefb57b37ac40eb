import Foundation
import Resolutions

/// The synthetic consultation: a roster, a text and a plan of amendments, all
/// derived from the options alone, so that two runs perform the same actions.
extension ProcedureBenchmark {
    /// The resolution the procedure runs on.
    static let resolution = "bench"
    /// A second resolution with the same text, left open for amendments, on which
    /// the CLI's `amend` is timed once the record is full.
    static let openResolution = "bench-open"
    static let secretariat = "sec-1"

    /// Generated people and what they belong to, in roster order.
    struct Workload {
        let options: Options
        let roster: Roster
        let text: ResolutionText
        /// Member organisation ids, `org-01` …
        let organisations: [String]

        init(_ options: Options) {
            self.options = options
            organisations = (1...options.organisations).map { String(format: "org-%02d", $0) }
            roster = Self.makeRoster(organisations)
            text = Self.makeText(provisions: options.provisions, id: ProcedureBenchmark.resolution)
        }

        /// The member who acts for an organisation (the first of its one or two people).
        func member(_ organisation: Int) -> String { "\(organisations[organisation])-1" }

        /// 50 organisations with one or two members each, and the secretariat (which does not vote).
        static func makeRoster(_ organisations: [String]) -> Roster {
            var orgs = organisations.enumerated().map { Organisation(id: $1, name: "Association \($0 + 1)") }
            orgs.append(Organisation(id: "secretariat", name: "Secretariat", votes: false))
            var people: [Person] = []
            for (index, id) in organisations.enumerated() {
                people.append(Person(id: "\(id)-1", name: "Member \(index + 1) A", email: "\(id)-1@example.org",
                                     organisation: id, roles: [Role.member]))
                if index % 2 == 0 {
                    people.append(Person(id: "\(id)-2", name: "Member \(index + 1) B", email: "\(id)-2@example.org",
                                         organisation: id, roles: [Role.member, Role.drafter]))
                }
            }
            people.append(Person(id: ProcedureBenchmark.secretariat, name: "Secretary General", email: "sec-1@example.org",
                                 organisation: "secretariat", roles: [Role.secretariat]))
            return Roster(organisations: orgs, people: people)
        }

        /// `provisions` provisions over up to 20 sections; the first half of the first
        /// section are recitals, everything else operative paragraphs.
        static func makeText(provisions: Int, id: String) -> ResolutionText {
            let sectionCount = min(20, provisions)
            var sections: [Section] = []
            var recitals = 0
            var paragraphs = 0
            for sectionIndex in 0..<sectionCount {
                let count = provisions / sectionCount + (sectionIndex < provisions % sectionCount ? 1 : 0)
                var list: [Provision] = []
                for index in 0..<count {
                    let words = "the Council calls on the Member States and the European Commission to support local and regional governments, item \(index) of part \(sectionIndex + 1);"
                    if sectionIndex == 0 && index < count / 2 {
                        recitals += 1
                        list.append(Provision(id: Numbering.impliedID(kind: .recital, number: Numbering.letters(recitals)),
                                              kind: .recital, text: "Whereas " + words))
                    } else {
                        paragraphs += 1
                        list.append(Provision(id: "par-\(paragraphs)", kind: .paragraph, text: "Asks " + words))
                    }
                }
                sections.append(Section(id: "sec-part-\(sectionIndex + 1)", title: "Part \(sectionIndex + 1)", provisions: list))
            }
            return ResolutionText(title: "Benchmark resolution on local and regional governance", id: id,
                                  opening: "The Council of European Municipalities and Regions,", sections: sections)
        }

        // MARK: Amendments

        /// The kinds of the amendments to one provision, in tabling order: several
        /// competing ones (so that some fall) and insertions on both sides.
        static let kinds: [AmendmentKind] = [.replace, .insertAfter, .replace, .insertBefore, .delete,
                                             .replace, .insertAfter, .replace, .insertBefore, .replace]

        /// The `n`th amendment tabled (from 1): spread round-robin over the provisions,
        /// so that each gets `amendments / provisions` of them.
        func draft(_ n: Int) -> (actor: String, draft: AmendmentDraft) {
            let provisions = text.provisions
            let provision = provisions[(n - 1) % provisions.count]
            let kind = Self.kinds[((n - 1) / provisions.count) % Self.kinds.count]
            let organisation = ((n - 1) / provisions.count * 11 + (n - 1)) % organisations.count
            let cosigners = n % 10 == 0 && organisations.count > 1 ? [member((organisation + 1) % organisations.count)] : []
            let newText = kind.hasText ? "Amended by \(organisations[organisation]): \(provision.text.dropLast()), in line with the principle of subsidiarity (\(n));" : nil
            return (member(organisation), AmendmentDraft(target: provision.id, kind: kind, text: newText,
                                                         justification: "Justification \(n): clearer and closer to the members' practice.",
                                                         cosignatories: cosigners))
        }

        /// A few amendments are withdrawn by their authors before the deadline…
        func isWithdrawn(_ n: Int) -> Bool { n % 200 == 7 }
        /// …and a few others ruled inadmissible.
        func isInadmissible(_ n: Int) -> Bool { n % 200 == 42 }
        /// Provisions whose competing amendments a compromise replaces (one in twenty).
        func hasCompromise(_ provisionIndex: Int) -> Bool { provisionIndex % 20 == 3 }

        /// How organisation `org` votes on the `index`th amendment put to the vote:
        /// a support level per amendment, so that some pass and others fail.
        func choice(amendment index: Int, organisation org: Int) -> VoteChoice {
            let support = 25 + (index * 13) % 55
            let roll = (index &* 7919 &+ org &* 104_729) % 100
            return roll < support ? .for : roll < support + 30 ? .against : .abstain
        }
    }
}
