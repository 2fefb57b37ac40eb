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
/// before) hands them back; each is known by the id its bytes hash to, and only a folder that a
/// folder of the record lists is taken.
@Suite struct RememberedFolderTests {
    @Test func aFolderIsStoredAsGitStoresItAndTakenBackOnlyWhenTheRecordListsIt() throws {
        try withRepository { repository, path in
            let commit = try repository.append([.write("amendments/3f/A-1/amendment.yml", "id: A-1\n")])
            let shard = try #require(try repository.entry("amendments/3f", at: commit))
            let folder = try #require(try repository.entry("amendments/3f/A-1", at: commit))
            let blob = try #require(try repository.entry("amendments/3f/A-1/amendment.yml", at: commit)).id
            let stored = try repository.storedForm(ofFolder: folder.id)
            #expect(stored == Array("100644 amendment.yml\0".utf8) + [UInt8](TreeUpdateTests.rawID(blob.hex)))
            #expect(throws: GitError.self) { try repository.storedForm(ofFolder: blob) }

            // A second handle, which has read nothing, takes the folder its shard lists.
            let other = try Repository.open(at: path, mode: .batch)
            #expect(try other.remember(folder: stored, listedIn: shard.id))
            // A folder the record does not hold, as git would write it, is refused under the same
            // shard: it would answer for an id the record does not have.
            let renamed = Array("100644 renamed.yml\0".utf8) + [UInt8](TreeUpdateTests.rawID(blob.hex))
            let id = try withTemporaryFolder { scratch in
                #expect(try git("init", "--quiet", "--bare", scratch + "/scratch.git", in: scratch).status == 0)
                return try #require(ObjectID(hex: try git("mktree", "--missing", in: scratch + "/scratch.git",
                                                          input: "100644 blob \(blob.hex)\trenamed.yml\n").text))
            }
            #expect(try !other.remember(folder: renamed, listedIn: shard.id))
            #expect(try !other.remember(folder: Array("not a folder".utf8), listedIn: shard.id))
            #expect(try !other.remember(folder: stored, listedIn: blob), "a file lists nothing")
            #expect(throws: GitError.self) { try other.list(tree: id) }
            #expect(try other.list(tree: folder.id).map(\.name) == ["amendment.yml"])
        }
    }
}
