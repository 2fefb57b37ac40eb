import Foundation
import Resolutions

/// Who made a tracked change or a comment, and when, as Word records it.
struct DocxRevision: Sendable, Equatable {
    /// `w:author`: "AFCCRE — Amélie Durand", or "Secretariat".
    var author: String
    /// `w:date`, already formatted (`RecordDate.format`).
    var date: String
}

/// Builds the body of a Word document (`w:body`) and its comments, paragraph by paragraph.
///
/// Every piece of text goes through `Markup.escape`; tracked changes, comments and
/// bookmarks share one counter of annotation ids, as Word keeps them unique.
struct DocxWriter {
    private(set) var body = ""
    private(set) var comments = ""
    private var nextID = 1

    init(capacity: Int) {
        body.reserveCapacity(capacity)
    }

    private mutating func takeID() -> Int {
        defer { nextID += 1 }
        return nextID
    }

    /// One paragraph in a style; `bookmark` names it (a provision or section id), and
    /// `mark` records the paragraph itself as inserted or deleted.
    mutating func paragraph(style: String?, bookmark: String? = nil, mark: (inserted: Bool, by: DocxRevision)? = nil,
                            _ content: (inout DocxWriter) -> Void) {
        body += "<w:p>"
        if style != nil || mark != nil {
            body += "<w:pPr>"
            if let style { body += "<w:pStyle w:val=\"\(style)\"/>" }
            if let mark {
                body += "<w:rPr>" + revisionTag(mark.inserted ? "ins" : "del", mark.by, selfClosing: true) + "</w:rPr>"
            }
            body += "</w:pPr>"
        }
        var bookmarkID: Int?
        if let bookmark {
            let id = takeID()
            bookmarkID = id
            body += "<w:bookmarkStart w:id=\"\(id)\" w:name=\"\(Markup.escape(DocxBookmark.name(for: bookmark)))\"/>"
        }
        content(&self)
        if let bookmarkID { body += "<w:bookmarkEnd w:id=\"\(bookmarkID)\"/>" }
        body += "</w:p>"
    }

    /// A paragraph of plain text.
    mutating func paragraph(_ text: String, style: String?, bookmark: String? = nil) {
        paragraph(style: style, bookmark: bookmark) { $0.text(text) }
    }

    /// Text as it is.
    mutating func text(_ text: String, bold: Bool = false) {
        guard !text.isEmpty else { return }
        body += bold ? "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">" : "<w:r><w:t xml:space=\"preserve\">"
        body += Markup.escape(text)
        body += "</w:t></w:r>"
    }

    /// Text recorded as inserted by someone.
    mutating func inserted(_ text: String, by revision: DocxRevision) {
        guard !text.isEmpty else { return }
        body += revisionTag("ins", revision, selfClosing: false)
        body += "<w:r><w:t xml:space=\"preserve\">\(Markup.escape(text))</w:t></w:r></w:ins>"
    }

    /// Text recorded as deleted by someone.
    mutating func deleted(_ text: String, by revision: DocxRevision) {
        guard !text.isEmpty else { return }
        body += revisionTag("del", revision, selfClosing: false)
        body += "<w:r><w:delText xml:space=\"preserve\">\(Markup.escape(text))</w:delText></w:r></w:del>"
    }

    /// The change from one wording to another as tracked changes, word by word:
    /// accepting them gives `new` exactly, rejecting them `old` exactly.
    mutating func tracked(from old: String, to new: String, by revision: DocxRevision) {
        for piece in DocxChanges.pieces(from: old, to: new) {
            switch piece {
            case .same(let text): self.text(text)
            case .inserted(let text): inserted(text, by: revision)
            case .deleted(let text): deleted(text, by: revision)
            }
        }
    }

    /// Content with a comment anchored on it (`w:commentRangeStart` … `w:commentReference`).
    mutating func commented(_ note: String, by revision: DocxRevision, initials: String, _ content: (inout DocxWriter) -> Void) {
        let id = takeID()
        body += "<w:commentRangeStart w:id=\"\(id)\"/>"
        content(&self)
        body += "<w:commentRangeEnd w:id=\"\(id)\"/><w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:commentReference w:id=\"\(id)\"/></w:r>"
        comments += "<w:comment w:id=\"\(id)\" w:author=\"\(Markup.escape(revision.author))\" w:date=\"\(revision.date)\" w:initials=\"\(Markup.escape(initials))\">"
        let lines = note.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" })
        for (index, line) in lines.enumerated() {
            comments += "<w:p><w:pPr><w:pStyle w:val=\"CommentText\"/></w:pPr>"
            if index == 0 { comments += "<w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:annotationRef/></w:r>" }
            comments += "<w:r><w:t xml:space=\"preserve\">\(Markup.escape(String(line)))</w:t></w:r></w:p>"
        }
        comments += "</w:comment>"
    }

