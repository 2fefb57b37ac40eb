import Foundation
import Resolutions
import Testing

@Suite("Group commit")
struct GroupCommitTests {
    @Test("fifty tasks acting at once each get their own commit, written in fewer groups")
    func fiftyTasksAtOnce() async throws {
        let fixture = try TestRecord()
        try fixture.startAmendments()
        let before = try fixture.commitCount()
        let writer = try GroupCommit(gitDirectory: fixture.path)
        let outcomes = await withTaskGroup(of: (Int, Result<Performed, AccordError>).self) { tasks in
            for index in 0..<50 {
                tasks.addTask {
                    // One in ten targets a provision the text does not have: refused, alone.
                    let target = index % 10 == 9 ? "par-999" : "par-\(index % 14 + 1)"
                    let draft = AmendmentDraft(target: target, kind: .replace, text: "Text \(index);", justification: "task \(index)")
                    do throws(AccordError) {
                        return (index, .success(try await writer.perform(.table(resolution: pact, draft), by: People.voters[index % 8], at: When.tabling)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var outcomes: [Int: Result<Performed, AccordError>] = [:]
            for await (index, result) in tasks { outcomes[index] = result }
            return outcomes
        }
        let landed = outcomes.filter { (try? $0.value.get()) != nil }
        #expect(landed.count == 45)
        #expect(outcomes.filter { $0.key % 10 == 9 }.allSatisfy { (try? $0.value.get()) == nil })
        // Every commit a task was given is on main, once; main is one line.
        let commits = Set(try fixture.git("rev-list", "main").lines)
        #expect(landed.allSatisfy { (try? $0.value.get()).map { commits.contains($0.commit.hex) } == true })
        #expect(try fixture.commitCount() == before + 45)
        #expect(try fixture.git("rev-list", "--merges", "main").lines.isEmpty)
        let amendments = try fixture.snapshot().amendments(pact)
        #expect(Set(amendments.map(\.draft.justification)) == Set(landed.keys.map { "task \($0)" }))
        #expect(writer.groupsWritten < 45, "groups: \(writer.groupsWritten)")
        #expect(try fixture.git("fsck", "--strict").status == 0)
        #expect(try fixture.verify().failure == nil)
    }

    @Test("a group whose tip another process moved is checked again on the new tip")
    func anotherWriterLandsFirst() async throws {
        let fixture = try TestRecord()
        try fixture.startAmendments()
        let writer = try GroupCommit(gitDirectory: fixture.path)
        let first = try await writer.perform(.table(resolution: pact, AmendmentDraft(target: "par-1", kind: .delete, text: nil, justification: "group")),
                                             by: "amelie", at: When.tabling)
        // Another writer (a CLI process) lands between two groups.
        let other = try fixture.perform(.table(resolution: pact, AmendmentDraft(target: "par-2", kind: .delete, text: nil, justification: "cli")),
                                        by: "sanne", at: When.tabling)
        let second = try await writer.perform(.table(resolution: pact, AmendmentDraft(target: "par-3", kind: .delete, text: nil, justification: "group")),
                                              by: "katrin", at: When.tabling)
        #expect([first.created, other.created, second.created] == ["A1", "A2", "A3"])
        #expect(try fixture.git("rev-list", "--count", "\(first.commit.hex)..main").text == "2")
        #expect(try fixture.verify().failure == nil)
    }
}
