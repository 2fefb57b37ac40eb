import Testing
import GitStore
import GitTestSupport

/// Folder listings and tree ids.
@Suite struct ListTests {
    @Test func listsFoldersRootAndMissingFolders() throws {
        try withRepository { repository, path in
            let head = try repository.append([.write("b.txt", "b\n"), .write("a/x.txt", "x\n"), .write("a/y/z.txt", "z\n")])
            let root = try repository.list("", at: head)
            #expect(root.map(\.name) == ["a", "b.txt"])
            #expect(root.map(\.kind) == [.folder, .file])
            let folder = try repository.list("a", at: head)
            #expect(folder.map(\.name) == ["x.txt", "y"])
            #expect(try repository.list("missing", at: head).isEmpty)
            #expect(try repository.list("b.txt", at: head).isEmpty)
            let gitIDs = try git("ls-tree", "main:a", in: path).lines.map { $0.split(separator: " ")[2].prefix(40) }
            #expect(folder.map(\.id.hex) == gitIDs.map(String.init))
        }
    }

    @Test func treeIDAndListByTree() throws {
        try withRepository { repository, path in
            let head = try repository.append([.write("a/x.txt", "x\n"), .write("b.txt", "b\n")])
            let tree = try repository.treeID(of: head)
            #expect(tree.hex == (try git("rev-parse", "main^{tree}", in: path).text))
            let root = try repository.list(tree: tree)
            #expect(root.map(\.name) == ["a", "b.txt"])
            let sub = try #require(root.first)
            #expect(try repository.list(tree: sub.id).map(\.name) == ["x.txt"])
            let blob = try #require(root.last)
            #expect(try repository.blob(blob.id) == Array("b\n".utf8))
        }
    }
}

/// A caller that keeps folders as the record stores them (a tally's amendment folders, parsed
/// before) hands them back; each is known by the id its bytes hash to.
@Suite struct RememberedFolderTests {
    @Test func aFolderIsStoredAsGitStoresItAndRememberedByItsOwnID() throws {
        try withRepository { repository, path in
            let commit = try repository.append([.write("amendments/3f/A-1/amendment.yml", "id: A-1\n")])
            let folder = try #require(try repository.entry("amendments/3f/A-1", at: commit))
            let stored = try repository.storedFolder(folder.id)
            let blob = try #require(try repository.entry("amendments/3f/A-1/amendment.yml", at: commit)).id
            #expect(stored == Array("100644 amendment.yml\0".utf8) + rawBytes(blob.hex))
            #expect(throws: GitError.self) { try repository.storedFolder(blob) }

            // A folder the record does not hold, as git would write it: unknown until remembered.
            let renamed = Array("100644 renamed.yml\0".utf8) + rawBytes(blob.hex)
            let id = try withTemporaryFolder { scratch in
                #expect(try git("init", "--quiet", "--bare", scratch + "/scratch.git", in: scratch).status == 0)
                return try #require(ObjectID(hex: try git("mktree", "--missing", in: scratch + "/scratch.git",
                                                          input: "100644 blob \(blob.hex)\trenamed.yml\n").text))
            }
            #expect(throws: GitError.self) { try repository.list(tree: id) }
            try repository.remember(folder: Array("not a folder".utf8))
            try repository.remember(folder: renamed)
            #expect(try repository.list(tree: id).map(\.name) == ["renamed.yml"])
            #expect(try repository.storedFolder(id) == renamed)
            #expect(try git("cat-file", "-e", id.hex, in: path).status != 0, "remembered, not written")
        }
    }

    /// The 20 bytes of an id in hexadecimal.
    func rawBytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0...($0 + 1)], as: UTF8.self), radix: 16)! }
    }
}
