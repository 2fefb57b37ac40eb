/// Escaping shared by the HTML and the Akoma Ntoso renderers.
///
/// Every piece of text that comes from the record (provision text, titles,
/// justifications, names) goes through here, so a draft holding `<script>`,
/// `&` or quotes comes out as text, never as markup. Both HTML5 and XML 1.0
/// accept the same five entities, so one helper serves both.
public enum Markup {
    /// Text for element content or a double- or single-quoted attribute value.
    ///
    /// Replaces `&`, `<`, `>`, `"` and `'` by entities, and drops the control
    /// characters XML 1.0 forbids (all of C0 except tab, line feed and carriage
    /// return), which could otherwise make an export unreadable by any parser.
    /// Everything else, right-to-left text and its marks included, is kept as it is.
    /// - Complexity: O(n) in the UTF-8 length; text without special characters is copied once.
    public static func escape(_ text: String) -> String {
        var needsWork = false
        for byte in text.utf8 where byte < 0x20 || byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 {
            needsWork = true
            break
        }
        guard needsWork else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        var pending = text.unicodeScalars.startIndex
        let scalars = text.unicodeScalars
        var index = pending
        while index != scalars.endIndex {
            let scalar = scalars[index]
            let replacement: String?
            switch scalar {
            case "&": replacement = "&amp;"
            case "<": replacement = "&lt;"
            case ">": replacement = "&gt;"
            case "\"": replacement = "&quot;"
            case "'": replacement = "&#39;"
            case "\t", "\n", "\r": replacement = nil
            default: replacement = scalar.value < 0x20 ? "" : nil
            }
            if let replacement {
                out.unicodeScalars.append(contentsOf: scalars[pending..<index])
                out += replacement
                pending = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        out.unicodeScalars.append(contentsOf: scalars[pending..<scalars.endIndex])
        return out
    }
}
