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
}
