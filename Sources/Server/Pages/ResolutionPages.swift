import Exports
import Foundation
import GitStore
import Hummingbird
import Resolutions

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
            let view = try await read(services) { snapshot throws(AccordError) in try ResolutionView(snapshot, id, person: person, now: now) }
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
            let page = try pageNumber(request)
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

    /// How many rows a list page shows.
    static let rowsPerPage = 50

    /// How many amendments the text shows under a provision before linking to the rest.
    static let amendmentsUnderProvision = 6

    /// `?page=N`, a whole number from 1 (1 when absent).
    static func pageNumber(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters.get("page"), !text.isEmpty else { return 1 }
        guard let page = Int(text), page >= 1 else { throw APIError.malformed(["the page number must be a whole number from 1, not ‘\(text)’"]) }
        return page
    }

    /// A query string's value, percent-encoded.
    static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    /// An amendment's kind as a noun: "replacement", "insertion after".
    static func kindWords(_ kind: AmendmentKind) -> String {
        kind.label.hasSuffix(" of") ? String(kind.label.dropLast(3)) : kind.label
    }

    /// The CSS class of a state's badge: good, bad or neutral.
    static func badge(_ state: String) -> String {
        switch state {
        case AmendmentState.adopted.rawValue, AmendmentState.admissible.rawValue, "accept", "adopted": "badge good"
        case AmendmentState.rejected.rawValue, AmendmentState.inadmissible.rawValue, AmendmentState.fallen.rawValue, "reject": "badge bad"
        case AmendmentState.withdrawn.rawValue: "badge warn"
        default: "badge"
        }
    }
}

// MARK: The resolution's page

/// A link to another page of the resolution, with what it is for.
struct PageLink: Sendable {
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
    let links: [PageLink]
    let language: String
    let languageName: String
    let opening: String?
    let sections: [SectionView]
    /// "812 amendments".
    let amendmentCount: String
    /// How many amendments concern provisions not in the text shown (e.g. deleted by an adopted amendment).
    let elsewhere: String?
    let downloads: [DownloadLanguage]

    init(_ snapshot: Snapshot, _ id: String, person: Person, now: Date) throws(AccordError) {
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
        var links = [PageLink(label: "All amendments, with filters", href: "/resolutions/\(id)/amendments"),
                     PageLink(label: "History", href: "/resolutions/\(id)/history")]
        if try may(.voteAmendment, .voteText) { links.append(PageLink(label: "Vote for your organisation", href: "/resolutions/\(id)/vote")) }
        if try may(.voteSection) { links.append(PageLink(label: "Review the consolidated text", href: "/resolutions/\(id)/review")) }
        if try may(.screenAmendment, .proposeProcedure) { links.append(PageLink(label: "Screening queue", href: "/resolutions/\(id)/screening")) }
        if try may(.tableCompromise) { links.append(PageLink(label: "Table a compromise", href: "/resolutions/\(id)/compromise")) }
        if try !snapshot.transitions(of: id, openTo: person).isEmpty { links.append(PageLink(label: "Procedure and next steps", href: "/resolutions/\(id)/procedure")) }
        self.links = links
        let mayTable = try may(.tableAmendment)

        let text = try snapshot.currentText(id)
        language = text.language
        languageName = Translation.languageName(text.language)
        opening = text.opening.isEmpty ? nil : text.opening
        let amendments = try snapshot.amendments(id)
        amendmentCount = Agenda.count(amendments.count, "amendment")
        var byProvision: [String: [Amendment]] = [:]
        for amendment in amendments { byProvision[amendment.target, default: []].append(amendment) }
        let numbers = text.displayNumbers
        var shown = 0
        sections = text.sections.map { section in
            SectionView(id: section.id, title: section.title, provisions: section.provisions.map { provision in
                let own = byProvision[provision.id] ?? []
                shown += own.count
                let number = numbers[provision.id] ?? ""
                let label = "\(provision.kind.name) \(number)"
                let lines = own.prefix(Pages.amendmentsUnderProvision).map { amendment in
                    AmendmentLine(number: amendment.id, href: "/resolutions/\(id)/amendments/\(amendment.id)",
                                  organisation: amendment.organisation.uppercased(),
                                  kind: Pages.kindWords(amendment.kind), amendmentState: amendment.state.rawValue, badge: Pages.badge(amendment.state.rawValue))
                }
                let rest = own.count - lines.count
                return ProvisionView(provisionID: provision.id, number: number, label: label, wording: provision.text,
                                     amendmentLines: lines, amendmentTotal: own.count,
                                     moreLine: rest > 0 ? "and \(Agenda.count(rest, "more amendment")) to \(label)" : nil,
                                     listHref: "/resolutions/\(id)/amendments?provision=\(Pages.encode(provision.id))",
                                     tableHref: mayTable ? "/resolutions/\(id)/provisions/\(Pages.encode(provision.id))/amend" : nil)
            })
        }
        elsewhere = amendments.count > shown ? Agenda.count(amendments.count - shown, "amendment") : nil
        downloads = try DownloadLanguage.all(snapshot, meta)
    }
}

