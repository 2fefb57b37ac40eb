import Testing
import Workflow

@Suite("Diagrams")
struct DiagramTests {
    static let awkward = WorkflowDefinition(
        name: "awk\"ward",
        roles: ["chair"],
        initialState: "first-reading",
        states: [
            StateDefinition(name: "first-reading", description: "note: read it; twice"),
            StateDefinition(name: "end", isFinal: true),
        ],
        transitions: [
            TransitionDefinition(
                name: "finish", from: ["first-reading"], to: "end", roles: ["chair"],
                guards: [
                    .quorum(QuorumRequirement(count: "approvals", total: "members", threshold: .fraction(.half))),
                    .deadline(DeadlineRequirement(date: "closing", side: .before)),
                ]
            ),
        ]
    )

    @Test("Mermaid aliases names it cannot hold and keeps colons out of labels")
    func mermaidEscaping() {
        #expect(WorkflowDiagram.mermaid(Self.awkward) == """
            stateDiagram-v2
                state "first-reading" as state_1
                state_1 : note - read it, twice
                state "end" as state_2
                [*] --> state_1
                state_1 --> state_2 : finish (chair) [approvals at least 1/2 of members, before closing]
                state_2 --> [*]

            """)
    }

    @Test("DOT quotes and escapes names and labels")
    func dotEscaping() {
        #expect(WorkflowDiagram.dot(Self.awkward) == """
            digraph "awk\\"ward" {
                rankdir=LR;
                node [shape=ellipse, fontname="Helvetica"];
                edge [fontname="Helvetica", fontsize=10];
                "__start" [shape=point, label=""];
                "first-reading" [tooltip="note: read it; twice"];
                "end" [shape=doublecircle];
                "__start" -> "first-reading";
                "first-reading" -> "end" [label="finish\\n(chair)\\n[approvals at least 1/2 of members, before closing]"];
            }

            """)
    }
}
