import Exports
import Foundation
import GitStore
import Hummingbird
import Mustache
import Resolutions
import Workflow

/// The reading pages of a resolution: its text with each provision's amendments and the
/// downloads (`/resolutions/{id}`), the list of amendments with filters
/// (`/resolutions/{id}/amendments`), its history (`/resolutions/{id}/history`) and one commit of
/// the record (`/commits/{hex}`).
///
/// Each page reads one snapshot and copies what it shows into the view structs below; the
/// templates (`resolution`, `amendments`, `history`, `commit`) decide only how it looks.
extension Pages {
    static func addResolutionPages(_ router: Router<AccordRequestContext>, _ services: ServerServices) {
        router.get("/resolutions/:resolution") { request, context in
            let id = try resolution(context)
            let person = try context.requirePerson()
            let now = services.configuration.now()
            let page = try listPageNumber(request)
            let view = try await read(services) { snapshot throws(AccordError) in try ResolutionView(snapshot, id, person: person, now: now, page: page) }
            return services.pages.page("resolution", title: view.title, view: view, context: context, notice: await notice(request, services))
        }
        router.get("/resolutions/:resolution/amendments") { request, context in
            let id = try resolution(context)
            let query = try AmendmentQuery(request)
            let view = try await read(services) { snapshot throws(AccordError) in try AmendmentListView(snapshot, id, query: query) }
            return services.pages.page("amendments", title: "Amendments to \(view.title)", view: view, context: context)
        }
        router.get("/resolutions/:resolution/history") { request, context in
            let id = try resolution(context)
            let page = try listPageNumber(request)
            let view = try await read(services) { snapshot throws(AccordError) in try HistoryView(snapshot, id, page: page) }
            return services.pages.page("history", title: "History of \(view.title)", view: view, context: context)
        }
        router.get("/commits/:commit") { _, context in
            _ = try context.requirePerson()
            let hex = try context.parameters.require("commit").lowercased()
            let missing = APIError.notFound("there is no commit ‘\(hex.prefix(40))’ in the record; a commit is named by its 40 characters, as the history shows them")
            guard hex.count == 40, hex.allSatisfy(\.isHexDigit) else { throw missing }
            let view = try await read(services) { snapshot throws(AccordError) in try CommitView(snapshot, hex) }
            guard let view else { throw missing }
            return services.pages.page("commit", title: "Commit \(view.shortID)", view: view, context: context)
        }
    }

    /// How heavy one page of a resolution's text may grow: a provision weighs one, and one
    /// more for each amendment listed under it.
    static let textPageBudget = 400

    /// The provisions on each page of a text, in order: a page ends where the next provision
    /// would take it past `budget` (a heavier provision has a page of its own), or at the start
    /// of a section once the page is three quarters full, so that sections are rarely cut.
    static func textPages(weights: [Int], sectionStarts: Set<Int>, budget: Int) -> [Range<Int>] {
        var pages: [Range<Int>] = []
        var start = 0, weight = 0
        for (index, provision) in weights.enumerated() {
            let full = weight + provision > budget || (sectionStarts.contains(index) && weight * 4 >= budget * 3)
            if index > start, full {
                pages.append(start..<index)
                (start, weight) = (index, 0)
            }
            weight += provision
        }
        pages.append(start..<weights.count)
        return pages
    }

    /// How many rows a list page shows.
    static let listRowsPerPage = 50

    /// How many amendments the text shows under a provision before linking to the rest: a
    /// provision that drew hundreds would otherwise fill its page alone.
    static let amendmentsUnderProvision = 20

    /// `?page=N`, a whole number from 1 (1 when absent).
    static func listPageNumber(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters.get("page"), !text.isEmpty else { return 1 }
        guard let page = Int(text), page >= 1 else { throw APIError.malformed(["the page number must be a whole number from 1, not ‘\(text)’"]) }
        return page
    }

