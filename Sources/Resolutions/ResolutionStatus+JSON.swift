extension ResolutionStatus {
    /// The status as `accord status --json` prints it: the same text as encoding it with
    /// `JSONEncoder` (pretty, sorted keys, slashes unescaped), written directly.
    public var jsonText: String {
        func strings(_ items: [String]) -> JSONText { .array(items.map(JSONText.string)) }
        func votes(_ votes: [String: String]) -> JSONText { .object(votes.map { ($0.key, .string($0.value)) }) }
        func optional(_ text: String?) -> JSONText? { text.map(JSONText.string) }
        let amendments = self.amendments.map { amendment -> JSONText in
            .object([
                ("id", .string(amendment.id)), ("state", .string(amendment.state)), ("round", .int(amendment.round)),
                ("target", .string(amendment.target)), ("kind", .string(amendment.kind)), ("text", optional(amendment.text)),
                ("justification", .string(amendment.justification)), ("organisation", .string(amendment.organisation)),
                ("tabledBy", .string(amendment.tabledBy)), ("cosignatories", strings(amendment.cosignatories)),
                ("replaces", strings(amendment.replaces)), ("coveredBy", optional(amendment.coveredBy)),
                ("ruling", optional(amendment.ruling)), ("rulingReason", optional(amendment.rulingReason)),
                ("proposal", optional(amendment.proposal)), ("proposalNote", optional(amendment.proposalNote)),
                ("outcome", optional(amendment.outcome)), ("votes", votes(amendment.votes)),
            ])
        }
        let sections = self.sections.map { section -> JSONText in
            .object([("id", .string(section.id)), ("title", .string(section.title)), ("votes", votes(section.votes)),
                     ("result", .string(section.result)), ("approved", .bool(section.approved))])
        }
        let next = self.next.map { step -> JSONText in
            .object([("kind", .string(step.kind)), ("name", .string(step.name)), ("description", optional(step.description)),
                     ("roles", strings(step.roles)), ("blockers", strings(step.blockers))])
        }
        return JSONText.object([
            ("id", .string(id)), ("title", .string(title)), ("workflow", .string(workflow)), ("state", .string(state)),
            ("round", .int(round)), ("deadline", optional(deadline)), ("electorate", strings(electorate)),
            ("amendments", .array(amendments)), ("sections", .array(sections)), ("next", .array(next)),
        ]).text
    }
}
