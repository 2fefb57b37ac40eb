/// The rules every draft format shares: sections, recitals and paragraphs, their
/// numbering and their ids, whatever the file they are read from.
///
/// A reader (Markdown lines, Word paragraphs) calls it part by part, in document
/// order, with the place of each part (a line, a paragraph); the builder checks
/// numbering and ids and gathers every problem with its place, so that a person
/// can fix them all at once.
package struct DraftBuilder {
    /// How a format names its places and its syntax in messages.
    package struct Wording: Sendable {
        /// "line", "paragraph".
        package var place: String
        /// What opens a section: "‘## ’ heading", "heading".
        package var heading: String
        /// How to give a heading an id by hand, shown when its title gives none.
        package var explicitSectionID: @Sendable (String) -> String
        /// Why text that is neither a heading nor a provision is refused.
        package var strayText: String

        /// The Markdown draft's words.
        package static let markdown = Wording(
            place: "line", heading: "‘## ’ heading", explicitSectionID: { "‘## \($0) {#my-section}’" },
            strayText: "this line is neither a heading nor a numbered provision (‘A.’ for a recital, ‘1.’ for a paragraph)")

        package init(place: String, heading: String, explicitSectionID: @escaping @Sendable (String) -> String, strayText: String) {
            self.place = place
            self.heading = heading
            self.explicitSectionID = explicitSectionID
            self.strayText = strayText
        }
    }

    let wording: Wording
    /// Turns a place and a message into a problem (the place may be nil: the whole file).
    let makeProblem: (Int?, String) -> InputProblem
    /// Every problem found so far, in the order found.
    package private(set) var problems: [InputProblem] = []
    private var opening: [String] = []
    private var sections: [Section] = []
    private var current: (provision: Provision, place: Int)?
    private var recitals = 0
    private var paragraphs = 0
    private var seenIDs: [String: Int] = [:]

    package init(wording: Wording, makeProblem: @escaping (Int?, String) -> InputProblem) {
        self.wording = wording
        self.makeProblem = makeProblem
    }

    /// Records a problem at a place.
    package mutating func problem(_ place: Int?, _ message: String) {
        problems.append(makeProblem(place, message))
    }

    /// Whether a provision is open, so that more text may continue it.
    package var hasOpenProvision: Bool { current != nil }

    private mutating func claim(_ id: String, at place: Int) {
        if let first = seenIDs[id] {
            problem(place, "the id ‘\(id)’ is already used on \(wording.place) \(first)")
        } else {
            seenIDs[id] = place
        }
    }

    /// A problem when a provision's explicit id is not a valid id.
    private mutating func checkID(_ explicitID: String?, at place: Int) {
        if let explicitID, !Slug.isValidID(explicitID) {
            problem(place, "the id ‘\(explicitID)’ may only hold lower-case letters, digits and ‘-’")
        }
    }

    /// Ends the open provision, if any (a blank line ends one in Markdown).
    package mutating func finishProvision() {
        guard let done = current else { return }
        // Claimed once complete: an explicit id may come on a continuation line.
        claim(done.provision.id, at: done.place)
        sections[sections.count - 1].provisions.append(done.provision)
        current = nil
    }

    /// A heading opening a section; its id is `sec-` and the explicit id, else a slug of the title.
    package mutating func heading(_ title: String, explicitID: String?, at place: Int) {
        finishProvision()
        if title.isEmpty { problem(place, "a section heading needs a title") }
        if let explicitID, !Slug.isValidID(explicitID) {
            problem(place, "the section id ‘\(explicitID)’ may only hold lower-case letters, digits and ‘-’")
        }
        let slug = explicitID ?? Slug.make(title)
        if slug.isEmpty && !title.isEmpty {
            problem(place, "the heading ‘\(title)’ gives no id in Latin letters: add one, e.g. \(wording.explicitSectionID(title))")
        }
        let id = "sec-" + slug
        claim(id, at: place)
        sections.append(Section(id: id, title: title, provisions: []))
    }

    /// A recital or operative paragraph; `number` is the one written (`B`, `4`), checked
    /// against its place, or nil where the file numbers it itself (Word's lists).
    package mutating func provision(kind: ProvisionKind, number: String?, text: String, explicitID: String?, at place: Int) {
        finishProvision()
        guard !sections.isEmpty else {
            problem(place, "\(kind.name) \(number.map { "\($0). " } ?? "")comes before the first \(wording.heading); put it in a section")
            return
        }
        let expected: String
        switch kind {
        case .recital:
            recitals += 1
            expected = Numbering.letters(recitals)
        case .paragraph:
            paragraphs += 1
            expected = String(paragraphs)
        }
        let shown = number ?? expected
        if shown != expected {
            problem(place, "\(kind.name) \(shown). should be numbered \(expected). (numbering must not skip or repeat)")
        }
        if text.isEmpty { problem(place, "\(kind.name) \(shown). has no text") }
        checkID(explicitID, at: place)
        let id = explicitID ?? Numbering.impliedID(kind: kind, number: expected)
        current = (Provision(id: id, kind: kind, text: text), place)
    }

    /// More text: the rest of the open provision (with `continuing`), the opening formula
    /// before the first section, or a problem.
    package mutating func text(_ text: String, explicitID: String?, continuing: Bool, at place: Int) {
        if continuing, current != nil {
            current?.provision.text += " " + text
            if let explicitID {
                checkID(explicitID, at: place)
                current?.provision.id = explicitID
            }
        } else if sections.isEmpty {
            opening.append(text)
        } else {
            problem(place, wording.strayText)
        }
    }

    /// The opening formula and sections into `text`, or every problem found.
    package mutating func finish(into text: inout ResolutionText) throws(InvalidInput) {
        finishProvision()
        for section in sections where section.provisions.isEmpty {
            problem(seenIDs[section.id], "the section ‘\(section.title)’ has no provisions")
        }
        if sections.isEmpty && problems.isEmpty {
            problem(nil, "the draft has no sections: add a \(wording.heading) and numbered provisions")
        }
        guard problems.isEmpty else { throw InvalidInput(problems) }
        text.opening = opening.joined(separator: " ")
        text.sections = sections
    }
}