    /// A query string's value, percent-encoded.
    static func queryValue(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    /// An amendment's kind as a noun: "replacement", "insertion after".
    static func amendmentKindNoun(_ kind: AmendmentKind) -> String {
        kind.label.hasSuffix(" of") ? String(kind.label.dropLast(3)) : kind.label
    }

    /// The CSS class of a state's badge: good, bad or neutral.
    static func stateBadge(_ state: String) -> String {
        switch state {
        case AmendmentState.adopted.rawValue, AmendmentState.admissible.rawValue, "accept", "adopted": "badge good"
        case AmendmentState.rejected.rawValue, AmendmentState.inadmissible.rawValue, AmendmentState.fallen.rawValue, "reject": "badge bad"
        case AmendmentState.withdrawn.rawValue: "badge warn"
        default: "badge"
        }
    }
}

// MARK: The resolution's page

/// A link to another page of the resolution (an amendment's, its history…), with its words.
struct ResolutionLink: Sendable {
    let label: String
    let href: String
}

/// What `/resolutions/{id}` shows.
struct ResolutionView: Sendable {
    let id: String
    let title: String
    let state: String
    let stateWords: String
    let deadline: String?
    let waiting: [String]
    let links: [ResolutionLink]
    let language: String
    let languageName: String
    let opening: String?
    let sections: [TextSectionView]
    /// The sections, each linked to the page where it begins (empty when the text fits one page).
    let contents: [ResolutionLink]
    let pages: PageNavigation?
    /// "Provisions 101 to 150 of 1000." when the text has several pages.
    let pagePosition: String?
    /// "812 amendments".
    let amendmentCount: String
    /// How many amendments concern provisions not in the text shown (e.g. deleted by an adopted amendment).
    let elsewhere: String?
    let downloads: [ExportLanguage]

