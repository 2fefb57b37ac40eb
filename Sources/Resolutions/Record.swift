import Foundation
import GitStore
import Workflow

/// An Accord record: a git repository whose `main` branch holds the roster,
/// the workflows and every resolution, changed only by `perform`.
public final class Record {
    /// The branch every action moves.
    public static let branch = "refs/heads/main"
    /// How many times an action is re-checked and retried after another writer landed first.
    static let attempts = 50

    /// The git repository that holds the record.
    public let repository: Repository
    /// What has been parsed from this record, by git id, in this process and (for amendment
    /// shards, texts, the roster and workflows) by earlier ones.
    let cache: ParseCache

    public init(repository: Repository) {
        self.repository = repository
        cache = ParseCache(stored: StoredShards(gitDirectory: repository.gitDirectory),
                           parses: StoredParses(gitDirectory: repository.gitDirectory),
                           outputs: StoredOutputs(gitDirectory: repository.gitDirectory))
    }

    /// Creates a bare repository at `path` with a first commit holding the record's format
    /// marker and its workflows (name → YAML, each checked).
    public static func create(at path: String, workflows: [String: String], now: Date) throws(AccordError) -> Record {
        // A failed creation removes the folder: it must be one Accord made, never a person's files.
        if let contents = try? FileManager.default.contentsOfDirectory(atPath: path), !contents.isEmpty {
            throw .refused("exists", "‘\(path)’ is not empty; give a new or empty folder for the record")
        }
        let repository: Repository
        do { repository = try Repository.create(at: path, bare: true) } catch { throw .store(error) }
        let record = Record(repository: repository)
        do {
            _ = try record.perform(.initialize(workflows: workflows), by: nil, at: now)
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
        return record
    }

    /// Opens the record at `path`, or with `searchParents` in the nearest folder above that holds one.
    public static func open(at path: String, searchParents: Bool = false,
                            mode: Repository.WriteMode = .direct) throws(AccordError) -> Record {
        do {
            let repository = try Repository.open(at: path, searchParents: searchParents, mode: mode)
            let record = Record(repository: repository)
            if let tip = try repository.reference(branch), try repository.fileIfPresent(RecordLayout.marker, at: tip) == nil {
                throw AccordError.notFound("‘\(repository.gitDirectory)’ is not an Accord record: it holds a history, but not Accord’s (no \(RecordLayout.marker))")
            }
            return record
        } catch let error as GitError {
            throw .store(error)
        } catch let error as AccordError {
            throw error
        } catch {
            throw .notFound("\(error)")
        }
    }

    /// The record at a revision (`main`, a tag such as `pact-2026/adopted`, `main~3`, a commit id),
    /// or at the tip of `main` when nil.
    public func snapshot(at revision: String? = nil) throws(AccordError) -> Snapshot {
        // The tip is read afresh, its packs too; an older version (verify replays thousands) needs no look.
        if revision == nil { repository.forgetVanishedPacks() }
        do throws(GitError) {
            let commit = if let revision { try repository.resolve(revision) } else { try repository.reference(Self.branch) }
            return Snapshot(repository: repository, commit: commit, cache: cache)
        } catch {
            throw error.kind == .notFound ? .notFound(error.message) : .store(error)
        }
    }

    /// Checks `action` against the record as it is now and records it as one commit.
    ///
    /// When another writer lands first, the action is checked again against the
    /// new record and retried; one that is no longer allowed is refused.
    /// - Parameters:
    ///   - actor: a roster id or email; nil only for creating the record and the first roster import.
    ///   - now: the time of the action, used for deadlines and as the commit time.
    ///   - via: how the action came, when not through the command line (`web`); recorded in its commit.
    /// - Throws: `AccordError`; the record is then exactly as it was.
    @discardableResult
    public func perform(_ action: Action, by actor: String?, at now: Date, via: String? = nil) throws(AccordError) -> Performed {
        // Checked and written while no other Accord writer can move the record: a lost race
        // (to git itself) is rare, and fifty writers at once take turns instead of retrying.
        let outcome: Result<Performed, AccordError>
        do {
            outcome = try repository.asTheOnlyWriter { () throws(AccordError) -> Performed in
                try performRetrying(action, by: actor, at: now, via: via)
            }
        } catch {
            throw .store(error)
        }
        return try outcome.get()
    }

    /// `perform`'s checks and commit, retried on the new tip after a lost race.
    private func performRetrying(_ action: Action, by actor: String?, at now: Date, via: String?) throws(AccordError) -> Performed {
        var lastRace: GitError?
        for _ in 0..<Self.attempts {
            let snapshot = try self.snapshot()
            try restoreMarkOfInterruptedAdoption(at: snapshot.commit)
            let person = try Self.identify(actor, in: snapshot)
            let plan = try Planner(snapshot: snapshot, actor: person, now: now, via: via).plan(action)
            if let tag = plan.tag, try !dropMarkOfInterruptedAdoption(tag.name, tip: snapshot.commit) {
                // Said in words here; the ref transaction would refuse it too, as a lost race.
                let existing: TagInfo?
                do { existing = try repository.tag(tag.name) } catch { throw .store(error) }
                if existing != nil {
                    throw .refused("tag-exists", "the record already marks a version as ‘\(tag.name)’, though no action wrote that mark; ask whoever looks after the record to remove it, then try again")
                }
            }
            let signature = person.map { Signature(name: $0.name, email: $0.email, date: now) }
                ?? Signature(name: "Accord", email: "accord@localhost", date: now)
            var request = CommitRequest(ref: Self.branch, parent: snapshot.commit, changes: plan.changes, author: signature,
                                        message: CommitMessage(subject: plan.subject, trailers: plan.trailers))
            // The commit and its tag land together, or neither does.
            request.tag = plan.tag
            do {
                let commit = try repository.commit(request)
                return Performed(commit: commit, summary: plan.subject, created: plan.created)
            } catch where error.kind == .raceLost {
                lastRace = error
                continue
            } catch {
                throw .store(error)
            }
        }
        throw .store(lastRace ?? GitError(.raceLost, function: "perform", message: "the record kept changing; try again"))
    }

    // MARK: Interrupted adoptions
    //
    // An adoption moves `main` and creates its tag in one libgit2 transaction, which applies its
    // updates one by one: a writer killed in between leaves one without the other. Each half is
    // put right by the next action, so that no one has to.

    /// When `main` ends on an adoption whose tag is missing, creates the tag the adoption planned
    /// (found by replaying it, as `verify` does).
    private func restoreMarkOfInterruptedAdoption(at tip: ObjectID?) throws(AccordError) {
        guard let tip else { return }
        let commit: CommitInfo
        do { commit = try repository.commitInfo(tip) } catch { throw .store(error) }
        // Only an adoption tags: most actions stop at the commit's trailers, and an adoption at its
        // tag, found; the action is replayed (a tally would be planned again) only when it is missing.
        guard commit.message.trailer("Accord-Transition") != nil, let id = commit.message.trailer("Accord-Resolution"),
              !commit.parents.isEmpty else { return }
        do throws(GitError) {
            guard try repository.tag(RecordLayout.adoptionTag(id)) == nil,
                  try repository.entry(RecordLayout.adopted(id), at: tip) != nil else { return }
        } catch {
            throw .store(error)
        }
        let replayed = try Verifier.replay(commit, in: repository, cache: cache, isFirst: false)
        guard case .success(let plan) = replayed, let tag = plan.tag else { return }
        do throws(GitError) {
            try repository.createTag(tag.name, target: tip, tagger: commit.committer, message: tag.message)
        } catch where error.kind == .alreadyExists || error.kind == .raceLost {
            // Another writer put it back first.
        } catch {
            throw .store(error)
        }
    }

    /// Removes a tag named `name` that marks a commit `main` never reached: left by an adoption
    /// whose writer was killed after creating the tag and before moving `main`.
    /// - Returns: whether one was removed.
    private func dropMarkOfInterruptedAdoption(_ name: String, tip: ObjectID?) throws(AccordError) -> Bool {
        do throws(GitError) {
            guard let tip, let tagObject = try repository.reference("refs/tags/" + name),
                  let tag = try repository.tag(name), try !repository.isInHistory(tag.target, of: tip) else { return false }
            try repository.deleteTag(name, expected: tagObject)
            return true
        } catch where error.kind == .raceLost {
            return false
        } catch {
            throw .store(error)
        }
    }

    /// The roster person an actor names, or nil when none is named.
    static func identify(_ actor: String?, in snapshot: Snapshot) throws(AccordError) -> Person? {
        guard let actor else { return nil }
        guard let person = try snapshot.roster().person(actor) else {
            throw .notFound("there is no person ‘\(actor)’ in the roster (use a roster id or email; ‘accord roster show’ lists them)")
        }
        return person
    }

    /// The commits of `main`, newest first.
    public func history(limit: Int? = nil) throws(AccordError) -> [CommitInfo] {
        do {
            guard let tip = try repository.reference(Self.branch) else { return [] }
            return try repository.history(from: tip, order: .newestFirst, limit: limit)
        } catch {
            throw .store(error)
        }
    }
}
