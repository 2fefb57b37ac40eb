import Foundation
import Testing
import GitStore

/// Revision expressions resolve to the commits `git rev-parse` names.
@Suite struct ResolveTests {
    @Test(arguments: ["main", "refs/heads/main", "v1", "main~2", "HEAD~1", "HEAD", "main^"])
    func resolvesLikeGit(_ revision: String) throws {
        try withRepository { repository, path in
            for index in 0..<4 { try repository.append([.write("f.txt", "\(index)\n")], subject: "Step \(index)") }
            try repository.createTag("v1", target: try repository.resolve("main~1"), tagger: alice, message: "First version")
            let expected = try #require(try revParse(revision, in: path))
            #expect(try repository.resolve(revision).hex == expected)
        }
    }

    @Test func resolvesAnAbbreviatedID() throws {
        try withRepository { repository, _ in
            let id = try repository.append([.write("f.txt", "x\n")])
            #expect(try repository.resolve(id.short) == id)
            #expect(try repository.resolve(id.hex) == id)
        }
    }

    @Test(arguments: ["nope", "main~5", "refs/heads/other", "deadbee", "main:"])
    func unknownRevisionIsNotFoundWithItsName(_ revision: String) throws {
        try withRepository { repository, _ in
            try repository.append([.write("f.txt", "x\n")])
            let error = try #require(throws: GitError.self) { try repository.resolve(revision) }
            #expect(error.kind == .notFound)
            #expect(error.message.contains("‘\(revision)’"))
        }
    }

    @Test func emptyRepositoryHasNoMain() throws {
        try withRepository { repository, _ throws in
            #expect(try repository.reference(mainRef) == nil)
            #expect(throws: GitError.self) { try repository.resolve("main") }
        }
    }
}