    /// The page `page` of the text, each of which weighs at most about `budget` lines.
    init(_ snapshot: Snapshot, _ id: String, person: Person, now: Date, page: Int = 1, budget: Int = Pages.textPageBudget) throws(AccordError) {
        let meta = try snapshot.meta(id)
        self.id = id
        title = meta.title
        state = meta.state
        stateWords = try snapshot.workflow(meta.workflow).stateWords(meta.state)
        deadline = meta.amendmentDeadline.map { HumanDate.format($0) }
        waiting = try snapshot.agenda(id, for: person, now: now).sentences
        func may(_ actions: DomainAction...) throws(AccordError) -> Bool {
            for action in actions where try snapshot.refusals(of: action, on: id, by: person, now: now).isEmpty { return true }
            return false
        }
        var links = [ResolutionLink(label: "All amendments, with filters", href: "/resolutions/\(id)/amendments"),
                     ResolutionLink(label: "History", href: "/resolutions/\(id)/history")]
        if try may(.voteAmendment, .voteText) { links.append(ResolutionLink(label: "Vote for your organisation", href: "/resolutions/\(id)/vote")) }
        if try may(.tableAmendment) { links.append(ResolutionLink(label: "Amendments from a Word document", href: "/resolutions/\(id)/upload")) }
        if try may(.voteSection) { links.append(ResolutionLink(label: "Review the consolidated text", href: "/resolutions/\(id)/review")) }
        if try may(.screenAmendment, .proposeProcedure) { links.append(ResolutionLink(label: "Screening queue", href: "/resolutions/\(id)/screening")) }
        if try may(.tableCompromise) { links.append(ResolutionLink(label: "Table a compromise", href: "/resolutions/\(id)/compromise")) }
        if try !snapshot.transitions(of: id, openTo: person).isEmpty { links.append(ResolutionLink(label: "Procedure and next steps", href: "/resolutions/\(id)/procedure")) }
        self.links = links
        let mayTable = try may(.tableAmendment)

        let text = try snapshot.currentText(id)
        language = text.language
        languageName = Translation.languageName(text.language)
        let amendments = try snapshot.amendments(id)
        amendmentCount = EnglishText.count(amendments.count, "amendment")
        var byProvision: [String: [Amendment]] = [:]
        for amendment in amendments { byProvision[amendment.target, default: []].append(amendment) }
        let numbers = text.displayNumbers

        // The text a page at a time, each provision weighing one line and one per amendment.
        let all = text.sections.enumerated().flatMap { index, section in section.provisions.map { (section: index, provision: $0) } }
        let weights = all.map { 1 + min(byProvision[$0.provision.id]?.count ?? 0, Pages.amendmentsUnderProvision) }
        let sectionStarts = Set(text.sections.indices.compactMap { index in all.firstIndex { $0.section == index } })
        let ranges = Pages.textPages(weights: weights, sectionStarts: sectionStarts, budget: budget)
        guard page <= ranges.count else {
            throw .notFound("there is no page \(page) of the text of \(id): there \(ranges.count == 1 ? "is 1 page" : "are \(ranges.count) pages")")
        }
        let range = ranges[page - 1]
        func href(_ page: Int) -> String { "/resolutions/\(id)" + (page > 1 ? "?page=\(page)" : "") }
        pages = ranges.count > 1 ? PageNavigation(current: page, count: ranges.count, href: href) : nil
        pagePosition = ranges.count > 1 ? "Provisions \(range.lowerBound + 1) to \(range.upperBound) of \(all.count)." : nil
        contents = ranges.count > 1 ? text.sections.enumerated().compactMap { index, section in
            guard let first = all.firstIndex(where: { $0.section == index }), let on = ranges.firstIndex(where: { $0.contains(first) }) else { return nil }
            return ResolutionLink(label: section.title, href: href(on + 1) + "#" + section.id)
        } : []

        var shown: [TextSectionView] = []
        for (offset, entry) in all[range].enumerated() {
            let provision = entry.provision
            let own = byProvision[provision.id] ?? []
            let number = numbers[provision.id] ?? ""
            let label = "\(provision.kind.name) \(number)"
            let lines = own.prefix(Pages.amendmentsUnderProvision).map { amendment in
                ProvisionAmendmentLine(number: amendment.id, href: "/resolutions/\(id)/amendments/\(amendment.id)",
                              organisation: amendment.organisation.uppercased(),
                              kind: Pages.amendmentKindNoun(amendment.kind), amendmentState: amendment.state.rawValue, badge: Pages.stateBadge(amendment.state.rawValue))
            }
            let view = TextProvisionView(provisionID: provision.id, number: number, label: label, wording: provision.text,
                                     amendmentLines: lines,
                                     moreLine: own.count > lines.count ? "All \(own.count) amendments to \(label)" : nil,
                                     listHref: "/resolutions/\(id)/amendments?provision=\(Pages.queryValue(provision.id))",
                                     tableHref: mayTable ? "/resolutions/\(id)/provisions/\(Pages.queryValue(provision.id))/amend" : nil)
            if offset == 0 || sectionStarts.contains(range.lowerBound + offset) {
                let section = text.sections[entry.section]
                // A section begun on an earlier page keeps its heading, marked, but not its anchor.
                let continued = !sectionStarts.contains(range.lowerBound + offset)
                shown.append(TextSectionView(anchor: continued ? nil : section.id, title: section.title + (continued ? " (continued)" : ""), provisions: [view]))
            } else {
                shown[shown.count - 1].provisions.append(view)
            }
        }
        sections = shown
        opening = page == 1 && !text.opening.isEmpty ? text.opening : nil
        let inText = Set(all.map(\.provision.id))
        let elsewhereCount = amendments.count { !inText.contains($0.target) }
        elsewhere = page == ranges.count && elsewhereCount > 0 ? EnglishText.count(elsewhereCount, "amendment") : nil
        downloads = try ExportLanguage.all(snapshot, meta)
    }
}

/// A section, or the part of it on one page of the text (then without its id when it began on
/// an earlier page).
struct TextSectionView: Sendable {
    /// Its id, for its anchor (not named `id`, which templates would find on the page's view when nil).
    let anchor: String?
    let title: String
    var provisions: [TextProvisionView]
}

/// A provision of the text and the first of its amendments. Names differ from the page's own
/// (`provisionID`, not `id`), since Mustache looks a name up in the enclosing views when an
/// optional one is nil.
struct TextProvisionView: Sendable {
    let provisionID: String
    let number: String
    let label: String
    let wording: String
    let amendmentLines: [ProvisionAmendmentLine]
    let moreLine: String?
    let listHref: String
    let tableHref: String?
    /// Whether anything follows the wording: amendments or a link to table one (stored, since
    /// templates see stored properties only).
    let hasAmendmentPart: Bool