struct SectionView: Sendable {
    let id: String
    let title: String
    let provisions: [ProvisionView]
}

/// A provision of the text and the first of its amendments. Names differ from the page's own
/// (`provisionID`, not `id`), since Mustache looks a name up in the enclosing views when an
/// optional one is nil.
struct ProvisionView: Sendable {
    let provisionID: String
    let number: String
    let label: String
    let wording: String
    let amendmentLines: [AmendmentLine]
    let amendmentTotal: Int
    let moreLine: String?
    let listHref: String
    let tableHref: String?
    /// Whether anything follows the wording: amendments or a link to table one (stored, since
    /// templates see stored properties only).
    let hasAmendmentPart: Bool

    init(provisionID: String, number: String, label: String, wording: String, amendmentLines: [AmendmentLine], amendmentTotal: Int,
         moreLine: String?, listHref: String, tableHref: String?) {
        (self.provisionID, self.number, self.label, self.wording) = (provisionID, number, label, wording)
        (self.amendmentLines, self.amendmentTotal, self.moreLine) = (amendmentLines, amendmentTotal, moreLine)
        (self.listHref, self.tableHref) = (listHref, tableHref)
        hasAmendmentPart = !amendmentLines.isEmpty || tableHref != nil
    }
}

/// An amendment as one line under its provision: no text, and its organisation by its short id.
struct AmendmentLine: Sendable {
    let number: String
    let href: String
    let organisation: String
    let kind: String
    let amendmentState: String
    let badge: String
}

/// The downloads of the resolution in one of its languages.
struct DownloadLanguage: Sendable {
    let code: String
    let name: String
    /// "the original", or how complete the translation is.
    let status: String
    let statusBadge: String
    let formats: [DownloadFormat]

    static func all(_ snapshot: Snapshot, _ meta: ResolutionMeta) throws(AccordError) -> [DownloadLanguage] {
        let progress = meta.translatedLanguages.isEmpty ? [:] : try snapshot.translationProgress(meta.id)
        let original = DownloadLanguage(code: meta.language, name: Translation.languageName(meta.language), status: "the original",
                                        statusBadge: "badge", formats: DownloadFormat.all(meta.id, language: nil))
        return [original] + meta.translatedLanguages.map { language in
            let status: String, badge: String
            if let gaps = progress[language], !gaps.isComplete {
                var parts: [String] = []
                if !gaps.stale.isEmpty { parts.append("\(Agenda.count(gaps.stale.count, "piece")) out of date") }
                if !gaps.missing.isEmpty { parts.append("\(Agenda.count(gaps.missing.count, "piece")) not translated") }
                (status, badge) = (parts.joined(separator: ", "), gaps.missing.isEmpty ? "badge warn" : "badge bad")
            } else {
                (status, badge) = ("translation complete and up to date", "badge good")
            }
            return DownloadLanguage(code: language, name: Translation.languageName(language), status: status, statusBadge: badge,
                                    formats: DownloadFormat.all(meta.id, language: language))
        }
    }
}

/// One export format and a link per view it offers.
struct DownloadFormat: Sendable {
    let name: String
    let views: [PageLink]

