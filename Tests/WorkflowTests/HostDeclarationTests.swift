import Foundation
import Testing
import Workflow

/// `host:` and `host-states:`: the transitions a host program fires itself and the states it reads,
/// declared in the file so that the program never relies on their names.
@Suite("Host declarations")
struct HostDeclarationTests {
    static let requirements = HostRequirements(
        transitions: ["close": "when the clerk closes the ticket", "reopen": "when the clerk reopens it"],
        states: ["waiting": "tickets still to handle", "start": "where a ticket starts"],
        singleStates: ["start"],
        leaving: ["close": "waiting"],
        entering: ["reopen": "waiting"])

    static let ticket = """
        name: ticket
        roles: [clerk]
        initial: open
        states:
          open: {}
          parked: {}
          closed: {final: true}
        transitions:
          shut:
            from: [open]
            to: closed
            by: [clerk]
          park:
            from: [open]
            to: parked
            by: [clerk]
          unpark:
            from: [parked]
            to: open
            by: [clerk]
        host:
          close: shut
          vanish: nowhere
        host-states:
          waiting: [open, parked, limbo]
          start: [open, parked]

        """

    @Test("every gap and every wrong name is reported on its line")
    func everyGap() {
        let issues = WorkflowLinter.lint(Self.ticket, file: "ticket.yml", vocabulary: HostVocabulary(host: Self.requirements))
        #expect(issues.map { "\($0.code)@\($0.line)" } == [
            "invalid-host@9",        // shut must leave every waiting state, parked too
            "missing-host@21",       // reopen is not declared
            "unknown-host@23",       // vanish is no role of the host
            "unknown-transition@23", // nowhere is no transition
            "unknown-state@25",      // limbo is no state
            "invalid-host@26",       // start names one state
        ], "\(issues)")
        #expect(issues.map(\.message).contains("‘host:’ must name the transition for ‘reopen’ (when the clerk reopens it), e.g. ‘reopen: <transition>’"))
        #expect(issues.map(\.message).contains("transition ‘shut’ (‘close’ under ‘host:’) must be possible from ‘parked’, one of the ‘waiting’ states"))
    }

    @Test("a file without host declarations is told each one it lacks, at its first line")
    func missingAltogether() {
        let plain = Self.ticket.components(separatedBy: "host:")[0]
        let issues = WorkflowLinter.lint(plain, file: "ticket.yml", vocabulary: HostVocabulary(host: Self.requirements))
        #expect(issues.map { "\($0.code)@\($0.line)" } == ["missing-host@1", "missing-host@1", "missing-host@1", "missing-host@1"], "\(issues)")
    }

    @Test("a sound file is parsed with its declarations; without requirements any are accepted")
    func parsed() throws {
        let sound = Self.ticket
            .replacingOccurrences(of: "  vanish: nowhere\n", with: "  reopen: unpark\n")
            .replacingOccurrences(of: "[open, parked, limbo]", with: "[open]")
            .replacingOccurrences(of: "start: [open, parked]", with: "start: open")
        let definition = try WorkflowDefinition.parse(sound, file: "ticket.yml", vocabulary: HostVocabulary(host: Self.requirements))
        #expect(definition.hostTransitions == ["close": "shut", "reopen": "unpark"])
        #expect(definition.hostStates == ["waiting": ["open"], "start": ["open"]])
        #expect(definition.hostTransition("close")?.to == "closed")
        #expect(WorkflowLinter.lint(sound, file: "ticket.yml").isEmpty)
        let forbidden = WorkflowLinter.lint(sound, file: "ticket.yml", vocabulary: HostVocabulary(host: HostRequirements()))
        #expect(forbidden.map(\.code) == ["unknown-host", "unknown-host", "unknown-host", "unknown-host"])
    }
}
