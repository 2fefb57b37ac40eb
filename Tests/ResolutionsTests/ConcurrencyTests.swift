import Foundation
import Resolutions
import Testing

/// What the writers of one race did, gathered from their threads.
final class RaceResults: @unchecked Sendable {
    private let lock = NSLock()
    private var landed: [String] = []
    private var errors: [AccordError] = []
    private var failures: [String] = []

    func landed(_ created: String) { lock.withLock { landed.append(created) } }
    func refused(_ error: AccordError) { lock.withLock { errors.append(error) } }
    func failed(_ message: String) { lock.withLock { failures.append(message) } }

    var created: [String] { lock.withLock { landed } }
    var refusals: [AccordError] { lock.withLock { errors } }
    var unexpected: [String] { lock.withLock { failures } }
}

/// Runs one writer per action at once, each with its own `Record` opened on `path`.
func race(_ writers: [(action: Action, actor: String)], on path: String, at now: Date) -> RaceResults {
    let results = RaceResults()
    DispatchQueue.concurrentPerform(iterations: writers.count) { index in
        do {
            let record = try Record.open(at: path, mode: .direct)
            let performed = try record.perform(writers[index].action, by: writers[index].actor, at: now)
            results.landed(performed.created ?? performed.summary)
        } catch let error as AccordError {
            results.refused(error)
        } catch {
            results.failed("\(error)")
        }
    }
    return results
}

@Suite("Concurrent writers")
struct ConcurrencyTests {
    @Test("writers tabling at once all land exactly once, on one line of history")
    func concurrentTabling() throws {
        let fixture = try TestRecord()
        try fixture.startAmendments()
        let before = try fixture.commitCount()
        let writers = (0..<24).map { index in
            let draft = AmendmentDraft(target: "par-\(index % 14 + 1)", kind: .replace, text: "Text \(index);",
                                       justification: "writer \(index)")
            return (action: Action.table(resolution: pact, draft), actor: People.voters[index % People.voters.count])
        }
        let results = race(writers, on: fixture.path, at: When.tabling)
        #expect(results.unexpected.isEmpty && results.refusals.isEmpty, "\(results.unexpected) \(results.refusals)")
        #expect(Set(results.created) == Set((1...24).map(Amendment.id)))

        let amendments = try fixture.snapshot().amendments(pact)
        #expect(amendments.map(\.number) == Array(1...24))
        #expect(Set(amendments.map(\.draft.justification)) == Set((0..<24).map { "writer \($0)" }), "each writer's amendment once")
        #expect(try fixture.snapshot().meta(pact).nextAmendment == 25)
        #expect(try fixture.commitCount() == before + 24)
        #expect(try fixture.git("rev-list", "--merges", "main").lines.isEmpty)
        #expect(try fixture.git("rev-list", "--parents", "main").lines.allSatisfy { $0.split(separator: " ").count <= 2 })
        #expect(try fixture.git("fsck", "--strict").status == 0)
        #expect(try fixture.verify().failure == nil)
    }

    @Test("of two racing actions, the one no longer allowed after the other is refused", arguments: [
        "withdraw", "screen",
    ])
    func lostRaceRefused(kind: String) throws {
        let fixture = try TestRecord()
        try fixture.startAmendments()
        let rounds = 4
        for round in 0..<rounds {
            try fixture.table(AmendmentDraft(target: "par-\(round + 1)", kind: .delete), by: "amelie")
        }
        if kind == "screen" { try fixture.closeAmendments() }
        for number in 1...rounds {
            let before = try fixture.commitCount()
            let writers: [(action: Action, actor: String)] = kind == "withdraw"
                ? [(.withdraw(resolution: pact, amendment: number), "amelie"), (.withdraw(resolution: pact, amendment: number), "julien")]
                : [(.screen(resolution: pact, amendment: number, admissible: true, reason: nil), "claire"),
                   (.screen(resolution: pact, amendment: number, admissible: true, reason: nil), "tomasz")]
            let results = race(writers, on: fixture.path, at: When.screening)
            #expect(results.unexpected.isEmpty, "\(results.unexpected)")
            #expect(results.created.count == 1, "exactly one lands")
            let refusal = try #require(results.refusals.first)
            #expect(refusal.blockers.contains { $0.code == "wrong-state" && $0.message.hasPrefix("A\(number): you cannot ") }, "\(refusal)")
            #expect(try fixture.commitCount() == before + 1)
        }
        #expect(Set(try fixture.states().values) == [kind == "withdraw" ? .withdrawn : .admissible])
        #expect(try fixture.git("fsck", "--strict").status == 0)
    }
}