    static func all(_ id: String, language: String?) -> [DownloadFormat] {
        ExportFormat.allCases.map { format in
            DownloadFormat(name: formatName(format), views: format.views.map { view in
                var href = "/api/v1/resolutions/\(id)/export?format=\(format.rawValue)&view=\(view.rawValue)"
                if let language { href += "&language=\(Pages.encode(language))" }
                return PageLink(label: viewName(view), href: href)
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
        page = try Pages.pageNumber(request)
    }

    /// This query's address, on another page.
    func href(_ id: String, page: Int) -> String {
        var parts: [String] = []
        if let state { parts.append("state=" + Pages.encode(state)) }
        if let organisation { parts.append("organisation=" + Pages.encode(organisation)) }
        if let provision { parts.append("provision=" + Pages.encode(provision)) }
        if page > 1 { parts.append("page=\(page)") }
        return "/resolutions/\(id)/amendments" + (parts.isEmpty ? "" : "?" + parts.joined(separator: "&"))
    }
}

/// A choice of a filter's select.
struct FilterOption: Sendable {
    let value: String
    let label: String
    let selected: Bool
}

/// What `/resolutions/{id}/amendments` shows.
struct AmendmentListView: Sendable {
    let id: String
    let title: String
    let states: [FilterOption]
    let organisations: [FilterOption]
    let provisions: [FilterOption]
    let rows: [AmendmentRow]
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
        states = life.workflow.states.map { FilterOption(value: $0.name, label: $0.name, selected: $0.name == query.state) }
        let names = Dictionary(roster.organisations.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        organisations = roster.organisations.map { FilterOption(value: $0.id, label: $0.name, selected: $0.id == query.organisation) }
        // The provisions that have amendments, in the order of the text, then any no longer in it.
        let targets = Set(amendments.map(\.target))
        let inText = text.provisions.filter { targets.contains($0.id) }.map(\.id)
        let gone = targets.subtracting(inText).sorted()
        func label(_ provision: String) -> String { numbers[provision] == nil ? provision : text.label(of: provision) }
        let labels = Dictionary((inText + gone).map { ($0, label($0)) }, uniquingKeysWith: { first, _ in first })
        provisions = (inText + gone).map { FilterOption(value: $0, label: labels[$0] ?? $0, selected: $0 == query.provision) }

        let matching = amendments.filter { amendment in
            (query.state.map { amendment.state.rawValue == $0 } ?? true)
                && (query.organisation.map { amendment.organisation == $0 } ?? true)
                && (query.provision.map { amendment.target == $0 } ?? true)
        }
        filtered = query.state != nil || query.organisation != nil || query.provision != nil
        let pageCount = max(1, (matching.count + Pages.rowsPerPage - 1) / Pages.rowsPerPage)
        guard query.page <= pageCount else {
            throw .notFound("there is no page \(query.page) of these amendments: there \(pageCount == 1 ? "is 1 page" : "are \(pageCount) pages")")
        }
        let start = (query.page - 1) * Pages.rowsPerPage
        let slice = matching[start..<min(matching.count, start + Pages.rowsPerPage)]
        rows = slice.map { AmendmentRow($0, resolution: id, provision: labels[$0.target] ?? $0.target, organisationName: names[$0.organisation] ?? $0.organisation) }
        if matching.isEmpty {
            summary = filtered ? "No amendment matches these filters." : "No amendment has been tabled yet."
        } else {
            summary = "Amendments \(start + 1) to \(start + slice.count) of \(matching.count)" + (filtered ? " matching these filters (\(amendments.count) in all)." : ".")
        }
        pages = pageCount > 1 ? PageNavigation(current: query.page, count: pageCount) { query.href(id, page: $0) } : nil
    }
}

/// One amendment as a row of the list: what it does and where it stands, its text cut short.
struct AmendmentRow: Sendable {
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
        kind = Pages.kindWords(amendment.kind)
        organisation = amendment.organisation.uppercased()
        self.organisationName = organisationName
        rowState = amendment.state.rawValue
        badge = Pages.badge(amendment.state.rawValue)
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

/// What `/resolutions/{id}/history` shows: its commits, newest first, a page at a time.
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
    let pages: PageNavigation?

    init(_ snapshot: Snapshot, _ id: String, page: Int) throws(AccordError) {
        let meta = try snapshot.meta(id)
        self.id = id
        title = meta.title
        let (commits, total) = try snapshot.history(of: id, offset: (page - 1) * Pages.rowsPerPage, limit: Pages.rowsPerPage)
        let pageCount = max(1, (total + Pages.rowsPerPage - 1) / Pages.rowsPerPage)
        guard page <= pageCount else {
            throw .notFound("there is no page \(page) of this history: there \(pageCount == 1 ? "is 1 page" : "are \(pageCount) pages")")
        }
        entries = commits.map { commit in
            Entry(date: HumanDate.format(commit.author.date), who: commit.author.name,
                  organisation: commit.message.trailer("Accord-Organisation")?.uppercased(), summary: commit.message.subject,
                  shortID: String(commit.id.hex.prefix(7)), href: "/commits/\(commit.id.hex)")
        }
        let start = (page - 1) * Pages.rowsPerPage
        summary = total == 0 ? "Nothing has been recorded yet." : "Actions \(start + 1) to \(start + commits.count) of \(total), newest first."
        pages = pageCount > 1 ? PageNavigation(current: page, count: pageCount) { "/resolutions/\(id)/history" + ($0 > 1 ? "?page=\($0)" : "") } : nil
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
    let trailers: [PageTrailer]
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
        trailers = info.message.trailers.map { PageTrailer(key: $0.key, value: $0.value) }
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
struct PageTrailer: Sendable {
    let key: String
    let value: String
}