    init(provisionID: String, number: String, label: String, wording: String, amendmentLines: [ProvisionAmendmentLine],
         moreLine: String?, listHref: String, tableHref: String?) {
        (self.provisionID, self.number, self.label, self.wording) = (provisionID, number, label, wording)
        (self.amendmentLines, self.moreLine) = (amendmentLines, moreLine)
        (self.listHref, self.tableHref) = (listHref, tableHref)
        hasAmendmentPart = !amendmentLines.isEmpty || tableHref != nil
    }
}

/// An amendment as one line under its provision: no text, and its organisation by its short id.
struct ProvisionAmendmentLine: Sendable {
    let number: String
    let href: String
    let organisation: String
    let kind: String
    let amendmentState: String
    let badge: String
}

/// The downloads of the resolution in one of its languages.
struct ExportLanguage: Sendable {
    let code: String
    let name: String
    /// "the original", or how complete the translation is.
    let status: String
    let statusBadge: String
    /// For an incomplete translation: that its files mark what is out of date or missing.
    let staleNote: String?
    let formats: [ExportFormatLinks]
    /// A translation beside the original, provision by provision.
    let bilingual: ResolutionLink?

    static func all(_ snapshot: Snapshot, _ meta: ResolutionMeta) throws(AccordError) -> [ExportLanguage] {
        let progress = meta.translatedLanguages.isEmpty ? [:] : try snapshot.translationProgress(meta.id)
        let original = ExportLanguage(code: meta.language, name: Translation.languageName(meta.language), status: "the original",
                                      statusBadge: "badge", staleNote: nil, formats: ExportFormatLinks.all(meta.id, language: nil),
                                      bilingual: nil)
        return [original] + meta.translatedLanguages.map { language in
            let status: String, badge: String
            var complete = true
            if let gaps = progress[language], !gaps.isComplete {
                var parts: [String] = []
                if !gaps.stale.isEmpty { parts.append("\(EnglishText.count(gaps.stale.count, "piece")) out of date") }
                if !gaps.missing.isEmpty { parts.append("\(EnglishText.count(gaps.missing.count, "piece")) not translated") }
                (status, badge) = (parts.joined(separator: ", "), gaps.missing.isEmpty ? "badge warn" : "badge bad")
                complete = false
            } else {
                (status, badge) = ("translation complete and up to date", "badge good")
            }
            // An incomplete version is still offered, its gaps marked in the file (allow-stale),
            // rather than as a link that answers with a refusal.
            let stale = complete ? "" : "&allow-stale=true"
            let pair = [meta.language, language].map(Pages.queryValue).joined(separator: ",")
            return ExportLanguage(code: language, name: Translation.languageName(language), status: status, statusBadge: badge,
                                  staleNote: complete ? nil : "Its files mark what is out of date or not yet translated.",
                                  formats: ExportFormatLinks.all(meta.id, language: language, extra: stale),
                                  bilingual: ResolutionLink(label: "\(Translation.languageName(meta.language)) and \(Translation.languageName(language)) side by side (HTML)",
                                                            href: "/api/v1/resolutions/\(meta.id)/export?format=html&view=\(ExportRequest.bilingualView)&languages=\(pair)\(stale)"))
        }
    }
}

/// One export format and a link per view it offers.
struct ExportFormatLinks: Sendable {
    let name: String
    let views: [ResolutionLink]

    static func all(_ id: String, language: String?, extra: String = "") -> [ExportFormatLinks] {
        ExportFormat.allCases.map { format in
            ExportFormatLinks(name: formatName(format), views: format.views.map { view in
                var href = "/api/v1/resolutions/\(id)/export?format=\(format.rawValue)&view=\(view.rawValue)"
                if let language { href += "&language=\(Pages.queryValue(language))" }
                return ResolutionLink(label: viewName(view), href: href + extra)
            })
        }
    }

    static func formatName(_ format: ExportFormat) -> String {
        switch format {
        case .markdown: "Markdown"
        case .html: "Web page (HTML)"
        case .akn: "Akoma Ntoso (XML)"
        case .docx: "Word (.docx)"
        }
    }

    static func viewName(_ view: HTMLView) -> String {
        switch view {
        case .text: "text"
        case .amendments: "amendments"
        case .votingList: "voting list"
        case .adopted: "adopted text and changes"
        }
    }
}

// MARK: The list of amendments

/// The filters and page of `/resolutions/{id}/amendments?state=&organisation=&provision=&page=`.
struct AmendmentQuery: Sendable {
    var state: String?
    var organisation: String?
    var provision: String?
    var page: Int

