extension ResolutionStatus {
    /// The status as `accord status --json` prints it: the same text as encoding it with
    /// `JSONEncoder` (pretty, sorted keys, slashes unescaped), written directly.
    public var jsonText: String {
        var json = JSONText(capacity: 1 << 20 + amendments.count * 1_024)
        write(to: &json)
        return json.text
    }

    /// The same text as `jsonText`, handed to `chunk` in buffers of about 64 KiB, without a
    /// final newline: `accord status --json` writes each to standard output as it comes.
    public func writeJSON(_ chunk: @escaping (UnsafeRawBufferPointer) -> Void) {
        var json = JSONText(to: chunk)
        write(to: &json)
        json.finish()
    }

    func write(to json: inout JSONText) {
        write(to: &json) { json in
            json.array(of: amendments) { json, amendment in amendment.writeJSON(to: &json) }
        }
    }

    /// The status with the value of `amendments` written by `amendments`.
    func write(to json: inout JSONText, amendments: (inout JSONText) -> Void) {
        // Each object's members are written in the sorted order of their keys.
        json.object { json in
            json.key("amendments")
            amendments(&json)
            json.member("deadline", deadline)
            json.member("electorate", electorate)
            json.member("id", id)
            json.key("next")
            json.array(of: next) { json, step in
                json.member("blockers", step.blockers)
                json.member("description", step.description)
                json.member("kind", step.kind)
                json.member("name", step.name)
                json.member("roles", step.roles)
            }
            json.member("round", round)
            json.key("sections")
            json.array(of: sections) { json, section in
                json.member("approved", section.approved)
                json.member("id", section.id)
                json.member("result", section.result)
                json.member("title", section.title)
                json.member("votes", section.votes)
            }
            json.member("state", state)
            if let textVote {
                json.key("textVote")
                json.object { json in
                    json.member("body", textVote.body)
                    json.member("passed", textVote.passed)
                    json.member("result", textVote.result)
                    json.member("votes", textVote.votes)
                }
            }
            json.member("title", title)
            if let translations {
                json.key("translations")
                json.object { json in
                    for (language, progress) in translations.sorted(by: { $0.key < $1.key }) {
                        json.key(language)
                        json.object { json in
                            json.member("current", progress.current)
                            json.member("missing", progress.missing)
                            json.member("stale", progress.stale)
                        }
                    }
                }
            }
            json.member("workflow", workflow)
        }
    }
}

extension AmendmentStatus {
    /// The members of `AmendmentStatus(folder, coveredBy:)`, written straight from the folder:
    /// the same text as `writeJSON(to:)` writes for it.
    static func writeJSON(_ folder: AmendmentFolder, coveredBy: Int?, to json: inout JSONText) {
        let amendment = folder.amendment
        json.member("cosignatories", amendment.draft.cosignatories)
        json.member("coveredBy", coveredBy.map(Amendment.id))
        json.member("id", amendment.id)
        json.member("justification", amendment.draft.justification)
        json.member("kind", amendment.kind.rawValue)
        json.member("organisation", amendment.organisation)
        json.member("outcome", amendment.outcome)
        json.member("proposal", amendment.proposal.map { $0.accept ? "accept" : "reject" })
        json.member("proposalNote", amendment.proposal?.note)
        json.member("replaces", amendment.draft.replaces.map(Amendment.id))
        json.member("round", amendment.round)
        json.member("ruling", amendment.ruling.map { $0.admissible ? "admissible" : "inadmissible" })
        json.member("rulingReason", amendment.ruling?.reason)
        json.member("state", amendment.state.rawValue)
        json.member("tabledBy", amendment.tabledBy)
        json.member("target", amendment.target)
        json.member("text", amendment.draft.text)
        json.member("votes", OrganisationVotes(folder.votes.lazy.map { ($0.organisation, $0.choice.rawValue) }))
    }

    fileprivate func writeJSON(to json: inout JSONText) {
        json.member("cosignatories", cosignatories)
        json.member("coveredBy", coveredBy)
        json.member("id", id)
        json.member("justification", justification)
        json.member("kind", kind)
        json.member("organisation", organisation)
        json.member("outcome", outcome)
        json.member("proposal", proposal)
        json.member("proposalNote", proposalNote)
        json.member("replaces", replaces)
        json.member("round", round)
        json.member("ruling", ruling)
        json.member("rulingReason", rulingReason)
        json.member("state", state)
        json.member("tabledBy", tabledBy)
        json.member("target", target)
        json.member("text", text)
        json.member("votes", votes)
    }
}
