import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Resolutions
import ZIPFoundation

/// A Word document as Accord reads it: the body's paragraphs and tables in order,
/// each paragraph's text with its tracked changes, style, list numbering,
/// bookmarks and comments; what the package says about styles, lists, language
/// and Accord's own properties.
struct DocxDocument {
    /// Whether a stretch of text is as it was, inserted or deleted with Track Changes.
    enum Change: Equatable { case none, inserted, deleted }

    /// Text of one kind of change.
    struct Run: Equatable {
        var text: String
        var change: Change
    }

    /// A paragraph of the body, or a table (refused by every reader, so only its first words are kept).
    struct Block {
        /// 1-based, counting the body's paragraphs and tables.
        var position: Int
        var isTable = false
        var styleID: String?
        var numbering: (numID: String, level: Int)?
        var runs: [Run] = []
        var bookmarks: [String] = []
        /// The paragraph itself (its mark) inserted or deleted with Track Changes.
        var markChange: Change = .none
        var commentIDs: [String] = []
        var hasFormatting = false
        var hasImage = false
        /// Whether some text was typed with Track Changes on (inserted or deleted).
        var hasTrackedChanges: Bool { markChange != .none || runs.contains { $0.change != .none } }

        /// The text with every tracked change accepted.
        var accepted: String { runs.filter { $0.change != .deleted }.map(\.text).joined() }
        /// The text with every tracked change rejected: as it was before the markup.
        var rejected: String { runs.filter { $0.change != .inserted }.map(\.text).joined() }

        /// "paragraph 7 (‘Calls on the Commission…’)": where a person finds it in Word.
        var place: String {
            let words = (accepted.isEmpty ? rejected : accepted).split(separator: " ").prefix(6).joined(separator: " ")
            let what = isTable ? "table at paragraph \(position)" : "paragraph \(position)"
            return words.isEmpty ? what : "\(what) (‘\(words)…’)"
        }
    }

    /// A style of `styles.xml`.
    struct Style {
        var name: String
        var basedOn: String?
        var numID: String?
        var outlineLevel: Int?
    }

    var blocks: [Block] = []
    var styles: [String: Style] = [:]
    /// numId → the number format of each level (`decimal`, `upperLetter`, `bullet`…).
    var numberFormats: [String: [Int: String]] = [:]
    /// Comment id → its text.
    var comments: [String: String] = [:]
    /// Accord's custom properties (`AccordResolution`, `AccordBookmarks`), and any other.
    var properties: [String: String] = [:]
    /// `dc:language`, else the default run language of the styles.
    var language: String?
    /// The bookmark names Accord hashed (`AccordBookmarks`), name → id.
    var hashedBookmarks: [String: String] = [:]

    /// The most a part of the document (its body, styles, comments) may unpack to: a resolution
    /// of 1,000 provisions and all its comments is a few megabytes.
    static let largestPart = 64 * 1024 * 1024