    /// A table with a header row repeated on every page; widths in twentieths of a point.
    mutating func table(header: [String], widths: [Int], rows: [[String]]) {
        body += "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"\(widths.reduce(0, +))\" w:type=\"dxa\"/>"
        body += "<w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>"
        for width in widths { body += "<w:gridCol w:w=\"\(width)\"/>" }
        body += "</w:tblGrid>"
        func row(_ cells: [String], isHeader: Bool) {
            body += isHeader ? "<w:tr><w:trPr><w:tblHeader/></w:trPr>" : "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            for (index, cell) in cells.enumerated() {
                body += "<w:tc><w:tcPr><w:tcW w:w=\"\(widths[min(index, widths.count - 1)])\" w:type=\"dxa\"/></w:tcPr>"
                body += "<w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr>"
                text(cell, bold: isHeader)
                body += "</w:p></w:tc>"
            }
            body += "</w:tr>"
        }
        row(header, isHeader: true)
        for cells in rows { row(cells, isHeader: false) }
        body += "</w:tbl>"
    }

    /// The comments part, or nil when no comment was written.
    var commentsPart: String? {
        guard !comments.isEmpty else { return nil }
        return DocxPackage.declaration + "<w:comments xmlns:w=\"\(DocxPackage.wordNamespace)\">" + comments + "</w:comments>"
    }

    private mutating func revisionTag(_ name: String, _ revision: DocxRevision, selfClosing: Bool) -> String {
        "<w:\(name) w:id=\"\(takeID())\" w:author=\"\(Markup.escape(revision.author))\" w:date=\"\(revision.date)\"\(selfClosing ? "/" : "")>"
    }
}

/// Word changes between two wordings, exact to the character.
enum DocxChanges {
    /// A stretch of text kept, inserted or deleted.
    enum Piece: Equatable {
        case same(String)
        case inserted(String)
        case deleted(String)
    }

    /// The pieces that turn `old` into `new`: kept and inserted pieces put together give
    /// `new`, kept and deleted ones give `old`, spaces included.
    ///
    /// Words come from `TextDiff.words`; each word's leading space belongs to the
    /// versions in which the word is not the first, so a word deleted at the start
    /// takes the space after it along. Texts whose spacing the word diff does not keep
    /// (double spaces, tabs) are given as one deletion and one insertion.
    /// - Complexity: that of the word diff.
    static func pieces(from old: String, to new: String) -> [Piece] {
        guard old != new else { return old.isEmpty ? [] : [.same(old)] }
        var pieces: [Piece] = []
        func append(_ piece: Piece) {
            switch (pieces.last, piece) {
            case (.same(let a)?, .same(let b)): pieces[pieces.count - 1] = .same(a + b)
            case (.inserted(let a)?, .inserted(let b)): pieces[pieces.count - 1] = .inserted(a + b)
            case (.deleted(let a)?, .deleted(let b)): pieces[pieces.count - 1] = .deleted(a + b)
            default: pieces.append(piece)
            }
        }
        var acceptSeen = false
        var rejectSeen = false
        for run in TextDiff.words(from: old, to: new) {
            let (words, inAccept, inReject): (String, Bool, Bool)
            switch run {
            case .same(let text): (words, inAccept, inReject) = (text, true, true)
            case .inserted(let text): (words, inAccept, inReject) = (text, true, false)
            case .deleted(let text): (words, inAccept, inReject) = (text, false, true)
            }
            for word in words.split(separator: " ") {
                let spaceInAccept = inAccept && acceptSeen
                let spaceInReject = inReject && rejectSeen
                switch (spaceInAccept, spaceInReject) {
                case (true, true): append(.same(" "))
                case (true, false): append(.inserted(" "))
                case (false, true): append(.deleted(" "))
                case (false, false): break
                }
                let text = String(word)
                append(inAccept && inReject ? .same(text) : inAccept ? .inserted(text) : .deleted(text))
                acceptSeen = acceptSeen || inAccept
                rejectSeen = rejectSeen || inReject
            }
        }
        if accepted(pieces) != new || rejected(pieces) != old {
            return [Piece.deleted(old), .inserted(new)].filter { $0 != .deleted("") && $0 != .inserted("") }
        }
        return pieces
    }

    /// The text with every change accepted.
    static func accepted(_ pieces: [Piece]) -> String {
        pieces.reduce(into: "") { text, piece in
            switch piece {
            case .same(let part), .inserted(let part): text += part
            case .deleted: break
            }
        }
    }

    /// The text with every change rejected.
    static func rejected(_ pieces: [Piece]) -> String {
        pieces.reduce(into: "") { text, piece in
            switch piece {
            case .same(let part), .deleted(let part): text += part
            case .inserted: break
            }
        }
    }
}
