import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Exports
@testable import Resolutions
import Testing

/// Akoma Ntoso documents: structure read back with an XML parser, validity checked by xmllint
/// against the official schema.
@Suite struct AkomaNtosoTests {
    func parse(_ xml: String) throws -> XMLDocument {
        try XMLDocument(data: Data(xml.utf8), options: [])
    }

    func values(_ document: XMLDocument, _ xpath: String) throws -> [String] {
        try document.nodes(forXPath: xpath).compactMap(\.stringValue)
    }

    func expectValid(_ xml: String, _ name: String) throws {
        let run = try validateAkomaNtoso(xml, name: name)
        #expect(run.status == 0, "\(name): \(run.output)")
        #expect(run.output.contains("validates"), "\(name): \(run.output)")
    }

    @Test func theStatementHoldsEveryProvisionWithItsEId() throws {
        let export = try Samples.pactExport(adopted: true)
        let xml = AkomaNtoso.statement(export)
        let document = try parse(xml)
        let root = try #require(document.rootElement())
        #expect(root.name == "akomaNtoso")
        #expect(root.uri == AkomaNtoso.namespace)
        #expect(try values(document, "/*/*[local-name()='statement']/@name") == ["resolution"])
        #expect(try values(document, "//*[local-name()='FRBRlanguage']/@language") == ["eng"])
        #expect(try values(document, "//*[local-name()='FRBRcountry']/@value") == ["eu"])
        #expect(try values(document, "//*[local-name()='docTitle']") == [export.text.title])
        let recitals = try values(document, "//*[local-name()='preamble']//*[local-name()='recital']/@eId")
        let paragraphs = try values(document, "//*[local-name()='mainBody']//*[local-name()='paragraph']/@eId")
        #expect(recitals == export.text.provisions.filter { $0.kind == .recital }.map { AkomaNtoso.eId($0.id) })
        #expect(paragraphs == export.text.provisions.filter { $0.kind == .paragraph }.map { AkomaNtoso.eId($0.id) })
        #expect(try values(document, "//*[@eId='par_a3']/*[local-name()='num']") == ["5."])
        #expect(try values(document, "//*[local-name()='hcontainer'][@eId='sec_governance']/*[local-name()='heading']") == ["Multilevel governance"])
        #expect(try values(document, "//*[local-name()='formula']") == ["The Council of European Municipalities and Regions,"])
        try expectValid(xml, "statement")
    }

    @Test func theAmendmentListHoldsOneAmendmentDocumentPerAmendment() throws {
        let export = try Samples.pactExport()
        let xml = AkomaNtoso.amendmentList(export)
        let document = try parse(xml)
        #expect(try values(document, "//*[local-name()='component']/@eId") == export.amendments.map { "cmp_\($0.id.lowercased())" })
        #expect(try values(document, "//*[local-name()='amendmentHeading']//*[local-name()='docNumber']") == export.amendments.map(\.id))
        let a1 = "//*[local-name()='component'][@eId='cmp_a1']"
        #expect(try values(document, "\(a1)//*[local-name()='amendmentContent']//*[local-name()='ins']") == ["services, with a dedicated envelope;"])
        #expect(try values(document, "\(a1)//*[local-name()='amendmentContent']//*[local-name()='del']") == ["services rather than short-term project calls;"])
        #expect(try values(document, "\(a1)//*[local-name()='amendmentJustification']") == ["Small <municipalities> & towns."])
        #expect(try values(document, "\(a1)//*[local-name()='docProponent']/@refersTo").contains("#org_vng"))
        #expect(try values(document, "//*[local-name()='TLCOrganization'][@eId='org_vng']/@showAs") == ["Vereniging van Nederlandse Gemeenten"])
        #expect(try values(document, "\(a1)//*[local-name()='amendment'][@state]/@state") == ["adopted"])
        #expect(try values(document, "//*[local-name()='component'][@eId='cmp_a6']//*[@replaces]/@replaces") == ["A4 A5"])
        #expect(try values(document, "//*[local-name()='component'][@eId='cmp_a2']//*[local-name()='ins']").isEmpty)
        try expectValid(xml, "amendments")
    }

    @Test func anEmptyAmendmentListIsStillValid() throws {
        try expectValid(AkomaNtoso.amendmentList(ResolutionExport(text: try Samples.text(Shipped.draft))), "no-amendments")
    }

    @Test func markupAndRightToLeftTextStayText() throws {
        let text = try Samples.text(Samples.tricky)
        let export = ResolutionExport(text: text, amendments: [
            Samples.amendment(1, "par-1", .replace, "Calls for <script>x()</script> & \"more\";", why: "<b>bold</b> & ’quoted’"),
        ])
        for (name, xml) in [("tricky-statement", AkomaNtoso.statement(export)), ("tricky-amendments", AkomaNtoso.amendmentList(export))] {
            let document = try parse(xml)
            #expect(try document.nodes(forXPath: "//*[local-name()='script' or local-name()='b' or local-name()='em']").isEmpty, "\(name)")
            try expectValid(xml, name)
        }
        let document = try parse(AkomaNtoso.statement(export))
        #expect(try values(document, "//*[@eId='rec_a']/*[local-name()='p']") == [#"Whereas <script>alert('x')</script> & "quotes" must stay text;"#])
        #expect(try values(document, "//*[@eId='rec_b']/*[local-name()='p']").first?.contains("مجلس البلديات") == true)
        #expect(try values(document, "//*[@eId='par_custom']/*[local-name()='num']") == ["2."])
        let amendments = try parse(AkomaNtoso.amendmentList(export))
        #expect(try values(amendments, "//*[local-name()='ins']").joined(separator: " ").contains("<script>x()</script>"))
    }

    @Test func frenchIsFraAndKeepsItsCharacters() throws {
        let xml = AkomaNtoso.statement(ResolutionExport(text: try Samples.text(Samples.french)))
        let document = try parse(xml)
        #expect(try values(document, "//*[local-name()='FRBRlanguage']/@language") == ["fra"])
        #expect(try values(document, "//*[local-name()='docTitle']") == ["Résolution sur l’œuvre « commune » des villes"])
        #expect(xml.contains("/fra@"), "the expression URI carries the language")
        try expectValid(xml, "french")
    }
}
