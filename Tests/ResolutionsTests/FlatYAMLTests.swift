import Foundation
import Testing
@testable import Resolutions

/// `FlatYAML` reads most texts on their bytes; it must answer exactly as the reading on
/// characters it replaced (kept below as `Reference`), for the files Accord writes and for
/// texts made to hit every rule: the same mapping, or nil for the same texts, since nil
/// is what sends a file to the full YAML parser.
@Suite("FlatYAML against its reading on characters") struct FlatYAMLTests {
    @Test("every file of a whole procedure, and each of their lines")
    func recordFiles() throws {
        let fixture = try TestRecord()
        try fixture.startAmendments()
        let texts: [String?] = [
            "Stresses that integration starts on the day of arrival;", nil,
            "Demande aux États membres de « renforcer » l’autonomie financière ; souligne : les villes œuvrent.",
            "Urges: « all » levels; \"quoted\" #1, and a \\ backslash", "- a dash, [brackets] and {braces}",
            "Calls for 3.5% more: «\u{A0}maintenant\u{A0}»", "emoji 🇪🇺 and e\u{301}toile",
        ]
        var numbers: [Int] = []
        for (index, text) in texts.enumerated() {
            let person = People.voters[index % People.voters.count]
            let cosignatories = [People.voters[(index + 2) % People.voters.count]]
            numbers.append(try fixture.table(AmendmentDraft(target: "par-\(index % 3 + 2)", kind: text == nil ? .delete : .replace, text: text,
                                                            justification: "Pourquoi : « par-\(index % 3 + 2) » #\(index)",
                                                            cosignatories: cosignatories), by: person))
        }
        try fixture.perform(.withdraw(resolution: pact, amendment: numbers[1]), by: People.voters[1], at: When.tabling)
        try fixture.closeAmendments()
        try fixture.screen(numbers[2], admissible: false, reason: "hors du champ : « agence »")
        try fixture.perform(.propose(resolution: pact, amendment: numbers[3], accept: false, note: "No: see A1 # really"),
                            by: People.secretariat, at: When.screening)
        try fixture.table(AmendmentDraft(target: "par-2", kind: .replace, text: "Compromise: A1 and A4.", justification: "Merges.",
                                         replaces: [numbers[0], numbers[3]]), by: People.secretariat, at: When.screening)
        try fixture.screenRemaining()
        try fixture.openVoting()
        for number in try fixture.snapshot().amendments(pact).filter({ $0.state == .admissible }).map(\.number) {
            try fixture.vote(on: Amendment.id(number), ballot(for: 5, against: 2, abstain: 1))
        }
        try fixture.closeVoting()

        // Every blob of the history, each once.
        let objects = try fixture.git("rev-list", "--objects", "--all").lines.map { $0.split(separator: " ", maxSplits: 1) }
        var files: [String] = []
        for object in objects where object.count == 2 {
            let id = String(object[0])
            if try fixture.git("cat-file", "-t", id).text == "blob" { files.append(try fixture.git("cat-file", "-p", id).stdout) }
        }
        #expect(files.count > 30)
        var checker = Checker()
        for file in files {
            checker.check(file)
            for line in file.split(separator: "\n") { checker.check(String(line)) }
        }
        checker.check(Shipped.draft)
        checker.expectAgreement()
        #expect(checker.accepted > 40, "most record files are in the subset")
    }

    @Test("every ASCII character and some others at every place of a line")
    func everyCharacterEverywhere() {
        var checker = Checker()
        let others = ["é", "e\u{301}", "\u{301}", "\u{A0}", "\u{202F}", "\u{2009}", "’", "«", "œ", "Ω", "Ж", "\u{212A}", "\u{1FEF}",
                      "\u{37E}", "\u{200D}", "\u{200C}", "\u{600}", "\u{FEFF}", "\u{85}", "\u{2028}", "😀", "🇪🇺", "中", "\r\n"]
        let characters = (0..<0x80).map { String(Unicode.Scalar(UInt8($0))) } + others
        let templates = [
            "k#y: v", "#: v", "key:#v", "key: #", "key: #v", "key: v#", "key: a#b", "key: a #b", "key: a# b", "key: -#", "key: -#x",
            "key: [#]", "key: [a#, b]", "key: [#a, b]", "key: [a, b#]", "key: [a, #]", "key: [ #a# ]", "key: [\"a\"#]", "key: [\"a\"#, b]",
            "key: \"a#\"", "key: \"\\#\"", "key: \"\\x#A\"", "key: \"\\xA#\"", "key: \"\\x4\"#", "key: \"a\"#", "key: \"a\" #",
            "key: v\n#: w", "key: v#\nk: w", "key: v\r#k: w",
        ]
        for template in templates {
            for character in characters {
                checker.check(template.replacingOccurrences(of: "#", with: character))
            }
        }
        checker.expectAgreement()
    }