    /// Reads a `.docx` file.
    /// - Throws: `DocxUnreadable` in words when the file is not a Word document, or unpacks to
    ///   more than `largestPart` in one part.
    init(data: Data) throws(DocxUnreadable) {
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch { throw DocxUnreadable("it is not a Word document (.docx): the file is not a ZIP archive") }
        func part(_ path: String) throws(DocxUnreadable) -> Data? {
            guard let entry = archive[path] else { return nil }
            // A small ZIP can unpack to gigabytes: stop at what no resolution needs.
            let tooLarge = DocxUnreadable("its part \(path) unpacks to more than \(Self.largestPart / 1024 / 1024) MB, far more than any resolution needs")
            guard entry.uncompressedSize <= UInt64(Self.largestPart) else { throw tooLarge }
            var out = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    guard out.count + chunk.count <= Self.largestPart else { throw tooLarge }
                    out.append(chunk)
                }
            } catch let error as DocxUnreadable {
                throw error
            } catch {
                throw DocxUnreadable("its part \(path) cannot be read: the file is damaged")
            }
            return out
        }
        guard let document = try part("word/document.xml") else {
            throw DocxUnreadable("it is not a Word document (.docx): it has no word/document.xml")
        }
        if let styles = try part("word/styles.xml") { try StylesReader.read(styles, into: &self) }
        if let numbering = try part("word/numbering.xml") { try NumberingReader.read(numbering, into: &self) }
        if let comments = try part("word/comments.xml") { try CommentsReader.read(comments, into: &self) }
        if let custom = try part("docProps/custom.xml") { try PropertiesReader.read(custom, into: &self) }
        hashedBookmarks = DocxBookmark.parseHashedNames(properties[DocxBookmark.propertyName] ?? "")
        if let core = try part("docProps/core.xml") { try CoreReader.read(core, into: &self) }
        try BodyReader.read(document, into: &self)
    }

    /// Reads a `.docx` file for a reader of drafts or copies.
    /// - Throws: `InvalidInput` naming `file` when it is not a Word document.
    init(data: Data, file: String) throws(InvalidInput) {
        do { try self.init(data: data) } catch {
            throw InvalidInput([InputProblem(file: file, line: nil, "cannot be read: \(error.reason)")])
        }
    }

    /// The name of a paragraph's style ("heading 1", "Title"), through Word's own ids in any language.
    func styleName(_ block: Block) -> String? {
        block.styleID.map { styles[$0]?.name ?? $0 }
    }

    /// The number format of a paragraph's list (its own numbering, else its style's), or nil.
    func numberFormat(_ block: Block) -> String? {
        var numID = block.numbering?.numID
        let level = block.numbering?.level ?? 0
        var styleID = block.styleID
        var seen: Set<String> = []
        while numID == nil, let id = styleID, seen.insert(id).inserted {
            numID = styles[id]?.numID
            styleID = styles[id]?.basedOn
        }
        guard let numID, numID != "0" else { return nil }
        return numberFormats[numID]?[level] ?? numberFormats[numID]?[0]
    }

    /// 0 for Title-like headings (`heading 1`), 1 for `heading 2`…, from the style's name or outline level.
    func headingLevel(_ block: Block) -> Int? {
        var styleID = block.styleID
        var seen: Set<String> = []
        while let id = styleID, seen.insert(id).inserted, let style = styles[id] {
            let name = style.name.lowercased()
            if name.hasPrefix("heading "), let level = Int(name.dropFirst(8)) { return level - 1 }
            if let outline = style.outlineLevel { return outline }
            styleID = style.basedOn
        }
        if let id = block.styleID?.lowercased(), id.hasPrefix("heading"), let level = Int(id.dropFirst(7)) { return level - 1 }
        return nil
    }

    /// The ids of a paragraph's bookmarks that Accord wrote.
    func bookmarkedIDs(_ block: Block) -> [String] {
        block.bookmarks.compactMap { DocxBookmark.id(for: $0, hashed: hashedBookmarks) }
    }
}

/// Why a file could not be read as a Word document, in words.
struct DocxUnreadable: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

/// An XML part read element by element, names without their prefixes.
class DocxPartReader: NSObject, XMLParserDelegate {
    /// The local name of an element or attribute: `w:p` → `p`.
    static func local(_ name: String) -> Substring {
        guard let colon = name.lastIndex(of: ":") else { return Substring(name) }
        return name[name.index(after: colon)...]
    }

    static func attribute(_ attributes: [String: String], _ name: String) -> String? {
        for (key, value) in attributes where local(key) == name { return value }
        return nil
    }

    func parse(_ data: Data, part: String) throws(DocxUnreadable) {
        let parser = XMLParser(data: data)
        parser.delegate = self
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        guard parser.parse() else { throw DocxUnreadable("its part \(part) is not well-formed XML: the file is damaged") }
    }

    func start(_ name: Substring, _ attributes: [String: String]) {}
    func end(_ name: Substring) {}
    func characters(_ text: String) {}

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        start(Self.local(elementName), attributes)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        end(Self.local(elementName))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        characters(string)
    }
}

/// `word/document.xml`: the body's paragraphs and tables.
final class BodyReader: DocxPartReader {
    var blocks: [DocxDocument.Block] = []
    var current: DocxDocument.Block?
    var position = 0
    var tableDepth = 0
    var changes: [DocxDocument.Change] = []
    var inParagraphProperties = false
    var inRunProperties = false
    var collecting = false
    var text = ""

    static func read(_ data: Data, into document: inout DocxDocument) throws(DocxUnreadable) {
        let reader = BodyReader()
        try reader.parse(data, part: "word/document.xml")
        document.blocks = reader.blocks
    }

    var change: DocxDocument.Change { changes.last ?? .none }