    init(_ request: Request) throws {
        func value(_ name: String) -> String? {
            guard let text = request.uri.queryParameters.get(name)?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        state = value("state")
        organisation = value("organisation")
        provision = value("provision")
        page = try Pages.listPageNumber(request)
    }

    /// This query's address, on another page.
    func href(_ id: String, page: Int) -> String {
        var parts: [String] = []
        if let state { parts.append("state=" + Pages.queryValue(state)) }
        if let organisation { parts.append("organisation=" + Pages.queryValue(organisation)) }
        if let provision { parts.append("provision=" + Pages.queryValue(provision)) }
        if page > 1 { parts.append("page=\(page)") }
        return "/resolutions/\(id)/amendments" + (parts.isEmpty ? "" : "?" + parts.joined(separator: "&"))
    }
}

/// A choice of a filter's select.
struct AmendmentFilterOption: Sendable {
    let value: String
    let label: String
    let selected: Bool
}

/// What `/resolutions/{id}/amendments` shows.
struct AmendmentListView: Sendable {
    let id: String
    let title: String
    let states: [AmendmentFilterOption]
    let organisations: [AmendmentFilterOption]
    let provisions: [AmendmentFilterOption]
    let rows: [AmendmentListRow]
    /// "Amendments 51 to 100 of 812", or that none matches.
    let summary: String
    let filtered: Bool
    let pages: PageNavigation?

    init(_ snapshot: Snapshot, _ id: String, query: AmendmentQuery) throws(AccordError) {
        let meta = try snapshot.meta(id)
        self.id = id
        title = meta.title
        let life = try snapshot.amendmentLife()
        let roster = try snapshot.roster()
        let text = try snapshot.text(id)
        let amendments = try snapshot.amendments(id)
        if let state = query.state, life.workflow.state(named: state) == nil {
            throw .notFound("there is no amendment state ‘\(state)’; choose one of the list")
        }
        if let organisation = query.organisation, roster.organisation(organisation) == nil {
            throw .notFound("there is no organisation ‘\(organisation)’ in the roster")
        }
        let numbers = text.displayNumbers
        if let provision = query.provision, numbers[provision] == nil, !amendments.contains(where: { $0.target == provision }) {
            throw .notFound("there is no provision ‘\(provision)’ in \(id)")
        }
        states = life.workflow.states.map { AmendmentFilterOption(value: $0.name, label: $0.name, selected: $0.name == query.state) }
        let names = Dictionary(roster.organisations.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        organisations = roster.organisations.map { AmendmentFilterOption(value: $0.id, label: $0.name, selected: $0.id == query.organisation) }
        // The provisions that have amendments, in the order of the text, then any no longer in it.
        let targets = Set(amendments.map(\.target))
        let inText = text.provisions.filter { targets.contains($0.id) }.map(\.id)
        let gone = targets.subtracting(inText).sorted()
        // "paragraph 4", from the numbers made once (`ResolutionText.label(of:)` counts anew each time).
        let kinds = Dictionary(text.provisions.map { ($0.id, $0.kind.name) }, uniquingKeysWith: { first, _ in first })
        func label(_ provision: String) -> String {
            guard let number = numbers[provision], let kind = kinds[provision] else { return provision }
            return "\(kind) \(number)"
        }
        let labels = Dictionary((inText + gone).map { ($0, label($0)) }, uniquingKeysWith: { first, _ in first })
        provisions = (inText + gone).map { AmendmentFilterOption(value: $0, label: labels[$0] ?? $0, selected: $0 == query.provision) }

        let matching = amendments.filter { amendment in
            (query.state.map { amendment.state.rawValue == $0 } ?? true)
                && (query.organisation.map { amendment.organisation == $0 } ?? true)
                && (query.provision.map { amendment.target == $0 } ?? true)
        }
        filtered = query.state != nil || query.organisation != nil || query.provision != nil
        let pageCount = max(1, (matching.count + Pages.listRowsPerPage - 1) / Pages.listRowsPerPage)
        guard query.page <= pageCount else {
            throw .notFound("there is no page \(query.page) of these amendments: there \(pageCount == 1 ? "is 1 page" : "are \(pageCount) pages")")
        }
        let start = (query.page - 1) * Pages.listRowsPerPage
        let slice = matching[start..<min(matching.count, start + Pages.listRowsPerPage)]
        rows = slice.map { AmendmentListRow($0, resolution: id, provision: labels[$0.target] ?? $0.target, organisationName: names[$0.organisation] ?? $0.organisation) }
        if matching.isEmpty {
            summary = filtered ? "No amendment matches these filters." : "No amendment has been tabled yet."
        } else {
            summary = "Amendments \(start + 1) to \(start + slice.count) of \(matching.count)" + (filtered ? " matching these filters (\(amendments.count) in all)." : ".")
        }
        pages = pageCount > 1 ? PageNavigation(current: query.page, count: pageCount) { query.href(id, page: $0) } : nil
    }
}

/// One amendment as a row of the list: what it does and where it stands, its text cut short.
struct AmendmentListRow: Sendable {
    let number: String
    let href: String
    let provision: String
    let kind: String
    /// The organisation's short id (`AFCCRE`) and its name.
    let organisation: String
    let organisationName: String
    let rowState: String
    let badge: String
    let ruling: String?
    let proposal: String?
    let outcome: String?
    let excerpt: String?