    @Test("thousands of generated texts")
    func generated() {
        var random = SplitMix64(seed: 2026)
        var checker = Checker()
        for _ in 0..<30_000 {
            checker.check(Generator.text(&random))
        }
        checker.expectAgreement()
        #expect(checker.accepted > 3_000 && checker.rejected > 3_000, "the texts hit both answers: \(checker.accepted) accepted")
    }

    @Test("the characters read on bytes are one scalar each, beside any ASCII character, and equal none")
    func simpleCharacters() {
        var simple = 0
        var faults: [String] = []
        let ascii = (0..<0x80).map { Unicode.Scalar(UInt8($0)) }
        for value in UInt32(0x80)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            var text = String(scalar)
            guard text.withUTF8(FlatYAML.hasOnlySimpleCharacters) else { continue }
            simple += 1
            for neighbour in ascii {
                let before = String(neighbour) + text, after = text + String(neighbour)
                if before.count != 2 || after.count != 2 || Character(scalar) == Character(neighbour) {
                    faults.append(String(value, radix: 16))
                    break
                }
            }
        }
        #expect(faults.isEmpty, "\(faults.prefix(20))")
        #expect(simple > 1_000)
        for other in ["\u{301}", "\u{200C}", "\u{200D}", "\u{20D0}", "\u{1FEF}", "\u{37E}", "\u{600}", "\u{FEFF}", "😀", "a\u{301}"] {
            var text = "key: " + other
            let isSimple = text.withUTF8(FlatYAML.hasOnlySimpleCharacters)
            #expect(!isSimple, "\(other.unicodeScalars.map(\.value))")
        }
    }
}

// MARK: Comparing the two readings

/// A parse result compared by bytes: `String`'s `==` would call "é" and "e\u{301}" equal.
private enum Parsed: Equatable {
    case text([UInt8])
    case list([[UInt8]])
    case other(String)

    static func mapping(_ values: [String: Any]?) -> [[UInt8]: Parsed]? {
        values.map { values in
            Dictionary(uniqueKeysWithValues: values.map { key, value in
                let parsed: Parsed = switch value {
                case let text as String: .text(Array(text.utf8))
                case let list as [String]: .list(list.map { Array($0.utf8) })
                default: .other("\(type(of: value))")
                }
                return (Array(key.utf8), parsed)
            })
        }
    }
}

/// Runs both readings on texts and keeps the disagreements.
private struct Checker {
    var accepted = 0
    var rejected = 0
    var disagreements: [String] = []

    mutating func check(_ text: String) {
        let old = Parsed.mapping(Reference.parse(text))
        let new = Parsed.mapping(FlatYAML.parse(text))
        if old == nil { rejected += 1 } else { accepted += 1 }
        if old != new {
            disagreements.append("\(text.debugDescription): \(old.map { "\($0.count) keys" } ?? "nil") before, \(new.map { "\($0.count) keys" } ?? "nil") now")
        }
    }

    func expectAgreement(sourceLocation: SourceLocation = #_sourceLocation) {
        guard !disagreements.isEmpty else { return }
        Issue.record("\(disagreements.count) texts read differently, such as:\n\(disagreements.prefix(10).joined(separator: "\n"))",
                     sourceLocation: sourceLocation)
    }
}

// MARK: Generated texts

