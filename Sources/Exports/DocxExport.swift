import Foundation
import Resolutions

/// A resolution as a Word document (`.docx`), in one of four views.
///
/// The documents follow the WordprocessingML that Word writes: Word's own styles
/// (Title, Heading 1), provisions in Word's list numbering, provision and section
/// ids as bookmarks, the resolution's language on every run by default. The
/// `text` view switches Track Changes on, so that a member's copy comes back
/// with tracked changes `accord amend --from` can read.
public enum DocxExport {
    /// The custom properties that tie a copy to its resolution.
    static let resolutionProperty = "AccordResolution"
    static let viewProperty = "AccordView"
    static let revisionProperty = "AccordRevision"
    /// The media type of a Word document, for HTTP's `Content-Type`.
    public static let mediaType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    /// The `.docx` file for a view of a resolution at a version.
    /// - Complexity: linear in the size of the text and the amendments; the adopted
    ///   and amendments views compare each changed provision word by word.
    public static func render(_ export: ResolutionExport, view: HTMLView = .text) throws -> Data {
        var writer = DocxWriter(capacity: HTMLExport.estimatedSize(export, view: view))
        let text = view == .amendments ? export.draft : export.text
        writeHeader(export, view: view, into: &writer)
        switch view {
        case .text: writeSections(text, into: &writer)
        case .adopted: writeAdopted(export, into: &writer)
        case .amendments: writeAmendments(export, into: &writer)
        case .votingList: writeVotingList(export, into: &writer)
        }
        var ids = text.sections.map(\.id) + text.provisions.map(\.id)
        if view == .adopted, let original = export.original { ids += original.sections.map(\.id) + original.provisions.map(\.id) }
        var custom = [(resolutionProperty, export.text.id), (viewProperty, view.rawValue), (revisionProperty, export.commit ?? export.revision)]
        let hashed = DocxBookmark.hashedNames(ids)
        if !hashed.isEmpty { custom.append((DocxBookmark.propertyName, hashed)) }
        let properties = DocxPackage.Properties(title: export.text.title, language: export.text.language, tracksChanges: view == .text,
                                                created: export.date, custom: custom.map { (name: $0.0, value: $0.1) })
        return try DocxPackage.archive(body: writer.body, comments: writer.commentsPart, properties: properties)
    }

    /// The title and a line saying what this document is (Subtitle style: not part of the text).
    static func writeHeader(_ export: ResolutionExport, view: HTMLView, into writer: inout DocxWriter) {
        let title = view == .amendments ? export.draft.title : export.text.title
        let original = export.original ?? export.draft
        if view == .adopted, original.title != export.text.title {
            writer.paragraph(style: "Title") { $0.tracked(from: original.title, to: export.text.title, by: secretariat(export)) }
        } else {
            writer.paragraph(title, style: "Title")
        }
        var line: String
        switch view {
        case .text:
            line = "Resolution \(export.text.id)" + (export.isAdopted ? "" : ", not adopted (state: \(export.state)). "
                + "Track Changes is on: amend provisions in this copy and send it back, and each changed provision is tabled as an amendment")
        case .adopted:
            line = (export.isAdopted ? "Adopted text of \(export.text.id)" : "Current text of \(export.text.id), not adopted yet")
                + (export.original == nil
                    ? ", tracked against the text amendments were tabled against (the draft as imported is not in the record)"
                    : ", tracked against the draft as imported") + ": accept all changes for this text, reject all for the draft"
        case .amendments: line = "Amendments to \(export.text.id): " + HTMLExport.amendmentSummary(export)
        case .votingList: line = "Voting list for \(export.text.id)"
        }
        writer.paragraph(line + (line.hasSuffix(".") ? " " : ". ") + HTMLExport.versionLine(export) + ".", style: "Subtitle")
    }

    /// The paragraph style of a provision: its list gives its number.
    static func style(_ kind: ProvisionKind) -> String { kind == .recital ? "Recital" : "OperativeParagraph" }

    /// The opening formula and every section with its provisions, numbered by Word;
    /// `after` writes what follows each provision.
    static func writeSections(_ text: ResolutionText, into writer: inout DocxWriter,
                              after: (Provision, inout DocxWriter) -> Void = { _, _ in }) {
        if !text.opening.isEmpty { writer.paragraph(text.opening, style: nil) }
        for section in text.sections {
            writer.paragraph(section.title, style: "Heading1", bookmark: section.id)
            for provision in section.provisions {
                writer.paragraph(provision.text, style: style(provision.kind), bookmark: provision.id)
                after(provision, &writer)
            }
        }
    }

