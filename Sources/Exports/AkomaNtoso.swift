import Foundation
import Resolutions

/// A resolution and its amendments as Akoma Ntoso 3.0 (OASIS LegalDocML) documents.
///
/// The text is a `statement name="resolution"`: the opening formula and the
/// recitals in `preamble`, each section of operative paragraphs an
/// `hcontainer name="section"` in `mainBody`. The amendments are an
/// `amendmentList` whose `collectionBody` holds one `amendment` document per
/// amendment. Both validate against the official `akomantoso30.xsd`.
///
/// eIds come from Accord's stable ids by replacing `-` with `_` (`par-4` →
/// `par_4`, `sec-governance` → `sec_governance`, `rec-a` → `rec_a`): Accord ids
/// never hold `_`, so the mapping is one-to-one and reversible, and an eId stays
/// the same across versions exactly as the Accord id does.
public enum AkomaNtoso {
    /// The Akoma Ntoso 3.0 namespace.
    public static let namespace = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
    /// The namespace of the Accord-specific data kept in `proprietary` (amendment state, votes).
    public static let accordNamespace = "urn:x-accord:akn-proprietary:1"

    /// Where a resolution sits in Akoma Ntoso's naming convention.
    public struct Settings: Sendable, Equatable {
        /// `FRBRcountry`, which the schema requires of every work: an ISO 3166-1 alpha-2 code,
        /// or `eu` for the European level where CEMR-like bodies work.
        public var country: String
        /// The roster id of the organisation that authors the resolution; nil for the roster's
        /// first organisation that does not vote (the secretariat).
        public var author: String?

        public init(country: String = "eu", author: String? = nil) {
            self.country = country
            self.author = author
        }
    }

    /// The eId of an Accord id: `-` becomes `_`.
    public static func eId(_ accordID: String) -> String {
        accordID.replacingOccurrences(of: "-", with: "_")
    }

    /// The resolution at this version as an Akoma Ntoso `statement`.
    /// - Complexity: linear in the size of the text and of the history.
    public static func statement(_ export: ResolutionExport, settings: Settings = Settings()) -> String {
        let text = export.text
        var out = ""
        out.reserveCapacity(text.provisions.reduce(0) { $0 + $1.text.utf8.count + 160 } + export.events.count * 200 + 8_000)
        let names = Names(export, settings: settings)
        out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<akomaNtoso xmlns=\"\(namespace)\">\n"
        out += "  <statement name=\"resolution\">\n    <meta>\n"
        identification(names, into: &out)
        lifecycle(export.events, into: &out)
        out += "      <references source=\"#accord\">\n"
        out += "        <original eId=\"original\" href=\"\(names.work)/!main\" showAs=\"\(Markup.escape(text.title))\"/>\n"
        references(export, names: names, organisations: [], people: Set(export.events.compactMap(\.actor)), into: &out)
        out += "      </references>\n    </meta>\n"
        out += "    <preface>\n      <p class=\"title\"><docTitle>\(Markup.escape(text.title))</docTitle></p>\n    </preface>\n"
        body(text, into: &out)
        out += "  </statement>\n</akomaNtoso>\n"
        return out
    }

    /// The names, dates and URIs shared by the documents of one export.
    struct Names {
        let language: String
        let author: String
        let authorName: String
        let work: String
        let expression: String
        let workDate: String
        let versionDate: String

        init(_ export: ResolutionExport, settings: Settings) {
            let roster = export.roster
            let authorID = settings.author ?? roster.organisations.first(where: { !$0.votes })?.id ?? "accord"
            author = authorID
            authorName = roster.organisation(authorID)?.name ?? authorID
            language = LanguageCode.alpha3(export.text.language)
            let created = export.events.first?.date ?? export.date
            workDate = AkomaNtoso.day(created)
            versionDate = AkomaNtoso.day(export.date)
            let country = Slug.make(settings.country).isEmpty ? "eu" : Slug.make(settings.country)
            work = "/akn/\(country)/statement/resolution/\(Slug.make(authorID))/\(workDate)/\(export.text.id)"
            expression = "\(work)/\(language)@\(versionDate)"
            self.country = country
        }

        let country: String
    }

    /// `2026-11-02`: FRBR dates are days.
    static func day(_ date: Date) -> String {
        String(RecordDate.format(date).prefix(10))
    }

    /// The FRBR identification of a document; `suffix` names a part of the work (`/amendments/a1`).
    static func identification(_ names: Names, suffix: String = "", indent: String = "      ", into out: inout String) {
        let work = names.work + suffix
        let expression = "\(work)/\(names.language)@\(names.versionDate)"
        let author = "<FRBRauthor href=\"#org_\(eId(names.author))\"/>"
        let lines = [
            "<identification source=\"#accord\">",
            "  <FRBRWork>",
            "    <FRBRthis value=\"\(work)/!main\"/>",
            "    <FRBRuri value=\"\(work)\"/>",
            "    <FRBRdate date=\"\(names.workDate)\" name=\"import-draft\"/>",
            "    \(author)",
            "    <FRBRcountry value=\"\(names.country)\"/>",
            "  </FRBRWork>",
            "  <FRBRExpression>",
            "    <FRBRthis value=\"\(expression)/!main\"/>",
            "    <FRBRuri value=\"\(expression)\"/>",
            "    <FRBRdate date=\"\(names.versionDate)\" name=\"version\"/>",
            "    \(author)",
            "    <FRBRlanguage language=\"\(names.language)\"/>",
            "  </FRBRExpression>",
            "  <FRBRManifestation>",
            "    <FRBRthis value=\"\(expression)/!main.akn\"/>",
            "    <FRBRuri value=\"\(expression).akn\"/>",
            "    <FRBRdate date=\"\(names.versionDate)\" name=\"export\"/>",
            "    <FRBRauthor href=\"#accord\"/>",
            "  </FRBRManifestation>",
            "</identification>",
        ]
        for line in lines {
            out += indent
            out += line
            out += "\n"
        }
    }