/// A small seeded generator, so that a failure can be replayed.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Texts made of the pieces the rules look at, mostly in the subset but often just outside it.
private enum Generator {
    static let keys = ["id", "text", "tabled-by", "ruled_by", "k2", "9", "-", "_", "été", "clé", "Ωmega", "ключ", "ß", "中文",
                       "\u{212A}ey", "Key", "e\u{301}te\u{301}", "", "a b", "a.b", "k\u{301}", "#k", "k\t", " k", "\u{FEFF}k", "k\r"]
    static let separators = [": ", ": ", ": ", ": ", ":", ":  ", ":\t", " : ", ":\u{301} ", ": \u{301}", "::"]
    static let words = ["Calls", "for", "the", "Member", "States", "A12", "par-4", "3.5", "true", "é", "à", "œ", "«", "»", "’",
                        "l’Union", "Œuvre", "Ωmega", "Жить", "x", "a-b", "€", "…", "—"]
    static let specials = [":", ": ", " #", "#", "-", "- ", " ", "  ", "\t", ",", "[", "]", "{", "}", "\"", "'", "`", "\u{1FEF}", "?",
                           "!", "|", ">", "%", "@", "&", "*", "\\", "\u{A0}", "\u{202F}", "\u{2009}", "\u{301}", "e\u{301}",
                           "\u{200D}", "\u{600}", "🇪🇺", "😀", "\r", "\u{85}", "\u{2028}", "\u{37E}", "\u{212A}", "\u{0}", "\u{7F}"]
    static let escapes = ["\\\"", "\\\\", "\\/", "\\n", "\\t", "\\r", "\\0", "\\x41", "\\xe9", "\\xFF", "\\x0A", "\\x7f", "\\x+F",
                          "\\x-0", "\\x4", "\\xZZ", "\\q", "\\", "\\é", "\\x4é", "\\n\u{301}", "\"\u{301}", "\\\u{301}", "\\ ", "\\x"]
    static let edges = ["", "", "", " ", "\t", "\u{A0}", "\u{202F}", "\u{2009}", "  "]

    static func text(_ random: inout SplitMix64) -> String {
        var lines = (0..<Int.random(in: 1...3, using: &random)).map { line(&random, number: $0) }
        if Int.random(in: 0..<10, using: &random) == 0, let first = lines.first { lines.append(first) }
        let breaks = ["\n", "\n", "\n", "\n", "\n", "\n", "\n", "\r\n", "\n\n", "\r\r\n", "\r", "\n\r\n"]
        var text = ""
        for line in lines { text += line + breaks.randomElement(using: &random)! }
        return Bool.random(using: &random) ? text : String(text.dropLast())
    }

    static func line(_ random: inout SplitMix64, number: Int) -> String {
        let key = Int.random(in: 0..<6, using: &random) == 0 ? keys.randomElement(using: &random)! : ["id", "text", "state", "by"][number]
        let separator = Int.random(in: 0..<8, using: &random) == 0 ? separators.randomElement(using: &random)! : ": "
        let trailing = ["", "", "", "", " ", "  ", "\t", "\r"].randomElement(using: &random)!
        return key + separator + value(&random) + trailing
    }

    static func value(_ random: inout SplitMix64) -> String {
        switch Int.random(in: 0..<10, using: &random) {
        case 0, 1: plain(&random)
        case 2: YAMLText.scalar(plain(&random) + ["", "\n", "\u{0}", "\t", "\""].randomElement(using: &random)!)
        case 3: YAMLText.quoted(plain(&random))
        case 4, 5: quoted(&random) + (Int.random(in: 0..<4, using: &random) == 0 ? [" ", "  ", "x", " #c", "\"", ","].randomElement(using: &random)! : "")
        case 6, 7: list(&random)
        case 8: YAMLText.list((0..<Int.random(in: 0...3, using: &random)).map { _ in plain(&random) })
        default: ["", "-", "- x", "-x", "--", "-:", "x:", ":x", "[", "]", "[]", "[ ]", "\"", "\"\"", "~"].randomElement(using: &random)!
        }
    }

    static func plain(_ random: inout SplitMix64) -> String {
        (0..<Int.random(in: 1...6, using: &random)).map { _ in
            Int.random(in: 0..<8, using: &random) == 0 ? specials.randomElement(using: &random)! : words.randomElement(using: &random)!
        }.joined(separator: Int.random(in: 0..<4, using: &random) == 0 ? "" : " ")
    }

