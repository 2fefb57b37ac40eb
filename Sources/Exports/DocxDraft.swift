import Foundation
import Resolutions

/// Drafts written in Word: the same text, ids and numbering rules as Markdown drafts
/// (`DraftBuilder`), read from Word's styles, lists and bookmarks.
public enum DocxDraft {
    /// A draft read from Word, and what was dropped from it on the way.
    public struct Reading: Sendable {
        /// The draft, ready to import.
        public var text: ResolutionText
        /// Things dropped without refusing the draft (bold, italic, tracked changes read as accepted), in words.
        public var warnings: [String]
    }

    /// How the builder's messages name Word's places and syntax.
    static let wording = DraftBuilder.Wording(
        place: "paragraph", heading: "heading (Word’s Heading 1 or Heading 2 style)",
        explicitSectionID: { _ in "a bookmark on the heading named sec_ and an id in Latin letters, e.g. sec_my_section" },
        strayText: "this paragraph is neither a heading nor a numbered provision (use Word’s list numbering, or type ‘A.’ for a recital and ‘1.’ for a paragraph)")

    /// Reads a draft from a `.docx` file.
    ///
    /// The title is the paragraph in Word's Title style, else the first heading;
    /// Heading 1 or Heading 2 opens a section; paragraphs before the first section
    /// are the opening formula; recitals are lettered and operative paragraphs
    /// numbered, by Word's list numbering or typed (`A.`, `1.`); bookmarks that
    /// Accord wrote give ids back. Paragraphs in the Subtitle style (what Accord's
    /// exports say about themselves) and empty paragraphs are skipped.
    /// - Parameters:
    ///   - id: the resolution id; nil for the one an Accord export names, else a slug of the file's name.
    ///   - language: nil for the document's own language, else `en`.
    /// - Throws: `InvalidInput` listing every problem, each with its paragraph and first words.
    public static func read(_ data: Data, file: String, id: String? = nil, workflow: String? = nil,
                            language: String? = nil) throws(InvalidInput) -> Reading {
        let document = try DocxDocument(data: data, file: file)
        var places: [Int: String] = [:]
        var builder = DraftBuilder(wording: wording) { position, message in
            InputProblem(file: file, line: nil, position.flatMap { places[$0] }.map { "\($0): \(message)" } ?? message)
        }
        var warnings: [String] = []
        let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        // A copy of Accord's own export names its resolution.
        let ownID = document.properties[DocxExport.resolutionProperty].flatMap { Slug.isValidID($0) ? $0 : nil }
        var text = ResolutionText(title: "", id: id ?? ownID ?? Slug.make(name), workflow: workflow ?? "resolution",
                                  language: language ?? document.language ?? "en")
        if !Slug.isValidID(text.id) {
            builder.problem(nil, "the id ‘\(text.id)’ may only hold lower-case letters, digits and ‘-’: give one with --id")
        }
        if !DraftParser.isLanguageTag(text.language) {
            builder.problem(nil, "the language ‘\(text.language)’ is not a language code such as en, fr or pt-BR: give one with --language")
        }
        if !Slug.isValidID(text.workflow) { builder.problem(nil, "the workflow ‘\(text.workflow)’ is not a valid name") }
        let titled = document.blocks.contains { document.styleName($0) == "Title" }
        var title: String?
        var formatted: [String] = []
        var tracked: [String] = []
        for block in document.blocks {
            places[block.position] = block.place
            if block.isTable {
                builder.problem(block.position, "a table cannot be placed in a resolution: write its content as provisions")
                continue
            }
            if block.hasImage {
                builder.problem(block.position, "an image cannot be placed in a resolution: remove it")
                continue
            }
            let content = block.accepted.trimmingCharacters(in: .whitespaces)
            let style = document.styleName(block)
            guard !content.isEmpty, style != "Subtitle" else { continue }
            if block.hasFormatting { formatted.append(block.place) }
            if block.hasTrackedChanges { tracked.append(block.place) }
            let ids = document.bookmarkedIDs(block)
            if style == "Title" {
                if title == nil { title = content } else { builder.problem(block.position, "a second paragraph in the Title style: a draft has one title") }
                continue
            }
            if let level = document.headingLevel(block) {
                if title == nil, !titled {
                    title = content
                } else if level <= 1 {
                    builder.heading(content, explicitID: ids.first { $0.hasPrefix("sec-") }.map { String($0.dropFirst(4)) }, at: block.position)
                } else {
                    builder.problem(block.position, "only Heading 1 and Heading 2 open sections; a sub-heading cannot be placed in a resolution")
                }
                continue
            }
            let explicit = ids.first { !$0.hasPrefix("sec-") }
            if let format = document.numberFormat(block) {
                switch format {
                case "upperLetter", "lowerLetter":
                    builder.provision(kind: .recital, number: nil, text: content, explicitID: explicit, at: block.position)
                case "bullet", "none":
                    builder.problem(block.position, "a bulleted list item is not a provision: number it, or make it part of a provision")
                default:
                    builder.provision(kind: .paragraph, number: nil, text: content, explicitID: explicit, at: block.position)
                }
            } else if let (kind, number, rest) = DraftParser.provisionStart(content) {
                builder.provision(kind: kind, number: number, text: rest, explicitID: explicit, at: block.position)
            } else {
                builder.text(content, explicitID: nil, continuing: false, at: block.position)
            }
        }
        if let title { text.title = title } else {
            builder.problem(nil, "the draft has no title: give its first paragraph Word’s Title style")
        }
        try builder.finish(into: &text)
        if !formatted.isEmpty {
            warnings.append("bold, italic and other formatting were dropped from \(formatted.count == 1 ? formatted[0] : "\(formatted.count) paragraphs, the first \(formatted[0])"): Accord keeps plain text")
        }
        if !tracked.isEmpty {
            warnings.append("tracked changes were read as accepted in \(tracked.count == 1 ? tracked[0] : "\(tracked.count) paragraphs, the first \(tracked[0])")")
        }
        return Reading(text: text, warnings: warnings)
    }
}
