import Exports
import Testing

@Suite struct MarkupTests {
    @Test func escapesTheFiveCharactersOfMarkup() {
        #expect(Markup.escape(#"<script>alert("x" & 'y')</script>"#)
                == "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;")
    }

    @Test func keepsOtherTextAsItIs() {
        let text = "Résolution « commune » — œuvre ’ مجلس מועצת \u{200F}"
        #expect(Markup.escape(text) == text)
    }

    @Test func dropsControlCharactersXMLForbidsButKeepsLineBreaks() {
        #expect(Markup.escape("a\u{0}b\u{1B}c\td\ne") == "abc\td\ne")
    }

    @Test(arguments: [("en", "eng"), ("fr", "fra"), ("de", "deu"), ("fr-BE", "fra"), ("nl", "nld"), ("xx", "und"), ("gsw", "gsw")])
    func threeLetterLanguageCodes(tag: String, code: String) {
        #expect(LanguageCode.alpha3(tag) == code)
    }

    @Test func eIdsReplaceDashesByUnderscores() {
        #expect(AkomaNtoso.eId("par-4") == "par_4")
        #expect(AkomaNtoso.eId("sec-governance") == "sec_governance")
        #expect(AkomaNtoso.eId("par-a12") == "par_a12")
    }
}