    static func quoted(_ random: inout SplitMix64) -> String {
        let body = (0..<Int.random(in: 0...5, using: &random)).map { _ in
            Int.random(in: 0..<4, using: &random) == 0 ? escapes.randomElement(using: &random)! : plain(&random).replacingOccurrences(of: "\"", with: "")
        }.joined()
        return "\"" + body + "\""
    }

    static func list(_ random: inout SplitMix64) -> String {
        let items = (0..<Int.random(in: 0...4, using: &random)).map { _ in
            let item = Bool.random(using: &random) ? plain(&random) : Bool.random(using: &random) ? quoted(&random) : YAMLText.scalar(plain(&random))
            return edges.randomElement(using: &random)! + item + edges.randomElement(using: &random)!
        }
        let separator = [", ", ", ", ", ", ",", " , ", " ,", ",,"].randomElement(using: &random)!
        let ends = [("[", "]"), ("[", "]"), ("[", "]"), ("[", "]"), ("[", "]"), ("[ ", " ]"), ("[", ",]"), ("[,", "]"), ("[", ""), ("[", "] x")]
        let (open, close) = ends.randomElement(using: &random)!
        return open + items.joined(separator: separator) + close
    }
}

// MARK: The reading on characters, as it was

/// `FlatYAML` as it was before it read bytes, unchanged: the reference.
private enum Reference {
    static func parse(_ text: String) -> [String: Any]? {
        var values: [String: Any] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let key = line[..<colon]
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return nil }
            var rest = line[line.index(after: colon)...]
            guard rest.first == " " else { return nil }
            rest = rest.dropFirst()
            guard let value = parseValue(rest), values[String(key)] == nil else { return nil }
            values[String(key)] = value
        }
        return values
    }

    private static func parseValue(_ text: Substring) -> Any? {
        if text.first == "[" {
            guard text.last == "]" else { return nil }
            var items: [String] = []
            var rest = text.dropFirst().dropLast()[...]
            while true {
                rest = rest.drop { $0 == " " }
                if rest.isEmpty { break }
                let item: String
                if rest.first == "\"" {
                    guard let (text, after) = quoted(rest) else { return nil }
                    item = text
                    rest = after
                } else {
                    let end = rest.firstIndex(of: ",") ?? rest.endIndex
                    item = String(rest[..<end]).trimmingCharacters(in: .whitespaces)
                    guard plainIsSafe(item[...]) else { return nil }
                    rest = rest[end...]
                }
                items.append(item)
                rest = rest.drop { $0 == " " }
                if rest.first == "," { rest = rest.dropFirst() } else if !rest.isEmpty { return nil }
            }
            return items
        }
        if text.first == "\"" {
            guard let (value, after) = quoted(text), after.allSatisfy({ $0 == " " }) else { return nil }
            return value
        }
        guard plainIsSafe(text) else { return nil }
        return String(text)
    }

    private static func plainIsSafe(_ text: Substring) -> Bool {
        guard let first = text.first, let last = text.last, first != " ", last != " " else { return false }
        if "[]{}#&*!|>'\"%@`,?".contains(first) { return false }
        if first == "-" && (text.count == 1 || text.dropFirst().first == " ") { return false }
        return !text.contains(": ") && !text.contains(" #") && last != ":"
    }

    private static func quoted(_ text: Substring) -> (String, Substring)? {
        var result = ""
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let character = text[index]
            if character == "\"" { return (result, text[text.index(after: index)...]) }
            if character == "\\" {
                index = text.index(after: index)
                guard index < text.endIndex else { return nil }
                switch text[index] {
                case "\"": result.append("\"")
                case "\\": result.append("\\")
                case "/": result.append("/")
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "r": result.append("\r")
                case "0": result.append("\0")
                case "x":
                    let digits = text[text.index(after: index)...].prefix(2)
                    guard digits.count == 2, let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else { return nil }
                    result.unicodeScalars.append(scalar)
                    index = text.index(index, offsetBy: 2)
                default: return nil
                }
            } else {
                result.append(character)
            }
            index = text.index(after: index)
        }
        return nil
    }
}
