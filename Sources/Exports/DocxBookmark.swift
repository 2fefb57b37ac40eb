import Resolutions

/// Provision and section ids as Word bookmark names, and back.
///
/// Word takes bookmark names of at most 40 characters, letters, digits and `_`,
/// starting with a letter, and hides those starting with `_`. Accord's ids are
/// lower-case letters, digits and `-`, so `par-a12` becomes `par_a12`, which reads
/// back unambiguously. An id that would not make such a name (too long, or not
/// starting with a letter) is named `accord_` and a hash of the id, and the
/// document keeps the names it hashed in its custom properties (`AccordBookmarks`),
/// which Word keeps when it saves.
enum DocxBookmark {
    static let maximumLength = 40
    /// The custom property listing the hashed names, one `name=id` pair per line.
    static let propertyName = "AccordBookmarks"

    /// The bookmark name for an id.
    static func name(for id: String) -> String {
        let plain = String(id.map { $0 == "-" ? "_" : $0 })
        if plain.count <= maximumLength, let first = plain.unicodeScalars.first, first >= "a" && first <= "z" { return plain }
        return "accord_" + hash(id)
    }

    /// The id a bookmark name stands for, or nil for a name that is not Accord's
    /// (Word's own hidden `_GoBack`, `_Toc…`, or a person's).
    static func id(for name: String, hashed: [String: String]) -> String? {
        if let id = hashed[name] { return id }
        guard !name.hasPrefix("_"), !name.hasPrefix("accord_"), !name.isEmpty else { return nil }
        let id = String(name.map { $0 == "_" ? "-" : $0 })
        return Slug.isValidID(id) ? id : nil
    }

    /// The names that had to be hashed, as the custom property stores them.
    static func hashedNames(_ ids: [String]) -> String {
        ids.compactMap { id in
            let name = name(for: id)
            return name.hasPrefix("accord_") ? "\(name)=\(id)" : nil
        }.joined(separator: "\n")
    }

    /// The property read back: name → id.
    static func parseHashedNames(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            guard let equals = line.firstIndex(of: "=") else { continue }
            result[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return result
    }

    /// FNV-1a, 64 bits, in hexadecimal: stable across runs and platforms, unlike `Hasher`.
    static func hash(_ text: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