    func append(_ text: String) {
        guard tableDepth == 0, !text.isEmpty, var block = current else { return }
        if let last = block.runs.indices.last, block.runs[last].change == change {
            block.runs[last].text += text
        } else {
            block.runs.append(DocxDocument.Run(text: text, change: change))
        }
        current = block
    }

    override func start(_ name: Substring, _ attributes: [String: String]) {
        switch name {
        case "tbl":
            if tableDepth == 0 {
                position += 1
                blocks.append(DocxDocument.Block(position: position, isTable: true))
            }
            tableDepth += 1
        case "p":
            if tableDepth == 0 {
                position += 1
                current = DocxDocument.Block(position: position)
            }
        case "pPr": inParagraphProperties = true
        case "rPr": inRunProperties = true
        case "pStyle" where inParagraphProperties && !inRunProperties:
            current?.styleID = Self.attribute(attributes, "val")
        case "numId" where inParagraphProperties:
            let level = current?.numbering?.level ?? 0
            current?.numbering = (Self.attribute(attributes, "val") ?? "0", level)
        case "ilvl" where inParagraphProperties:
            let numID = current?.numbering?.numID ?? ""
            current?.numbering = (numID, Int(Self.attribute(attributes, "val") ?? "") ?? 0)
        case "ins", "moveTo":
            if inParagraphProperties && inRunProperties { current?.markChange = .inserted } else if !inRunProperties { changes.append(.inserted) }
        case "del", "moveFrom":
            if inParagraphProperties && inRunProperties { current?.markChange = .deleted } else if !inRunProperties { changes.append(.deleted) }
        case "b", "i", "u", "strike":
            // A run's own formatting, not the paragraph mark's; `w:val="0"` switches it off.
            guard inRunProperties, !inParagraphProperties, tableDepth == 0 else { break }
            if Self.attribute(attributes, "val").map({ $0 != "0" && $0 != "false" && $0 != "none" }) ?? true {
                current?.hasFormatting = true
            }
        case "t", "delText":
            collecting = true
            text = ""
        case "tab" where !inParagraphProperties: append("\t")
        case "br", "cr": append(" ")
        case "drawing", "pict", "object":
            if tableDepth == 0 { current?.hasImage = true }
        case "bookmarkStart":
            if let name = Self.attribute(attributes, "name") { current?.bookmarks.append(name) }
        case "commentRangeStart", "commentReference":
            if let id = Self.attribute(attributes, "id"), current?.commentIDs.contains(id) == false { current?.commentIDs.append(id) }
        default: break
        }
    }

    override func end(_ name: Substring) {
        switch name {
        case "tbl": tableDepth -= 1
        case "p":
            if tableDepth == 0, let done = current {
                blocks.append(done)
                current = nil
            } else if tableDepth > 0, let table = blocks.indices.last, blocks[table].isTable, blocks[table].runs.isEmpty, !text.isEmpty {
                blocks[table].runs = [DocxDocument.Run(text: text, change: .none)]
            }
        case "pPr": inParagraphProperties = false
        case "rPr": inRunProperties = false
        case "ins", "moveTo", "del", "moveFrom":
            if !inRunProperties, !changes.isEmpty { changes.removeLast() }
        case "t", "delText":
            collecting = false
            append(text)
        default: break
        }
    }

    override func characters(_ string: String) {
        if collecting { text += string }
    }
}

/// `word/styles.xml`: each style's name, parent, list and outline level; the default language.
final class StylesReader: DocxPartReader {
    var styles: [String: DocxDocument.Style] = [:]
    var currentID: String?
    var inDefaults = false
    var language: String?

    static func read(_ data: Data, into document: inout DocxDocument) throws(DocxUnreadable) {
        let reader = StylesReader()
        try reader.parse(data, part: "word/styles.xml")
        document.styles = reader.styles
        if document.language == nil { document.language = reader.language }
    }

    override func start(_ name: Substring, _ attributes: [String: String]) {
        switch name {
        case "rPrDefault": inDefaults = true
        case "lang" where inDefaults: language = Self.attribute(attributes, "val")
        case "style":
            currentID = Self.attribute(attributes, "styleId")
            if let currentID { styles[currentID] = DocxDocument.Style(name: currentID) }
        case "name": if let currentID, let value = Self.attribute(attributes, "val") { styles[currentID]?.name = value }
        case "basedOn": if let currentID { styles[currentID]?.basedOn = Self.attribute(attributes, "val") }
        case "numId": if let currentID { styles[currentID]?.numID = Self.attribute(attributes, "val") }
        case "outlineLvl": if let currentID { styles[currentID]?.outlineLevel = Self.attribute(attributes, "val").flatMap { Int($0) } }
        default: break
        }
    }

