import Foundation
import Resolutions
import ZIPFoundation

/// The parts of a Word document (`.docx`) around its body, as Word itself writes them.
///
/// A WordprocessingML package is a ZIP archive of XML parts tied together by
/// relationships: the body (`word/document.xml`), its styles, list numbering,
/// settings and comments, and the document's properties. Everything here is
/// plain text made from values; only `archive` touches ZIPFoundation.
enum DocxPackage {
    static let wordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let relationshipBase = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    /// The property set Word uses for a document's custom properties.
    static let customPropertySet = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    /// What a package holds besides its body.
    struct Properties {
        var title: String
        /// A BCP 47 tag; Word's `w:lang` takes the same form.
        var language: String
        /// Whether Word should record every change as a tracked change from the start.
        var tracksChanges: Bool
        /// When the file was made, for `dcterms:created`.
        var created: Date
        /// Name → value pairs kept in `docProps/custom.xml`: what Accord reads back from a copy.
        var custom: [(name: String, value: String)]
    }

    /// The `.docx` file: a body (the content of `w:body`, without its section properties) and its comments.
    /// - Complexity: linear in the size of the parts; the body is compressed once.
    static func archive(body: String, comments: String?, properties: Properties) throws -> Data {
        var parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes(hasComments: comments != nil)),
            ("_rels/.rels", packageRelationships),
            ("docProps/core.xml", core(properties)),
            ("docProps/app.xml", app),
            ("docProps/custom.xml", custom(properties.custom)),
            ("word/_rels/document.xml.rels", documentRelationships(hasComments: comments != nil)),
            ("word/document.xml", document(body)),
            ("word/styles.xml", styles(language: properties.language)),
            ("word/numbering.xml", numbering),
            ("word/settings.xml", settings(tracksChanges: properties.tracksChanges, language: properties.language)),
        ]
        if let comments { parts.append(("word/comments.xml", comments)) }
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count),
                                 modificationDate: properties.created, compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    static func contentTypes(hasComments: Bool) -> String {
        let main = "application/vnd.openxmlformats-officedocument.wordprocessingml"
        var out = declaration + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        out += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        out += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        out += "<Override PartName=\"/word/document.xml\" ContentType=\"\(main).document.main+xml\"/>"
        out += "<Override PartName=\"/word/styles.xml\" ContentType=\"\(main).styles+xml\"/>"
        out += "<Override PartName=\"/word/numbering.xml\" ContentType=\"\(main).numbering+xml\"/>"
        out += "<Override PartName=\"/word/settings.xml\" ContentType=\"\(main).settings+xml\"/>"
        if hasComments { out += "<Override PartName=\"/word/comments.xml\" ContentType=\"\(main).comments+xml\"/>" }
        out += "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        out += "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
        out += "<Override PartName=\"/docProps/custom.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.custom-properties+xml\"/>"
        return out + "</Types>"
    }

    static let packageRelationships = declaration
        + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"\(relationshipBase)/officeDocument\" Target=\"word/document.xml\"/>"
        + "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
        + "<Relationship Id=\"rId3\" Type=\"\(relationshipBase)/extended-properties\" Target=\"docProps/app.xml\"/>"
        + "<Relationship Id=\"rId4\" Type=\"\(relationshipBase)/custom-properties\" Target=\"docProps/custom.xml\"/>"
        + "</Relationships>"

    static func documentRelationships(hasComments: Bool) -> String {
        var out = declaration + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        out += "<Relationship Id=\"rId1\" Type=\"\(relationshipBase)/styles\" Target=\"styles.xml\"/>"
        out += "<Relationship Id=\"rId2\" Type=\"\(relationshipBase)/numbering\" Target=\"numbering.xml\"/>"
        out += "<Relationship Id=\"rId3\" Type=\"\(relationshipBase)/settings\" Target=\"settings.xml\"/>"
        if hasComments { out += "<Relationship Id=\"rId4\" Type=\"\(relationshipBase)/comments\" Target=\"comments.xml\"/>" }
        return out + "</Relationships>"
    }

    static func core(_ properties: Properties) -> String {
        let created = RecordDate.format(properties.created)
        return declaration
            + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
            + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
            + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            + "<dc:title>\(Markup.escape(properties.title))</dc:title><dc:creator>Accord</dc:creator>"
            + "<dc:language>\(Markup.escape(properties.language))</dc:language>"
            + "<dcterms:created xsi:type=\"dcterms:W3CDTF\">\(created)</dcterms:created>"
            + "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">\(created)</dcterms:modified>"
            + "</cp:coreProperties>"
    }

    static let app = declaration
        + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
        + "<Application>Accord</Application></Properties>"

    static func custom(_ pairs: [(name: String, value: String)]) -> String {
        var out = declaration + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\" "
        out += "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
        for (index, pair) in pairs.enumerated() {
            out += "<property fmtid=\"\(customPropertySet)\" pid=\"\(index + 2)\" name=\"\(Markup.escape(pair.name))\">"
            out += "<vt:lpwstr>\(Markup.escape(pair.value))</vt:lpwstr></property>"
        }
        return out + "</Properties>"
    }

    static func document(_ body: String) -> String {
        var out = declaration
        out.reserveCapacity(body.utf8.count + 1_000)
        out += "<w:document xmlns:w=\"\(wordNamespace)\" xmlns:r=\"\(relationshipBase)\"><w:body>"
        out += body
        // A4 with margins of 2.5 cm, as the HTML prints.
        out += "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
        out += "<w:pgMar w:top=\"1417\" w:right=\"1417\" w:bottom=\"1417\" w:left=\"1417\" w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/>"
        out += "</w:sectPr></w:body></w:document>"
        return out
    }

    /// The styles Accord's documents use, by Word's own ids and names, so that Word's
    /// style gallery, its navigation pane and outline view know them.
    static func styles(language: String) -> String {
        let lang = Markup.escape(language)
        func paragraphStyle(_ id: String, _ name: String, basedOn: String? = "Normal", next: String? = nil, outline: Int? = nil,
                            properties: String = "", run: String = "", builtIn: Bool = true) -> String {
            var out = "<w:style w:type=\"paragraph\"\(builtIn ? "" : " w:customStyle=\"1\"") w:styleId=\"\(id)\"><w:name w:val=\"\(name)\"/>"
            if let basedOn { out += "<w:basedOn w:val=\"\(basedOn)\"/>" }
            if let next { out += "<w:next w:val=\"\(next)\"/>" }
            out += "<w:qFormat/><w:pPr>\(properties)"
            if let outline { out += "<w:outlineLvl w:val=\"\(outline)\"/>" }
            return out + "</w:pPr><w:rPr>\(run)</w:rPr></w:style>"
        }
        var out = declaration + "<w:styles xmlns:w=\"\(wordNamespace)\">"
        out += "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Calibri\" w:hAnsi=\"Calibri\" w:eastAsia=\"Calibri\" w:cs=\"Calibri\"/>"
        out += "<w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/><w:lang w:val=\"\(lang)\" w:eastAsia=\"\(lang)\" w:bidi=\"\(lang)\"/></w:rPr></w:rPrDefault>"
        out += "<w:pPrDefault><w:pPr><w:spacing w:after=\"160\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>"
        out += "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>"
        out += "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/></w:style>"
        out += "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:semiHidden/>"
        out += "<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>"
        out += "<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>"
        out += "<w:style w:type=\"numbering\" w:default=\"1\" w:styleId=\"NoList\"><w:name w:val=\"No List\"/><w:semiHidden/></w:style>"
        out += paragraphStyle("Title", "Title", next: "Normal", properties: "<w:spacing w:after=\"240\"/>",
                              run: "<w:b/><w:sz w:val=\"40\"/><w:szCs w:val=\"40\"/>")
        out += paragraphStyle("Subtitle", "Subtitle", next: "Normal", run: "<w:color w:val=\"595959\"/><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/>")
        out += paragraphStyle("Heading1", "heading 1", next: "Normal", outline: 0,
                              properties: "<w:keepNext/><w:keepLines/><w:spacing w:before=\"360\" w:after=\"120\"/>",
                              run: "<w:b/><w:sz w:val=\"30\"/><w:szCs w:val=\"30\"/>")
        out += paragraphStyle("Heading2", "heading 2", next: "Normal", outline: 1,
                              properties: "<w:keepNext/><w:keepLines/><w:spacing w:before=\"240\" w:after=\"80\"/>",
                              run: "<w:b/><w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/>")
        out += paragraphStyle("Recital", "Recital", next: "Recital",
                              properties: "<w:numPr><w:numId w:val=\"\(DocxNumbering.recitals)\"/></w:numPr><w:ind w:left=\"567\" w:hanging=\"567\"/>",
                              builtIn: false)
        out += paragraphStyle("OperativeParagraph", "Operative Paragraph", next: "OperativeParagraph",
                              properties: "<w:numPr><w:numId w:val=\"\(DocxNumbering.paragraphs)\"/></w:numPr><w:ind w:left=\"567\" w:hanging=\"567\"/>",
                              builtIn: false)
        out += paragraphStyle("AmendmentLabel", "Amendment Label", next: "AmendmentText", properties: "<w:keepNext/><w:spacing w:after=\"40\"/><w:ind w:left=\"567\"/>",
                              run: "<w:b/><w:color w:val=\"1F3864\"/><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/>", builtIn: false)
        out += paragraphStyle("AmendmentText", "Amendment Text", next: "Normal",
                              properties: "<w:pBdr><w:left w:val=\"single\" w:sz=\"12\" w:space=\"8\" w:color=\"1F3864\"/></w:pBdr><w:ind w:left=\"737\"/>",
                              builtIn: false)
        out += paragraphStyle("TableText", "Table Text", properties: "<w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>",
                              run: "<w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/>", builtIn: false)
        out += paragraphStyle("CommentText", "annotation text", run: "<w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/>")
        out += "<w:style w:type=\"character\" w:styleId=\"CommentReference\"><w:name w:val=\"annotation reference\"/>"
        out += "<w:basedOn w:val=\"DefaultParagraphFont\"/><w:rPr><w:sz w:val=\"16\"/><w:szCs w:val=\"16\"/></w:rPr></w:style>"
        out += "<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/><w:basedOn w:val=\"TableNormal\"/>"
        out += "<w:tblPr><w:tblBorders>"
        for edge in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            out += "<w:\(edge) w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
        }
        out += "</w:tblBorders></w:tblPr></w:style>"
        return out + "</w:styles>"
    }

    /// Two lists: recitals lettered `A.`, operative paragraphs numbered `1.`, both running across sections.
    static let numbering: String = {
        var out = declaration + "<w:numbering xmlns:w=\"\(wordNamespace)\">"
        for (abstract, format, style) in [(0, "upperLetter", "Recital"), (1, "decimal", "OperativeParagraph")] {
            out += "<w:abstractNum w:abstractNumId=\"\(abstract)\"><w:multiLevelType w:val=\"singleLevel\"/>"
            out += "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"\(format)\"/><w:pStyle w:val=\"\(style)\"/>"
            out += "<w:lvlText w:val=\"%1.\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"567\" w:hanging=\"567\"/></w:pPr></w:lvl></w:abstractNum>"
        }
        out += "<w:num w:numId=\"\(DocxNumbering.recitals)\"><w:abstractNumId w:val=\"0\"/></w:num>"
        out += "<w:num w:numId=\"\(DocxNumbering.paragraphs)\"><w:abstractNumId w:val=\"1\"/></w:num>"
        return out + "</w:numbering>"
    }()

    static func settings(tracksChanges: Bool, language: String) -> String {
        var out = declaration + "<w:settings xmlns:w=\"\(wordNamespace)\">"
        if tracksChanges { out += "<w:trackRevisions/>" }
        out += "<w:defaultTabStop w:val=\"720\"/><w:characterSpacingControl w:val=\"doNotCompress\"/>"
        out += "<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>"
        out += "<w:themeFontLang w:val=\"\(Markup.escape(language))\"/>"
        return out + "</w:settings>"
    }
}

/// The list numbering ids of `numbering.xml`.
enum DocxNumbering {
    static let recitals = 1
    static let paragraphs = 2
}
