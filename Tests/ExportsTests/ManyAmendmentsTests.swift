import Foundation
@testable import Exports
@testable import Resolutions
import Testing

/// Thousands of amendments are rendered on every core (see `concurrentMap`): each must still
/// come out once, in its place, as one core would write it.
@Suite struct ManyAmendmentsTests {
    /// 2,000 amendments (enough for two cores) on the shipped draft's provisions in turn, of
    /// every kind, and a few on provisions the draft does not have.
    static func largeExport() throws -> ResolutionExport {
        let draft = try Samples.text(Shipped.draft)
        let provisions = draft.provisions.map(\.id)
        let kinds: [AmendmentKind] = [.replace, .delete, .insertAfter, .insertBefore]
        var amendments = (1...2_000).map { number in
            let kind = kinds[number % kinds.count]
            return Samples.amendment(number, provisions[(number * 7) % provisions.count], kind,
                                     kind == .delete ? nil : "Text of amendment \(number) & its <changes>;")
        }
        amendments += (2_001...2_005).map { Samples.amendment($0, "par-999", .replace, "A stray \($0);") }
        var export = try Samples.pactExport()
        export.amendments = amendments
        export.votes = [:]
        return export
    }

    /// What follows each `marker` in `text` up to the next `"`, in order (a scan of the bytes:
    /// the documents are megabytes long).
    static func values(after marker: String, in text: String) -> [String] {
        let bytes = Array(text.utf8), wanted = Array(marker.utf8)
        var values: [String] = []
        var at = 0
        while at + wanted.count <= bytes.count {
            guard bytes[at] == wanted[0], bytes[at..<(at + wanted.count)].elementsEqual(wanted) else {
                at += 1
                continue
            }
            let start = at + wanted.count
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\"") { end += 1 }
            values.append(String(decoding: bytes[start..<end], as: UTF8.self))
            at = end
        }
        return values
    }

    @Test func theAmendmentListHasEveryComponentOnceInOrder() throws {
        let export = try Self.largeExport()
        let xml = AkomaNtoso.amendmentList(export)
        #expect(Self.values(after: "<component eId=\"", in: xml) == export.amendments.map { "cmp_\($0.id.lowercased())" })
        // The body is what one core writes, amendment after amendment.
        let names = AkomaNtoso.Names(export, settings: AkomaNtoso.Settings())
        let labels = export.draft.labelsByID, byID = export.draft.provisionsByID, coveredBy = export.coveredBy
        var oneCore = ""
        for amendment in export.amendments {
            AkomaNtoso.writeAmendment(amendment, target: byID[amendment.target], label: labels[amendment.target] ?? amendment.target,
                                      coveredBy: coveredBy[amendment.number], export: export, names: names, into: &oneCore)
        }
        let body = try #require(xml.range(of: "<collectionBody>\n"))
        let bodyEnd = try #require(xml.range(of: "    </collectionBody>", options: .backwards))
        #expect(xml[body.upperBound..<bodyEnd.lowerBound] == oneCore[...])
        #expect(oneCore.contains("Text of amendment 1234 &amp; its &lt;changes&gt;;"))
    }

    @Test func theAmendmentsViewPutsEveryArticleOnceAfterItsTarget() throws {
        let export = try Self.largeExport()
        let html = HTMLExport.render(export, view: .amendments)
        let articles = Self.values(after: "<article class=\"amendment\" id=\"", in: html)
        // Provision by provision in the draft's order, each one's amendments in number order, then the strays.
        let known = Set(export.draft.provisions.map(\.id))
        let expected = export.draft.provisions.flatMap { provision in
            export.amendments.filter { $0.target == provision.id }.map(\.id)
        } + export.amendments.filter { !known.contains($0.target) }.map(\.id)
        #expect(articles == expected)
        #expect(articles.count == 2_005)
        // Each article is what one core writes for it.
        let labels = export.draft.labelsByID, byID = export.draft.provisionsByID, coveredBy = export.coveredBy
        for amendment in [export.amendments[0], export.amendments[1_233], export.amendments[2_002]] {
            var article = HTMLWriter(capacity: 1_000)
            HTMLExport.writeAmendment(amendment, target: byID[amendment.target], label: labels[amendment.target] ?? amendment.target,
                                      export: export, coveredBy: coveredBy, into: &article)
            #expect(html.contains(article.out), "\(amendment.id)")
        }
    }
}
