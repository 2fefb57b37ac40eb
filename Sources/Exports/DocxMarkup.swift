import Foundation
import Resolutions

/// Amendments read from a copy of Accord's `text` export that a member changed with Track Changes on.
public enum DocxMarkup {
    /// One amendment found in the copy, with the place it was found.
    public struct Found: Sendable, Equatable {
        /// The amendment as its tabler would write it.
        public var draft: AmendmentDraft
        /// Where it is in the copy, in words ("paragraph 12 (‘Asks for stable…’)").
        public var place: String
        /// The provision it amends, in words ("recital D"), as numbered in the text it was read against.
        public var label = ""

        /// The amendment in a line, as `accord amend --from --dry-run` lists it: what it does to
        /// which provision, its new wording, its justification ("Insertion after paragraph 4 (par-4): “…”").
        public var summary: String {
            let kind = draft.kind.label
            var line = "\(kind.prefix(1).uppercased() + kind.dropFirst()) \(label.isEmpty ? draft.target : label) (\(draft.target))"
            if let words = draft.text { line += ": “\(words)”" }
            if !draft.justification.isEmpty { line += " — justification: “\(draft.justification)”" }
            return line
        }
    }

    /// One amendment per changed provision, in text order.
    ///
    /// Tracked insertions and deletions inside a provision give a replacement with the
    /// new wording; a provision deleted whole, a deletion; a new paragraph, an insertion
    /// after the provision before it in its section (or before the provision after it, when
    /// none comes before). A comment anchored in a changed provision is its justification; the
    /// others get `justification`. Provisions are known by Accord's bookmarks.
    /// - Parameters:
    ///   - text: the text amendments are tabled against (`Snapshot.text`), which the copy must show
    ///     once every tracked change is rejected.
    /// - Throws: `InvalidInput` with every change that cannot be tabled and where it is: changes
    ///   outside provisions (title, headings, opening formula), edits made without Track Changes,
    ///   paragraphs that cannot be tied to one provision, a copy of another resolution.
    public static func amendments(from data: Data, file: String, text: ResolutionText,
                                  justification: String = "") throws(InvalidInput) -> [Found] {
        let document = try DocxDocument(data: data, file: file)
        var problems: [InputProblem] = []
        func problem(_ block: DocxDocument.Block?, _ message: String) {
            problems.append(InputProblem(file: file, line: nil, block.map { "\($0.place): \(message)" } ?? message))
        }
        if let copied = document.properties[DocxExport.resolutionProperty], copied != text.id {
            problem(nil, "this is a copy of the resolution ‘\(copied)’, not of ‘\(text.id)’")
            throw InvalidInput(problems)
        }
        if let view = document.properties[DocxExport.viewProperty], view != HTMLView.text.rawValue {
            problem(nil, "this is the ‘\(view)’ view: mark up a copy of the text view (accord export \(text.id) --format docx)")
            throw InvalidInput(problems)
        }
        let provisions = text.provisionsByID
        let sections = Dictionary(text.sections.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
        let labels = text.labelsByID
        var found: [Found] = []
        var seen: Set<String> = []
        var previous: String?
        var waiting: [(block: DocxDocument.Block, words: String)] = []
        var inSections = false
        var carried: [String] = []
        func justify(_ block: DocxDocument.Block) -> String {
            let notes = block.commentIDs.compactMap { document.comments[$0] }.filter { !$0.isEmpty }
            return notes.isEmpty ? justification : notes.joined(separator: "\n")
        }
        for (index, block) in document.blocks.enumerated() {
            if block.isTable {
                problem(block, "a table cannot be tied to a provision: remove it")
                continue
            }
            let style = document.styleName(block)
            let accepted = block.accepted.trimmingCharacters(in: .whitespaces)
            let rejected = block.rejected.trimmingCharacters(in: .whitespaces)
            guard style != "Subtitle", !(accepted.isEmpty && rejected.isEmpty) else { continue }
            let ids = document.bookmarkedIDs(block)
            var provisionID = ids.first { provisions[$0] != nil }
            if provisionID != nil, rejected.isEmpty, !accepted.isEmpty {
                // Enter pressed at the start of a provision: Word leaves its bookmark in the new
                // paragraph typed before it; the provision is the next paragraph.
                carried.append(contentsOf: provisionID.map { [$0] } ?? [])
                provisionID = nil
            } else if provisionID == nil, !rejected.isEmpty, !carried.isEmpty {
                provisionID = carried.removeFirst()
            }
            guard let id = provisionID, let provision = provisions[id] else {
                let isNew = rejected.isEmpty
                let isHeading = style == "Title" || document.headingLevel(block) != nil
                if ids.contains(where: { sections[$0] != nil }) {
                    // A new paragraph right under a heading goes before the section's first provision.
                    inSections = true
                    previous = nil
                }
                if isNew && !isHeading && inSections {
                    if block.hasImage { problem(block, "an image cannot be placed in a resolution: remove it") }
                    if let previous {
                        found.append(Found(draft: AmendmentDraft(target: previous, kind: .insertAfter, text: accepted, justification: justify(block)),
                                           place: block.place))
                    } else {
                        waiting.append((block, accepted))
                    }
                } else if block.hasTrackedChanges {
                    problem(block, "this change is outside the provisions (the title, a heading or the opening formula): only provisions can be amended")
                } else if let section = ids.first(where: { sections[$0] != nil }), sections[section] != rejected {
                    problem(block, "this heading was changed without Track Changes, and headings cannot be amended")
                } else if style == "Title", rejected != text.title {
                    problem(block, "the title was changed without Track Changes, and the title cannot be amended")
                } else if inSections && !isHeading {
                    problem(block, "this paragraph is not one of the provisions (it has none of Accord’s bookmarks): write new text with Track Changes on, in a new paragraph")
                }
                continue
            }
            inSections = true
            guard seen.insert(id).inserted else {
                problem(block, "the provision \(id) appears twice: keep one copy of each provision")
                continue
            }
            for (waitingBlock, words) in waiting {
                found.append(Found(draft: AmendmentDraft(target: id, kind: .insertBefore, text: words, justification: justify(waitingBlock)),
                                   place: waitingBlock.place))
            }
            waiting = []
            previous = id
            let label = labels[id] ?? id
            guard rejected == provision.text else {
                problem(block, "\(label) was changed without Track Changes: turn Track Changes on and make the change again in a fresh copy")
                continue
            }
            guard block.hasTrackedChanges, accepted != provision.text || block.markChange == .deleted else { continue }
            if accepted.isEmpty {
                found.append(Found(draft: AmendmentDraft(target: id, kind: .delete, justification: justify(block)), place: block.place))
            } else if block.markChange == .deleted, accepted == provision.text, index + 1 < document.blocks.count,
                      document.blocks[index + 1].accepted.trimmingCharacters(in: .whitespaces).isEmpty,
                      document.bookmarkedIDs(document.blocks[index + 1]).contains(where: { provisions[$0] != nil }) {
                // The next provision deleted by selecting from the end of this one: this one's mark
                // goes with it, its words stay; the next paragraph is the deletion.
                continue
            } else if block.markChange != .none {
                problem(block, "\(label) was split or joined with another paragraph: change its words only, or delete it whole")
            } else {
                found.append(Found(draft: AmendmentDraft(target: id, kind: .replace, text: accepted, justification: justify(block)),
                                   place: block.place))
            }
        }
        for (block, _) in waiting {
            problem(block, "this new paragraph has no provision before or after it: write it next to a provision")
        }
        let missing = text.provisions.filter { !seen.contains($0.id) }
        if let first = missing.first {
            problem(nil, "\(labels[first.id] ?? first.id) (\(first.id)) is missing from the copy: delete provisions with Track Changes on, and keep Accord’s bookmarks")
        }
        if problems.isEmpty && found.isEmpty {
            problem(nil, "no tracked change was found in a provision: make the changes with Track Changes on")
        }
        guard problems.isEmpty else { throw InvalidInput(problems) }
        return found.map { amendment in
            var labelled = amendment
            labelled.label = labels[amendment.draft.target] ?? amendment.draft.target
            return labelled
        }
    }
}
