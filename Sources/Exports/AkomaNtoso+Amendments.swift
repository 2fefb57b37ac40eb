import Foundation
import Resolutions

extension AkomaNtoso {
    /// Every amendment of the resolution as one Akoma Ntoso `amendmentList`.
    ///
    /// Each amendment is a `component` holding an `amendment` document: its
    /// proponents in `preface` (`docProponent`, pointing at `TLCOrganization` and
    /// `TLCPerson` references), then `amendmentBody` with `amendmentHeading`
    /// (number and target), `amendmentContent` (the changed text with `<ins>` and
    /// `<del>` against the target), and `amendmentJustification`. What the schema
    /// has no element for (state, screening, the secretariat's proposal, the vote
    /// counts, compromises) is kept both as readable `p`s in the preface and as
    /// attributes in `proprietary`, in Accord's own namespace.
    ///
    /// The references (`TLCOrganization`, `TLCPerson`) are in the list's `meta`
    /// once: the schema wants eIds unique across the whole document.
    /// - Complexity: linear in the amendments and their targets' lengths.
    public static func amendmentList(_ export: ResolutionExport, settings: Settings = Settings()) -> String {
        let names = Names(export, settings: settings)
        let draft = export.draft
        let byID = draft.provisionsByID
        let coveredBy = export.coveredBy
        let labels = draft.labelsByID
        // Each amendment's component is written on every core: ten thousand make 28 MB.
        let components = concurrentMap(export.amendments.count) { index in
            let amendment = export.amendments[index]
            var component = ""
            writeAmendment(amendment, target: byID[amendment.target], label: labels[amendment.target] ?? amendment.target,
                           coveredBy: coveredBy[amendment.number], export: export, names: names, into: &component)
            return component
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<akomaNtoso xmlns=\"\(namespace)\">\n"
        out += "  <amendmentList name=\"amendments\">\n    <meta>\n"
        identification(names, suffix: "/amendments", into: &out)
        out += "      <references source=\"#accord\">\n"
        out += "        <original eId=\"original\" href=\"\(names.work)/!main\" showAs=\"\(Markup.escape(draft.title))\"/>\n"
        // Every reference sits here, once: the schema wants eIds unique across the whole list,
        // components included, so the amendments point up to these.
        references(export, names: names, organisations: Set(export.amendments.map(\.organisation)),
                   people: Set(export.amendments.flatMap { [$0.tabledBy] + $0.draft.cosignatories }), into: &out)
        out += "      </references>\n    </meta>\n"
        out += "    <preface>\n      <p class=\"title\"><docTitle>Amendments to \(Markup.escape(draft.title))</docTitle></p>\n    </preface>\n"
        out += "    <collectionBody>\n"
        if export.amendments.isEmpty {
            // The schema wants at least one component: an empty list says so in words.
            out += "      <component eId=\"cmp_none\"><interstitial><p>No amendment has been tabled.</p></interstitial></component>\n"
        }
        // Reserved at its size: grown by doubling, the list held its old and new copies at once (100 MB at the peak).
        out.reserveCapacity(components.reduce(out.utf8.count + 64) { $0 + $1.utf8.count })
        for component in components { out += component }
        out += "    </collectionBody>\n  </amendmentList>\n</akomaNtoso>\n"
        return out
    }

    static func writeAmendment(_ amendment: Amendment, target: Provision?, label: String, coveredBy: Int?,
                               export: ResolutionExport, names: Names, into out: inout String) {
        let number = amendment.id.lowercased()
        let proponents = [amendment.tabledBy] + amendment.draft.cosignatories
        out += "      <component eId=\"cmp_\(number)\">\n        <amendment name=\"\(amendment.isCompromise ? "compromise" : "amendment")\">\n"
        out += "          <meta>\n"
        identification(names, suffix: "/amendments/\(number)", indent: "            ", into: &out)
        out += "            <proprietary source=\"#accord\"><accord:amendment xmlns:accord=\"\(accordNamespace)\""
        out += " number=\"\(amendment.id)\" round=\"\(amendment.round)\" kind=\"\(amendment.kind.rawValue)\" target=\"\(Markup.escape(amendment.target))\""
        out += " state=\"\(amendment.state.rawValue)\" organisation=\"\(Markup.escape(amendment.organisation))\""
        if let ruling = amendment.ruling { out += " screening=\"\(ruling.admissible ? "admissible" : "inadmissible")\"" }
        if let proposal = amendment.proposal { out += " proposal=\"\(proposal.accept ? "accept" : "reject")\"" }
        if let count = export.votes[amendment.number] {
            out += " for=\"\(count.votesFor)\" against=\"\(count.against)\" abstain=\"\(count.abstentions)\""
        }
        if amendment.isCompromise { out += " replaces=\"\(amendment.draft.replaces.map(Amendment.id).joined(separator: " "))\"" }
        if let coveredBy { out += " coveredBy=\"\(Amendment.id(coveredBy))\"" }
        out += "/></proprietary>\n          </meta>\n"

        out += "          <preface>\n"
        out += "            <p>Tabled by <docProponent refersTo=\"#org_\(eId(amendment.organisation))\">"
        out += "\(Markup.escape(export.organisationName(amendment.organisation)))</docProponent>"
        for person in proponents {
            let name = export.roster.person(person)?.name ?? person
            let reference = export.roster.person(person) != nil ? " refersTo=\"#person_\(eId(person))\"" : ""
            out += ", <docProponent\(reference)>\(Markup.escape(name))</docProponent>"
        }
        out += "</p>\n"
        out += "            <p>State: <docStatus>\(amendment.state.rawValue)</docStatus></p>\n"
        for line in statusLines(amendment, coveredBy: coveredBy, votes: export.votes[amendment.number]) {
            out += "            <p>\(Markup.escape(line))</p>\n"
        }
        out += "          </preface>\n"

        let heading = "\(amendment.isCompromise ? "Compromise amendment" : "Amendment") "
        out += "          <amendmentBody>\n"
        out += "            <amendmentHeading><p>\(heading)<docNumber>\(amendment.id)</docNumber>: "
        // The target by the work's URI: eIds are stable across versions, like Accord ids.
        let verb = HTMLExport.action(amendment, label: "").trimmingCharacters(in: .whitespaces)
        out += "\(verb) <ref href=\"\(names.work)/!main~\(eId(amendment.target))\">"
        out += "\(Markup.escape(label))</ref></p></amendmentHeading>\n"
        out += "            <amendmentContent><p>"
        for (index, run) in HTMLExport.changeRuns(amendment, target: target).enumerated() {
            if index > 0 { out += " " }
            switch run {
            case .same(let words): out += Markup.escape(words)
            case .inserted(let words): out += "<ins>\(Markup.escape(words))</ins>"
            case .deleted(let words): out += "<del>\(Markup.escape(words))</del>"
            }
        }
        out += "</p></amendmentContent>\n"
        if !amendment.draft.justification.isEmpty {
            out += "            <amendmentJustification><p>\(Markup.escape(amendment.draft.justification))</p></amendmentJustification>\n"
        }
        out += "          </amendmentBody>\n        </amendment>\n      </component>\n"
    }

    /// Screening, proposal, votes, compromise and outcome in words.
    static func statusLines(_ amendment: Amendment, coveredBy: Int?, votes: VoteCount?) -> [String] {
        var lines: [String] = []
        if amendment.isCompromise { lines.append("Compromise: replaces \(amendment.draft.replaces.map(Amendment.id).joined(separator: ", "))") }
        if let coveredBy { lines.append("Covered by compromise \(Amendment.id(coveredBy))") }
        if let ruling = amendment.ruling {
            lines.append("Screening: " + (ruling.admissible ? "admissible" : "inadmissible") + (ruling.reason.map { ": \($0)" } ?? ""))
        }
        if let proposal = amendment.proposal {
            lines.append("Secretariat’s proposal: " + (proposal.accept ? "accept" : "reject") + (proposal.note.map { ": \($0)" } ?? ""))
        }
        if let votes { lines.append("Votes: \(votes.inWords)") }
        if let outcome = amendment.outcome { lines.append("Outcome: \(outcome)") }
        return lines
    }
}