    /// How much of an amendment's text the list shows.
    static let excerptLength = 160

    init(_ amendment: Amendment, resolution: String, provision: String, organisationName: String) {
        number = amendment.id
        href = "/resolutions/\(resolution)/amendments/\(amendment.id)"
        self.provision = provision
        kind = Pages.amendmentKindNoun(amendment.kind)
        organisation = amendment.organisation.uppercased()
        self.organisationName = organisationName
        rowState = amendment.state.rawValue
        badge = Pages.stateBadge(amendment.state.rawValue)
        ruling = amendment.ruling.map { ruling in
            (ruling.admissible ? "admissible" : "inadmissible") + (ruling.reason.map { ": \($0)" } ?? "")
        }
        proposal = amendment.proposal.map { proposal in
            (proposal.accept ? "accept" : "reject") + (proposal.note.map { ": \($0)" } ?? "")
        }
        outcome = amendment.outcome
        excerpt = amendment.draft.text.map { text in
            text.count > Self.excerptLength ? String(text.prefix(Self.excerptLength)).trimmingCharacters(in: .whitespaces) + "…" : text
        }
    }
}

/// Links to the pages of a long list: the first, the last, and those near the current one.
struct PageNavigation: Sendable {
    struct Item: Sendable {
        let number: Int
        let href: String
        let isCurrent: Bool
        /// A gap before this page ("…").
        let gapBefore: Bool
    }

    let position: String
    let previous: String?
    let next: String?
    let items: [Item]

    init(current: Int, count: Int, href: (Int) -> String) {
        position = "Page \(current) of \(count)"
        previous = current > 1 ? href(current - 1) : nil
        next = current < count ? href(current + 1) : nil
        let shown = Set([1, count] + Array(max(1, current - 2)...min(count, current + 2))).sorted()
        var last = 0
        items = shown.map { number in
            defer { last = number }
            return Item(number: number, href: href(number), isCurrent: number == current, gapBefore: number > last + 1)
        }
    }
}

// MARK: History and commits

/// What `/resolutions/{id}/history` shows: its commits, newest first, a page at a time (the
/// number of pages is not counted: that would read the whole history of the record).
struct HistoryView: Sendable {
    struct Entry: Sendable {
        let date: String
        let who: String
        let organisation: String?
        let summary: String
        let shortID: String
        let href: String
    }

    let id: String
    let title: String
    let entries: [Entry]
    let summary: String
    let position: String?
    let newer: String?
    let older: String?

