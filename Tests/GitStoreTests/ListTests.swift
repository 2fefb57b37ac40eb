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
