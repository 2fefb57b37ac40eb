import Foundation
import Resolutions

extension HTMLExport {
    /// The draft amendments were tabled against, each amendment after its target provision.
    static func writeAmendments(_ export: ResolutionExport, into writer: inout HTMLWriter) {
        let draft = export.draft
        let numbers = draft.displayNumbers
        let coveredBy = export.coveredBy
        let labels = draft.labelsByID
        let byID = draft.provisionsByID
        // Each amendment's article is written on every core (ten thousand make 9 MB), then
        // placed after its target provision, or among the strays.
        let articles = concurrentMap(export.amendments.count) { index in
            let amendment = export.amendments[index]
            var article = HTMLWriter(capacity: 1_000)
            writeAmendment(amendment, target: byID[amendment.target], label: labels[amendment.target] ?? amendment.target,
                           export: export, coveredBy: coveredBy, into: &article)
            return article.out
        }
        var byTarget: [String: [Int]] = [:]
        for (index, amendment) in export.amendments.enumerated() { byTarget[amendment.target, default: []].append(index) }
        writer.contents(draft.sections)
        writer.raw("<main>\n")
        writer.element("p", amendmentSummary(export), attributes: " class=\"meta\"")
        writer.raw("\n")
        if !draft.opening.isEmpty { writer.element("p", draft.opening, attributes: " class=\"opening\"") }
        writer.raw("\n")
        for section in draft.sections {
            let id = Markup.escape(section.id)
            writer.raw("<section id=\"\(id)\" aria-labelledby=\"\(id)-title\">\n")
            writer.element("h2", section.title, attributes: " id=\"\(id)-title\"")
            writer.raw("\n")
            for provision in section.provisions {
                writer.provision(provision, number: numbers[provision.id] ?? "?")
                for index in byTarget[provision.id] ?? [] { writer.raw(articles[index]) }
            }
            writer.raw("</section>\n")
        }
        let strays = export.amendments.indices.filter { byID[export.amendments[$0].target] == nil }
        if !strays.isEmpty {
            writer.raw("<section id=\"other-amendments\" aria-labelledby=\"other-amendments-title\">\n")
            writer.element("h2", "Amendments to provisions not in this text", attributes: " id=\"other-amendments-title\"")
            writer.raw("\n")
            for index in strays { writer.raw(articles[index]) }
            writer.raw("</section>\n")
        }
        writer.raw("</main>\n")
    }

    static func amendmentSummary(_ export: ResolutionExport) -> String {
        guard !export.amendments.isEmpty else { return "No amendment has been tabled." }
        var counts: [AmendmentState: Int] = [:]
        for amendment in export.amendments { counts[amendment.state, default: 0] += 1 }
        // In the order of the amendment's life, then any state it no longer has.
        let order = export.life.workflow.states.map { AmendmentState(rawValue: $0.name) }
        let others = counts.keys.filter { !order.contains($0) }.sorted { $0.rawValue < $1.rawValue }
        let parts = (order + others).compactMap { state in counts[state].map { "\($0) \(state.rawValue)" } }
        return "\(export.amendments.count) amendments: \(parts.joined(separator: ", ")). "
            + "Each is shown after the provision it amends; inserted words are underlined, deleted words struck through."
    }

    /// What an amendment does, in words: "Replace paragraph 6".
    static func action(_ amendment: Amendment, label: String) -> String {
        switch amendment.kind {
        case .replace: "Replace \(label)"
        case .delete: "Delete \(label)"
        case .insertBefore: "Insert before \(label)"
        case .insertAfter: "Insert after \(label)"
        }
    }

    /// The word changes an amendment makes to its target.
    static func changeRuns(_ amendment: Amendment, target: Provision?) -> [TextDiff.Run] {
        amendment.draft.trackChanges(against: target)
    }

