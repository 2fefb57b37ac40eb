@testable import Resolutions
import Testing

@Suite("Quoted scalars of record files")
struct YAMLTextTests {
    @Test("escapes are written as before and read back to the same text")
    func quoted() throws {
        let text = "say \"yes\" \\ tab\tline\ncr\r bell \u{7} del \u{7F} é ‘x’ 😀"
        let written = YAMLText.quoted(text)
        #expect(written == "\"say \\\"yes\\\" \\\\ tab\\tline\\ncr\\r bell \\x07 del \\x7F é ‘x’ 😀\"")
        #expect(FlatYAML.parse("key: \(written)\n")?["key"] as? String == text)
    }

    /// The decision as it was made before it worked on bytes: Foundation's string search,
    /// `lowercased()` and `Double` on every text. Record files written before must read the same.
    static func plainBefore(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        if " \t".unicodeScalars.contains(last) || " \t".unicodeScalars.contains(first) { return false }
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) { return false }
        if ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"].contains(text.lowercased()) { return false }
        if ("0"..."9").contains(first) || Double(text) != nil { return false }
        if text.contains(": ") || text.contains(" #") || text.hasSuffix(":") { return false }
        if text.unicodeScalars.contains(where: { ",[]{}".unicodeScalars.contains($0) }) { return false }
        return !text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0 == "\u{FEFF}" }
    }

    @Test("a text is written plain or quoted exactly as before", arguments: [
        "", "plain text", "Asks the Commission to act;", "a: b", "a:b", "ends with:", "a #b", "a#b", "#a", "-a", "a-b",
        "?x", "x?", "%x", "@x", "`x", "'x", "\"x", "|x", ">x", "!x", "&x", "*x", "a, b", "a [b]", "{a}", " lead", "trail ",
        "\tlead", "trail\t", "true", "TRUE", "Yes", "no", "On", "OFF", "null", "~", "y", "N", "truely", "nope",
        "1", "12 Members", "+1", "+x", ".5", ".x", "inf", "Inf", "INFINITY", "infinite", "nan", "NaN", "nano", "-1",
        "1e5", "e5", "0x1p3", "line\nbreak", "bell\u{7}", "del\u{7F}", "bom\u{FEFF}here", "\u{FEFF}", "é accent",
        "‘quoted’ words", "emoji 😀", "İstanbul", "Kelvin \u{212A}", "ｔｒｕｅ", "a:\u{301} b", "a: \u{301}b", "x :", "x: ",
        "é: x", "é #x", "é:", "x:\u{301}", "é:\u{301}", "\u{0600}: x", "a #\u{301}", "é #\u{301}",
    ])
    func plainAsBefore(_ text: String) {
        #expect((YAMLText.scalar(text) == text) == Self.plainBefore(text))
        if YAMLText.scalar(text) != text {
            #expect(YAMLText.scalar(text) == YAMLText.quoted(text))
        }
    }
}