    init(_ snapshot: Snapshot, _ id: String, page: Int, perPage: Int = Pages.listRowsPerPage) throws(AccordError) {
        let meta = try snapshot.meta(id)
        self.id = id
        title = meta.title
        let start = (page - 1) * perPage
        let (commits, hasOlder) = try snapshot.history(of: id, offset: start, limit: perPage)
        guard page == 1 || !commits.isEmpty else {
            throw .notFound("there is no page \(page) of this history: it has fewer actions; go back to its first page")
        }
        entries = commits.map { commit in
            Entry(date: HumanDate.format(commit.author.date), who: commit.author.name,
                  organisation: commit.message.trailer("Accord-Organisation")?.uppercased(), summary: commit.message.subject,
                  shortID: String(commit.id.hex.prefix(7)), href: "/commits/\(commit.id.hex)")
        }
        summary = commits.isEmpty ? "Nothing has been recorded yet." : "Actions \(start + 1) to \(start + commits.count), newest first."
        func href(_ page: Int) -> String { "/resolutions/\(id)/history" + (page > 1 ? "?page=\(page)" : "") }
        position = page > 1 || hasOlder ? "Page \(page)" : nil
        newer = page > 1 ? href(page - 1) : nil
        older = hasOlder ? href(page + 1) : nil
    }
}

/// What `/commits/{hex}` shows: one commit of the record.
struct CommitView: Sendable {
    struct Change: Sendable {
        let path: String
        let change: String
    }

    let hex: String
    let shortID: String
    let subject: String
    let messageBody: String?
    let author: String
    let email: String
    let date: String
    let trailers: [CommitTrailer]
    let changes: [Change]
    let resolutionHref: String?
    let resolutionTitle: String?
    let parentHref: String?

    /// nil when the record holds no such commit.
    init?(_ snapshot: Snapshot, _ hex: String) throws(AccordError) {
        guard let recorded = try snapshot.recordedCommit(hex) else { return nil }
        let info = recorded.info
        self.hex = info.id.hex
        shortID = String(info.id.hex.prefix(7))
        subject = info.message.subject
        messageBody = info.message.body.flatMap { $0.isEmpty ? nil : $0 }
        author = info.author.name
        email = info.author.email
        date = HumanDate.format(info.author.date)
        trailers = info.message.trailers.map { CommitTrailer(key: $0.key, value: $0.value) }
        changes = recorded.changes.map { change in
            let words: String
            switch change.kind {
            case .added: words = "added"
            case .modified: words = "changed"
            case .deleted: words = "deleted"
            }
            return Change(path: change.path, change: words)
        }
        if let resolution = info.message.trailer("Accord-Resolution"), (try? snapshot.resolutionIDs().contains(resolution)) == true {
            resolutionHref = "/resolutions/\(resolution)"
            resolutionTitle = try snapshot.meta(resolution).title
        } else {
            (resolutionHref, resolutionTitle) = (nil, nil)
        }
        parentHref = info.parents.first.map { "/commits/\($0.hex)" }
    }
}

/// A `Key: value` line of a commit message.
struct CommitTrailer: Sendable {
    let key: String
    let value: String
}

// MARK: Names for the templates

// The views of long lists name their fields for the templates themselves: Mustache would
// otherwise reflect on each value for each name it looks up (and, for a name a value lacks,
// on each enclosing value too), which for a thousand provisions costs more than reading them.

extension TextSectionView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "anchor": anchor
        case "title": title
        case "provisions": provisions
        default: nil
        }
    }
}

extension TextProvisionView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "provisionID": provisionID
        case "number": number
        case "label": label
        case "wording": wording
        case "amendmentLines": amendmentLines
        case "moreLine": moreLine
        case "listHref": listHref
        case "tableHref": tableHref
        case "hasAmendmentPart": hasAmendmentPart
        default: nil
        }
    }
}

extension ProvisionAmendmentLine: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "number": number
        case "href": href
        case "organisation": organisation
        case "kind": kind
        case "amendmentState": amendmentState
        case "badge": badge
        default: nil
        }
    }
}

extension AmendmentListRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "number": number
        case "href": href
        case "provision": provision
        case "kind": kind
        case "organisation": organisation
        case "organisationName": organisationName
        case "rowState": rowState
        case "badge": badge
        case "ruling": ruling
        case "proposal": proposal
        case "outcome": outcome
        case "excerpt": excerpt
        default: nil
        }
    }
}

extension AmendmentFilterOption: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "value": value
        case "label": label
        case "selected": selected
        default: nil
        }
    }
}

extension HistoryView.Entry: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "date": date
        case "who": who
        case "organisation": organisation
        case "summary": summary
        case "shortID": shortID
        case "href": href
        default: nil
        }
    }
}