    static func writeAmendment(_ amendment: Amendment, target: Provision?, label: String, export: ResolutionExport,
                               coveredBy: [Int: Int], into writer: inout HTMLWriter) {
        let id = Markup.escape(amendment.id)
        writer.raw("<article class=\"amendment\" id=\"\(id)\" aria-labelledby=\"\(id)-title\">\n<h3 id=\"\(id)-title\">")
        writer.text("\(amendment.isCompromise ? "Compromise amendment" : "Amendment") \(amendment.id) — \(action(amendment, label: label)) ")
        writer.raw("<span class=\"state\">")
        writer.text(amendment.state.rawValue)
        writer.raw("</span></h3>\n<p class=\"change\">")
        writer.runs(changeRuns(amendment, target: target))
        writer.raw("</p>\n<dl>\n")
        func item(_ term: String, _ value: String) {
            writer.element("dt", term)
            writer.element("dd", value)
            writer.raw("\n")
        }
        let organisation = export.organisationName(amendment.organisation)
        item("Tabled by", "\(organisation) (\(amendment.organisation.uppercased())), \(export.roster.person(amendment.tabledBy)?.name ?? amendment.tabledBy)")
        if !amendment.draft.cosignatories.isEmpty {
            item("Co-signatories", amendment.draft.cosignatories.map(export.personName).joined(separator: ", "))
        }
        if amendment.isCompromise {
            item("Compromise", "replaces " + amendment.draft.replaces.map(Amendment.id).joined(separator: ", "))
        }
        if let compromise = coveredBy[amendment.number] {
            item("Compromise", "covered by \(Amendment.id(compromise))")
        }
        if let ruling = amendment.ruling {
            item("Screening", (ruling.admissible ? "admissible" : "inadmissible") + (ruling.reason.map { ": \($0)" } ?? ""))
        } else {
            item("Screening", "not screened yet")
        }
        if let proposal = amendment.proposal {
            item("Secretariat’s proposal", (proposal.accept ? "accept" : "reject") + (proposal.note.map { ": \($0)" } ?? ""))
        }
        item("State", amendment.state.rawValue)
        if let count = export.votes[amendment.number] {
            item("Votes", count.inWords)
        }
        if let outcome = amendment.outcome { item("Outcome", outcome) }
        for (language, text) in (export.amendmentTranslations[amendment.number] ?? [:]).sorted(by: { $0.key < $1.key }) {
            writer.element("dt", "In \(Translation.languageName(language))")
            writer.element("dd", text, attributes: " lang=\"\(Markup.escape(language))\"")
            writer.raw("\n")
        }
        writer.raw("</dl>\n")
        if !amendment.draft.justification.isEmpty {
            writer.element("h4", "Justification")
            writer.raw("\n")
            writer.element("p", amendment.draft.justification)
            writer.raw("\n")
        }
        writer.raw("</article>\n")
    }

    // MARK: Voting list

    static func writeVotingList(_ export: ResolutionExport, into writer: inout HTMLWriter) {
        let (rows, isLive) = export.votingListRows
        writer.raw("<main>\n")
        writer.element("h2", "Voting list, round \(export.round)")
        writer.raw("\n")
        if rows.isEmpty {
            writer.element("p", "No amendment is waiting for a vote.")
            writer.raw("\n</main>\n")
            return
        }
        writer.element("p", isLive
            ? "Amendments are put to the vote in this order. When one is adopted, those listed beside it fall and are not voted on."
            : "The vote has closed: this is the order in which amendments were put to the vote, with their results.",
            attributes: " class=\"meta\"")
        writer.raw("\n<table>\n<caption>Order of votes</caption>\n<thead><tr><th scope=\"col\">Vote</th><th scope=\"col\">Amendment</th>")
        writer.raw("<th scope=\"col\">Amends</th><th scope=\"col\">Tabled by</th><th scope=\"col\">Secretariat’s proposal</th>")
        writer.raw("<th scope=\"col\">If adopted, these fall</th><th scope=\"col\">Result</th></tr></thead>\n<tbody>\n")
        for row in rows {
            writer.raw("<tr>")
            writer.element("td", "\(row.order)")
            writer.element("th", row.amendment, attributes: " scope=\"row\"")
            writer.element("td", row.action)
            writer.element("td", row.organisation)
            writer.element("td", row.proposal)
            writer.element("td", row.falls)
            writer.element("td", row.result)
            writer.raw("</tr>\n")
        }
        writer.raw("</tbody>\n</table>\n</main>\n")
    }
}
