/// Checks paths inside the record before they reach libgit2.
///
/// git itself refuses `..` and `.git` on checkout, but a tree can hold them;
/// Accord never writes one, so that every record can be cloned and checked out.
enum RecordPath {
    static func validate(_ path: String) throws(GitError) {
        // Every read checks its path: the usual path (no part starting with a dot,
        // no empty part, no forbidden byte, no `~`) is accepted in one pass over its bytes.
        var previous: UInt8 = UInt8(ascii: "/")
        var plain = !path.isEmpty
        for byte in path.utf8 {
            if byte == 0 || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "~") || (previous == UInt8(ascii: "/") && (byte == UInt8(ascii: "/") || byte == UInt8(ascii: "."))) {
                plain = false
                break
            }
            previous = byte
        }
        if plain && previous != UInt8(ascii: "/") { return }

        func refuse(_ why: String) -> GitError { GitError(.invalidPath, function: "path", message: "the path ‘\(path)’ \(why)") }
        if path.isEmpty { throw refuse("is empty") }
        if path.hasPrefix("/") { throw refuse("must be relative (it starts with ‘/’)") }
        if path.hasSuffix("/") { throw refuse("must name a file (it ends with ‘/’)") }
        if path.contains("\0") || path.contains("\\") { throw refuse("contains a forbidden character") }
        for component in path.split(separator: "/", omittingEmptySubsequences: false) {
            if component.isEmpty { throw refuse("has an empty part (‘//’)") }
            if component == "." || component == ".." { throw refuse("must not contain ‘.’ or ‘..’") }
            if component.lowercased() == ".git" { throw refuse("must not contain ‘.git’") }
            if isAliasOfDotGit(component) { throw refuse("must not contain ‘\(component)’, a name Windows or macOS may take for ‘.git’") }
        }
    }

    /// The names git refuses on checkout because a file system reads them as `.git`: Windows
    /// ignores trailing dots and spaces and reads `GIT~1` as its short name and `.git::$DATA`
    /// as its stream; macOS ignores some invisible characters.
    static func isAliasOfDotGit(_ component: Substring) -> Bool {
        var visible = String.UnicodeScalarView(component.unicodeScalars.filter { !ignorable.contains($0) })
        while let last = visible.last, last == "." || last == " " { visible.removeLast() }
        let name = String(visible).lowercased()
        return name == ".git" || name == "git~1" || name.hasPrefix(".git:")
    }

    /// The characters macOS leaves out of a name, as git's `is_hfs_dotgit` lists them.
    private static let ignorable: Set<Unicode.Scalar> = ["\u{200C}", "\u{200D}", "\u{200E}", "\u{200F}", "\u{202A}", "\u{202B}",
                                                         "\u{202C}", "\u{202D}", "\u{202E}", "\u{206A}", "\u{206B}", "\u{206C}",
                                                         "\u{206D}", "\u{206E}", "\u{206F}", "\u{FEFF}"]
}