    // MARK: Who made what, and when

    /// "AFCCRE — Amélie Durand" for an organisation's amendment, "Secretariat" for a compromise.
    static func author(_ amendment: Amendment, _ export: ResolutionExport) -> String {
        if amendment.isCompromise { return "Secretariat" }
        let person = export.roster.person(amendment.tabledBy)?.name ?? amendment.tabledBy
        return "\(amendment.organisation.uppercased()) — \(person)"
    }

    /// When the amendments of a round were adopted: the close of that round's vote.
    static func adoptionDate(round: Int, _ export: ResolutionExport) -> Date {
        let closes = export.events.filter { $0.name == "close-voting" }.map(\.date)
        if round >= 1, round <= closes.count { return closes[round - 1] }
        return closes.last ?? export.date
    }

    /// Changes no amendment made (the drafting itself): the secretariat's, when the draft was last written.
    static func secretariat(_ export: ResolutionExport) -> DocxRevision {
        let drafted = export.events.last { $0.action == "update-draft" || $0.action == "import-draft" }?.date ?? export.date
        return DocxRevision(author: "Secretariat", date: RecordDate.format(drafted))
    }

    // MARK: Adopted

    /// The adopted (or current) text as tracked changes against the draft as imported:
    /// accepting every change gives the text, rejecting every change the draft.
    static func writeAdopted(_ export: ResolutionExport, into writer: inout DocxWriter) {
        let old = export.original ?? export.draft
        let new = export.text
        let drafting = secretariat(export)
        var madeBy: [String: Amendment] = [:]
        for amendment in export.amendments where amendment.state == .adopted {
            switch amendment.kind {
            case .replace, .delete: madeBy[amendment.target] = madeBy[amendment.target] ?? amendment
            case .insertBefore, .insertAfter:
                madeBy[amendment.insertedProvisionID(kind: .paragraph)] = amendment
                madeBy[amendment.insertedProvisionID(kind: .recital)] = amendment
            }
        }
        var revisions: [Int: DocxRevision] = [:]
        func revision(_ provisionID: String) -> DocxRevision {
            guard let amendment = madeBy[provisionID] else { return drafting }
            if let known = revisions[amendment.number] { return known }
            let made = DocxRevision(author: author(amendment, export), date: RecordDate.format(adoptionDate(round: amendment.round, export)))
            revisions[amendment.number] = made
            return made
        }
        if old.opening != new.opening {
            writer.paragraph(style: nil, mark: old.opening.isEmpty ? (true, drafting) : new.opening.isEmpty ? (false, drafting) : nil) {
                $0.tracked(from: old.opening, to: new.opening, by: drafting)
            }
        } else if !new.opening.isEmpty {
            writer.paragraph(new.opening, style: nil)
        }
        let oldSections = Dictionary(old.sections.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let newSections = Dictionary(new.sections.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var sectionOf: [String: String] = [:]
        for section in old.sections { for provision in section.provisions { sectionOf[provision.id] = section.id } }
        for section in new.sections { for provision in section.provisions { sectionOf[provision.id] = section.id } }
        let oldByID = old.provisionsByID
        let newByID = new.provisionsByID
        var headed: Set<String> = []
        for change in TextDiff(from: old, to: new).provisions {
            if let sectionID = sectionOf[change.id], headed.insert(sectionID).inserted {
                let before = oldSections[sectionID]
                let after = newSections[sectionID]
                // A heading is the drafting's unless the section comes or goes with the amendments' provisions.
                let heading = before == nil || after == nil ? revision(change.id) : drafting
                writer.paragraph(style: "Heading1", bookmark: sectionID,
                                 mark: before == nil ? (true, heading) : after == nil ? (false, heading) : nil) {
                    $0.tracked(from: before?.title ?? "", to: after?.title ?? "", by: heading)
                }
            }
            let kind = newByID[change.id]?.kind ?? oldByID[change.id]?.kind ?? .paragraph
            let made = revision(change.id)
            let mark: (inserted: Bool, by: DocxRevision)? = change.kind == .added ? (true, made) : change.kind == .deleted ? (false, made) : nil
            writer.paragraph(style: style(kind), bookmark: change.id, mark: mark) {
                $0.tracked(from: oldByID[change.id]?.text ?? "", to: newByID[change.id]?.text ?? "", by: made)
            }
        }
    }

    // MARK: Amendments

    /// The text amendments were tabled against, each provision followed by its
    /// amendments as tracked-change copies, with their justifications as comments.
    static func writeAmendments(_ export: ResolutionExport, into writer: inout DocxWriter) {
        let draft = export.draft
        let labels = draft.labelsByID
        let byID = draft.provisionsByID
        let coveredBy = export.coveredBy
        var byTarget: [String: [Int]] = [:]
        for (index, amendment) in export.amendments.enumerated() { byTarget[amendment.target, default: []].append(index) }
        func write(_ amendment: Amendment, into writer: inout DocxWriter) {
            writeAmendment(amendment, target: byID[amendment.target], label: labels[amendment.target] ?? amendment.target,
                           export: export, coveredBy: coveredBy, into: &writer)
        }
        writeSections(draft, into: &writer) { provision, writer in
            for index in byTarget[provision.id] ?? [] { write(export.amendments[index], into: &writer) }
        }
        let strays = export.amendments.filter { byID[$0.target] == nil }
        if !strays.isEmpty {
            writer.paragraph("Amendments to provisions not in this text", style: "Heading1")
            for amendment in strays { write(amendment, into: &writer) }
        }
    }

    static func writeAmendment(_ amendment: Amendment, target: Provision?, label: String, export: ResolutionExport,
                               coveredBy: [Int: Int], into writer: inout DocxWriter) {
        var parts = ["\(amendment.isCompromise ? "Compromise amendment" : "Amendment") \(amendment.id)",
                     HTMLExport.action(amendment, label: label),
                     "\(export.organisationName(amendment.organisation)) (\(amendment.organisation.uppercased())), "
                        + (export.roster.person(amendment.tabledBy)?.name ?? amendment.tabledBy)]
        var state = amendment.state.rawValue
        if let count = export.votes[amendment.number] {
            state += " (\(count.inWords))"
        }
        parts.append(state)
        if amendment.isCompromise { parts.append("replaces " + amendment.draft.replaces.map(Amendment.id).joined(separator: ", ")) }
        if let compromise = coveredBy[amendment.number] { parts.append("covered by \(Amendment.id(compromise))") }
        writer.paragraph(parts.joined(separator: " — "), style: "AmendmentLabel")
        let revision = DocxRevision(author: author(amendment, export), date: RecordDate.format(export.date))
        let newText = amendment.draft.text ?? ""
        writer.paragraph(style: "AmendmentText") { paragraph in
            func change(_ writer: inout DocxWriter) {
                switch amendment.kind {
                case .replace: writer.tracked(from: target?.text ?? "", to: newText, by: revision)
                case .delete: writer.deleted(target?.text ?? "", by: revision)
                case .insertBefore, .insertAfter: writer.inserted(newText, by: revision)
                }
            }
            if amendment.draft.justification.isEmpty {
                change(&paragraph)
            } else {
                paragraph.commented(amendment.draft.justification, by: revision, initials: amendment.organisation.uppercased(), change)
            }
        }
    }

    // MARK: Voting list

    static func writeVotingList(_ export: ResolutionExport, into writer: inout DocxWriter) {
        let (rows, isLive) = export.votingListRows
        writer.paragraph("Voting list, round \(export.round)", style: "Heading1")
        guard !rows.isEmpty else {
            writer.paragraph("No amendment is waiting for a vote.", style: nil)
            return
        }
        writer.paragraph(isLive
            ? "Amendments are put to the vote in this order. When one is adopted, those listed beside it fall and are not voted on."
            : "The vote has closed: this is the order in which amendments were put to the vote, with their results.", style: nil)
        let cells = rows.map { ["\($0.order)", $0.amendment, $0.action, $0.organisation, $0.proposal, $0.falls, $0.result] }
        writer.table(header: ["Vote", "Amendment", "Amends", "Tabled by", "Secretariat’s proposal", "If adopted, these fall", "Result"],
                     widths: [720, 1520, 1330, 1500, 1560, 1200, 1242], rows: cells)
        // Word wants a paragraph after a table that ends the body.
        writer.paragraph("", style: nil)
    }
}
