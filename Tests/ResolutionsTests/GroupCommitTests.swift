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

@Suite("Actions that land together")
struct PerformTogetherTests {
    static func draft(_ target: String, _ why: String) -> AmendmentDraft {
        AmendmentDraft(target: target, kind: .replace, text: "New text for \(target);", justification: why)
    }

    @Test("actions given together land as consecutive commits, while other tasks act at once")
    func togetherWhileOthersAct() async throws {
        let fixture = try TestRecord()
        try fixture.startAmendments()
        let before = try fixture.commitCount()
        let writer = try GroupCommit(gitDirectory: fixture.path)
        let bundle = (1...3).map { Action.table(resolution: pact, Self.draft("par-\($0)", "together")) }
        async let together = writer.perform(bundle, by: "amelie", at: When.tabling)
        let alone = await withTaskGroup(of: Bool.self) { tasks in
            for index in 0..<12 {
                tasks.addTask {
                    (try? await writer.perform(.table(resolution: pact, Self.draft("par-\(index % 14 + 1)", "alone \(index)")),
                                               by: People.voters[index % 8], at: When.tabling)) != nil
                }
            }
            var landed = 0
            for await ok in tasks where ok { landed += 1 }
            return landed
        }
        let performed = try await together
        #expect(alone == 12)
        #expect(performed.count == 3)
        // The three are one after the other on main: no other action came between them.
        let line = try fixture.git("rev-list", "--reverse", "main").lines
        let places = try performed.map { done in try #require(line.firstIndex(of: done.commit.hex)) }
        #expect(places == [places[0], places[0] + 1, places[0] + 2], "\(places)")
        #expect(try fixture.commitCount() == before + 15)
        #expect(try fixture.git("fsck", "--strict").status == 0)
        #expect(try fixture.verify().failure == nil)
    }

    @Test("when one of the actions given together is refused, none of them is written, and the others' actions still land")
    func refusedPartWayWritesNothing() async throws {
        let fixture = try TestRecord()
        try fixture.startAmendments()
        let before = try fixture.commitCount()
        let writer = try GroupCommit(gitDirectory: fixture.path)
        // The second targets a provision the text does not have: refused after the first was planned.
        let bundle = [Action.table(resolution: pact, Self.draft("par-1", "bundle")), .table(resolution: pact, Self.draft("par-999", "bundle")),
                      .table(resolution: pact, Self.draft("par-3", "bundle"))]
        async let refused: Result<[Performed], AccordError> = { () async -> Result<[Performed], AccordError> in
            do throws(AccordError) { return .success(try await writer.perform(bundle, by: "amelie", at: When.tabling)) } catch { return .failure(error) }
        }()
        async let other = writer.perform(.table(resolution: pact, Self.draft("par-5", "other")), by: "sanne", at: When.tabling)
        let outcome = await refused
        #expect((try? outcome.get()) == nil, "the bundle is refused: \(outcome)")
        let landed = try await other
        #expect(try fixture.commitCount() == before + 1)
        #expect(try fixture.git("rev-parse", "main").text == landed.commit.hex)
        #expect(try fixture.snapshot().amendments(pact).map(\.draft.justification) == ["other"])
        // The same through a record in batch mode, as `accord amend --from` writes.
        let batch = try Record.open(at: fixture.path, mode: .batch)
        #expect(throws: AccordError.self) { try batch.performTogether(bundle, by: "amelie", at: When.tabling) }
        #expect(try fixture.commitCount() == before + 1)
        let together = try batch.performTogether([bundle[0], bundle[2]], by: "amelie", at: When.tabling)
        #expect(together.map(\.created) == ["A2", "A3"])
        #expect(try fixture.commitCount() == before + 3)
        #expect(try fixture.git("fsck", "--strict").status == 0)
        #expect(try fixture.verify().failure == nil)
    }
}