    /// One `eventRef` per milestone of the resolution (import, each transition), dated by its commit.
    static func lifecycle(_ events: [LifecycleEvent], into out: inout String) {
        let milestones = events.filter(\.isMilestone)
        guard !milestones.isEmpty else { return }
        out += "      <lifecycle source=\"#accord\">\n"
        for (index, event) in milestones.enumerated() {
            out += "        <eventRef eId=\"evt_\(index + 1)\" date=\"\(RecordDate.format(event.date))\" source=\"#original\""
            out += " type=\"\(index == 0 ? "generation" : "amendment")\" refersTo=\"#step_\(eId(Slug.make(event.name)))\"/>\n"
        }
        out += "      </lifecycle>\n"
    }

    /// The `TLC…` references the document points at: Accord itself, the authoring
    /// organisation, the named organisations and people, the roles and the lifecycle steps.
    static func references(_ export: ResolutionExport, names: Names, organisations: Set<String>, people: Set<String>,
                           into out: inout String) {
        out += "        <TLCOrganization eId=\"accord\" href=\"/ontology/organization/accord\" showAs=\"Accord\"/>\n"
        var organisationIDs = organisations
        organisationIDs.insert(names.author)
        var personIDs = people
        for id in people { if let person = export.roster.person(id) { organisationIDs.insert(person.organisation) } }
        personIDs.formIntersection(Set(export.roster.people.map(\.id)))
        for id in organisationIDs.sorted() {
            let name = export.roster.organisation(id)?.name ?? (id == names.author ? names.authorName : id)
            out += "        <TLCOrganization eId=\"org_\(eId(id))\" href=\"/ontology/organization/\(Markup.escape(id))\" showAs=\"\(Markup.escape(name))\"/>\n"
        }
        var roles: Set<String> = []
        for id in personIDs.sorted() {
            guard let person = export.roster.person(id) else { continue }
            roles.formUnion(person.roles)
            out += "        <TLCPerson eId=\"person_\(eId(id))\" href=\"/ontology/person/\(Markup.escape(id))\" showAs=\"\(Markup.escape(person.name))\"/>\n"
        }
        for role in roles.sorted() where Slug.isValidID(role) {
            out += "        <TLCRole eId=\"role_\(eId(role))\" href=\"/ontology/role/\(role)\" showAs=\"\(Markup.escape(role))\"/>\n"
        }
        let steps = Set(export.events.filter(\.isMilestone).map { Slug.make($0.name) })
        for step in steps.sorted() {
            out += "        <TLCEvent eId=\"step_\(eId(step))\" href=\"/ontology/event/accord/\(step)\" showAs=\"\(step)\"/>\n"
        }
    }

    /// The preamble (opening formula and recitals) and the main body (sections of paragraphs).
    static func body(_ text: ResolutionText, into out: inout String) {
        let numbers = text.displayNumbers
        let recitalSections = text.sections.filter { $0.provisions.contains { $0.kind == .recital } }
        let paragraphSections = text.sections.filter { $0.provisions.contains { $0.kind == .paragraph } }
        if !text.opening.isEmpty || !recitalSections.isEmpty {
            out += "    <preamble>\n"
            if !text.opening.isEmpty {
                out += "      <formula name=\"opening\"><p>\(Markup.escape(text.opening))</p></formula>\n"
            }
            for section in recitalSections {
                // A section holding both kinds keeps its eId on the main-body part.
                let mixed = paragraphSections.contains { $0.id == section.id }
                out += "      <recitals eId=\"\(eId(section.id))\(mixed ? "__recitals" : "")\">\n"
                out += "        <heading>\(Markup.escape(section.title))</heading>\n"
                for provision in section.provisions where provision.kind == .recital {
                    out += "        <recital eId=\"\(eId(provision.id))\"><num>\(numbers[provision.id] ?? "?").</num>"
                    out += "<p>\(Markup.escape(provision.text))</p></recital>\n"
                }
                out += "      </recitals>\n"
            }
            out += "    </preamble>\n"
        }
        out += "    <mainBody>\n"
        if paragraphSections.isEmpty {
            out += "      <p>This resolution has no operative paragraphs.</p>\n"
        }
        for section in paragraphSections {
            out += "      <hcontainer name=\"section\" eId=\"\(eId(section.id))\">\n"
            out += "        <heading>\(Markup.escape(section.title))</heading>\n"
            for provision in section.provisions where provision.kind == .paragraph {
                out += "        <paragraph eId=\"\(eId(provision.id))\"><num>\(numbers[provision.id] ?? "?").</num>"
                out += "<content><p>\(Markup.escape(provision.text))</p></content></paragraph>\n"
            }
            out += "      </hcontainer>\n"
        }
        out += "    </mainBody>\n"
    }
}