    override func end(_ name: Substring) {
        if name == "style" { currentID = nil }
        if name == "rPrDefault" { inDefaults = false }
    }
}

/// `word/numbering.xml`: the number format of each list's levels.
final class NumberingReader: DocxPartReader {
    var abstractFormats: [String: [Int: String]] = [:]
    var numToAbstract: [String: String] = [:]
    var abstractID: String?
    var level = 0
    var numID: String?

    static func read(_ data: Data, into document: inout DocxDocument) throws(DocxUnreadable) {
        let reader = NumberingReader()
        try reader.parse(data, part: "word/numbering.xml")
        for (num, abstract) in reader.numToAbstract { document.numberFormats[num] = reader.abstractFormats[abstract] ?? [:] }
    }

    override func start(_ name: Substring, _ attributes: [String: String]) {
        switch name {
        case "abstractNum": abstractID = Self.attribute(attributes, "abstractNumId")
        case "lvl": level = Int(Self.attribute(attributes, "ilvl") ?? "") ?? 0
        case "numFmt": if let abstractID, numID == nil { abstractFormats[abstractID, default: [:]][level] = Self.attribute(attributes, "val") }
        case "num": numID = Self.attribute(attributes, "numId")
        case "abstractNumId": if let numID, let value = Self.attribute(attributes, "val") { numToAbstract[numID] = value }
        default: break
        }
    }

    override func end(_ name: Substring) {
        if name == "abstractNum" { abstractID = nil }
        if name == "num" { numID = nil }
    }
}

/// `word/comments.xml`: each comment's text, its paragraphs joined by line breaks.
final class CommentsReader: DocxPartReader {
    var comments: [String: String] = [:]
    var currentID: String?
    var paragraphs: [String] = []
    var collecting = false

    static func read(_ data: Data, into document: inout DocxDocument) throws(DocxUnreadable) {
        let reader = CommentsReader()
        try reader.parse(data, part: "word/comments.xml")
        document.comments = reader.comments
    }

    override func start(_ name: Substring, _ attributes: [String: String]) {
        switch name {
        case "comment":
            currentID = Self.attribute(attributes, "id")
            paragraphs = []
        case "p": paragraphs.append("")
        case "t": collecting = true
        default: break
        }
    }

    override func end(_ name: Substring) {
        if name == "t" { collecting = false }
        if name == "comment", let currentID {
            comments[currentID] = paragraphs.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    override func characters(_ string: String) {
        if collecting, !paragraphs.isEmpty { paragraphs[paragraphs.count - 1] += string }
    }
}

/// `docProps/custom.xml`: name → text value.
final class PropertiesReader: DocxPartReader {
    var properties: [String: String] = [:]
    var currentName: String?
    var value = ""

    static func read(_ data: Data, into document: inout DocxDocument) throws(DocxUnreadable) {
        let reader = PropertiesReader()
        try reader.parse(data, part: "docProps/custom.xml")
        document.properties = reader.properties
    }

    override func start(_ name: Substring, _ attributes: [String: String]) {
        if name == "property" {
            currentName = Self.attribute(attributes, "name")
            value = ""
        }
    }

    override func end(_ name: Substring) {
        if name == "property", let currentName { properties[currentName] = value }
        if name == "property" { currentName = nil }
    }

    override func characters(_ string: String) {
        if currentName != nil { value += string }
    }
}

/// `docProps/core.xml`: the document's language.
final class CoreReader: DocxPartReader {
    var language: String?
    var collecting = false

    static func read(_ data: Data, into document: inout DocxDocument) throws(DocxUnreadable) {
        let reader = CoreReader()
        try reader.parse(data, part: "docProps/core.xml")
        if let language = reader.language?.trimmingCharacters(in: .whitespacesAndNewlines), !language.isEmpty {
            document.language = language
        }
    }

    override func start(_ name: Substring, _ attributes: [String: String]) {
        if name == "language" { collecting = true; language = "" }
    }

    override func end(_ name: Substring) {
        if name == "language" { collecting = false }
    }

    override func characters(_ string: String) {
        if collecting { language = (language ?? "") + string }
    }
}
