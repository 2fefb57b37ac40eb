/// Language tags as Akoma Ntoso and HTML want them.
public enum LanguageCode {
    /// ISO 639-1 → ISO 639-2/T for the languages of Europe's local government associations
    /// and the UN's: Akoma Ntoso's `FRBRlanguage` and URIs use three letters.
    static let threeLetter: [String: String] = [
        "bg": "bul", "ca": "cat", "cs": "ces", "cy": "cym", "da": "dan", "de": "deu", "el": "ell", "en": "eng",
        "es": "spa", "et": "est", "eu": "eus", "fi": "fin", "fr": "fra", "ga": "gle", "hr": "hrv", "hu": "hun",
        "is": "isl", "it": "ita", "lb": "ltz", "lt": "lit", "lv": "lav", "mt": "mlt", "nb": "nob", "nl": "nld",
        "nn": "nno", "no": "nor", "pl": "pol", "pt": "por", "ro": "ron", "ru": "rus", "sk": "slk", "sl": "slv",
        "sq": "sqi", "sr": "srp", "sv": "swe", "tr": "tur", "uk": "ukr", "ar": "ara", "he": "heb", "fa": "fas",
        "ur": "urd", "zh": "zho", "ja": "jpn",
    ]

    /// The three-letter code of a BCP 47 tag (`fr`, `fr-BE` → `fra`); a tag already of three
    /// letters is kept; anything unknown becomes `und` (undetermined), which the schema accepts.
    public static func alpha3(_ tag: String) -> String {
        let primary = tag.split(separator: "-").first.map { $0.lowercased() } ?? ""
        if let code = threeLetter[primary] { return code }
        if primary.count == 3, primary.allSatisfy({ $0.isASCII && $0.isLetter }) { return primary }
        return "und"
    }

    /// Whether the language is written right to left, so the page sets `dir="rtl"`.
    public static func isRightToLeft(_ tag: String) -> Bool {
        let primary = tag.split(separator: "-").first.map { $0.lowercased() } ?? ""
        return ["ar", "he", "fa", "ur", "yi", "ps", "dv"].contains(primary)
    }
}
