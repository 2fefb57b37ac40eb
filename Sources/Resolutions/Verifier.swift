import Foundation
import GitStore
import Workflow

/// The first commit that breaks the record's rules, and why.
public struct VerificationFailure: Sendable, Equatable, CustomStringConvertible {
    public let commit: ObjectID
    public let reason: String
    /// `<full commit id>: reason`, as `accord verify` prints it.
    public var description: String { "\(commit.hex): \(reason)" }
}

/// What a verification checked.
public struct VerificationReport: Sendable, Equatable {
    public let commitsChecked: Int
    /// Nil when every commit is sound.
    public let failure: VerificationFailure?
}

/// Replays the history of the record from its first commit and checks that
/// each commit is an action that was allowed by the workflow and roster at
/// that point, and that it wrote exactly the files that action produces.
///
/// A commit made by hand (`git commit` editing a vote or the text) has no
/// action, or an action whose files differ from what Accord would write: it is
/// caught. Each commit is checked against its parent's files alone, so the
/// replay needs no state beyond one snapshot.
public struct Verifier: Sendable {
    /// The record's git directory, opened by each stretch for itself: libgit2's handles are not
    /// shared between threads.
    let gitDirectory: String
    /// The fewest commits in a stretch (but the last): each stretch starts with cold caches.
    let commitsPerStretch: Int
    /// How many stretches of the history are checked at once, each on a thread of its own.
    let workers: Int

    /// Checks with one worker per processor, up to two: each worker holds its own caches
    /// (about 50 MB at full size), and a replay must stay within 500 MB.
    /// - Throws: when the record's repository cannot be opened a second time.
    public init(record: Record) throws(AccordError) {
        try self.init(record: record, commitsPerStretch: 1_000,
                      workers: min(max(ProcessInfo.processInfo.activeProcessorCount, 1), 2))
    }

    /// A verifier with stretches of at least `commitsPerStretch` commits and `workers` threads
    /// (tests use small numbers).
    init(record: Record, commitsPerStretch: Int, workers: Int = 1) throws(AccordError) {
        gitDirectory = record.repository.gitDirectory
        self.commitsPerStretch = max(commitsPerStretch, 1)
        self.workers = max(workers, 1)
        _ = try Self.open(gitDirectory)
    }

    private static func open(_ gitDirectory: String) throws(AccordError) -> Repository {
        do { return try Repository.open(at: gitDirectory, mode: .direct) } catch { throw .store(error) }
    }

    /// Parsed files shared by the snapshots of one thread of a replay. In memory only, so that
    /// replaying old versions never replaces the amendment shards stored for the record's next
    /// command; and small, since a replay moves forward and seldom reads a version again after
    /// the next commit.
    private static func makeCache() -> ParseCache { ParseCache(limit: 5_000) }

    /// Checks every commit of `main`, oldest first, and every tag Accord wrote.
    ///
    /// A commit is checked against its parent's files and its own alone, so stretches of the
    /// history are checked on several threads at once; the outcome is the one of a replay from
    /// the first commit that stops at the first bad one: the first stretch that fails or throws
    /// decides it, and later stretches are not looked at.
    public func verify() throws(AccordError) -> VerificationReport {
        let commits = try mainline()
        var expectedTags: [String: ObjectID] = [:]
        for outcome in replay(commits) {
            switch outcome {
            case .passed(let tags):
                expectedTags.merge(tags) { _, later in later }
            case .failed(let index, let failure):
                return VerificationReport(commitsChecked: index + 1, failure: failure)
            case .threw(let error):
                throw error
            }
        }
        let repository = try Self.open(gitDirectory)
        if let failure = try checkTags(expectedTags, tip: commits.last, in: repository) {
            return VerificationReport(commitsChecked: commits.count, failure: failure)
        }
        return VerificationReport(commitsChecked: commits.count, failure: nil)
    }

    /// What checking one stretch of the history found.
    private enum StretchOutcome: Sendable {
        /// Every commit is sound; the tags its adoptions must have.
        case passed(tags: [String: ObjectID])
        /// The commit at `index` of the whole history is the stretch's first bad one.
        case failed(index: Int, VerificationFailure)
        case threw(AccordError)

        var isPassed: Bool {
            if case .passed = self { return true }
            return false
        }
    }

    /// The outcomes of the history's stretches in order, up to the first that did not pass.
    ///
    /// Workers take the stretches in order; once one has not passed, no later stretch is started.
    private func replay(_ commits: [ObjectID]) -> [StretchOutcome] {
        // Several stretches per worker, so that a worker whose stretches are quicker takes more;
        // none shorter than `commitsPerStretch`, since each starts with cold caches.
        let stretchCount = workers == 1 ? 1 : min(workers * 8, max(commits.count / commitsPerStretch, 1))
        let stretchSize = max((commits.count + stretchCount - 1) / stretchCount, 1)
        let stretches = stride(from: 0, to: commits.count, by: stretchSize).map { $0..<min($0 + stretchSize, commits.count) }
        let board = ReplayBoard(count: stretches.count)
        let work = { @Sendable () -> Void in
            let cache = Self.makeCache()
            while let next = board.take() {
                board.report(check(commits, stretches[next], cache: cache), at: next)
            }
        }
        if workers == 1 || stretches.count <= 1 {
            work()
        } else {
            DispatchQueue.concurrentPerform(iterations: min(workers, stretches.count)) { _ in work() }
        }
        return board.outcomes
    }

    /// Checks `commits[range]` in order, stopping at the first bad one.
    private func check(_ commits: [ObjectID], _ range: Range<Int>, cache: ParseCache) -> StretchOutcome {
        do throws(AccordError) {
            let repository = try Self.open(gitDirectory)
            var tags: [String: ObjectID] = [:]
            for index in range {
                let commit: CommitInfo
                do { commit = try repository.commitInfo(commits[index]) } catch { throw .store(error) }
                if let reason = try check(commit, in: repository, cache: cache, isFirst: index == 0, expectedTags: &tags) {
                    return .failed(index: index, VerificationFailure(commit: commit.id, reason: reason))
                }
            }
            return .passed(tags: tags)
        } catch {
            return .threw(error)
        }
    }

    /// The stretches still to check and what each found, shared by the workers of one replay.
    private final class ReplayBoard: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private var results: [StretchOutcome?]
        /// The first stretch known not to pass: no stretch after it is worth checking.
        private var firstStop: Int?

        init(count: Int) { results = Array(repeating: nil, count: count) }

        /// The next stretch to check, or nil when none is left or worth checking.
        func take() -> Int? {
            lock.withLock {
                guard next < results.count, next < (firstStop ?? Int.max) else { return nil }
                defer { next += 1 }
                return next
            }
        }

        func report(_ outcome: StretchOutcome, at index: Int) {
            lock.withLock {
                results[index] = outcome
                if !outcome.isPassed { firstStop = min(firstStop ?? index, index) }
            }
        }

        /// The outcomes in order, up to and including the first that did not pass.
        var outcomes: [StretchOutcome] {
            lock.withLock {
                var list: [StretchOutcome] = []
                for case let outcome? in results {
                    list.append(outcome)
                    if !outcome.isPassed { break }
                }
                return list
            }
        }
    }

    /// The ids of `main`'s commits, oldest first, following first parents (a merge is then
    /// refused as it is checked). Ids only: every commit read whole at once would hold hundreds
    /// of megabytes in a record of 100,000 actions.
    private func mainline() throws(AccordError) -> [ObjectID] {
        let repository = try Self.open(gitDirectory)
        do {
            guard let tip = try repository.reference(Record.branch) else { return [] }
            return try repository.firstParentLine(endingAt: tip)
        } catch {
            throw .store(error)
        }
    }

    /// Why `commit` is not a sound action, or nil.
    private func check(_ commit: CommitInfo, in repository: Repository, cache: ParseCache, isFirst: Bool,
                       expectedTags: inout [String: ObjectID]) throws(AccordError) -> String? {
        if commit.parents.count > 1 { return "a merge commit: Accord’s record is a single line of actions" }
        if isFirst != commit.parents.isEmpty { return "the history does not start with the record’s creation" }
        let plan: Plan
        switch try Self.replay(commit, in: repository, cache: cache, isFirst: isFirst) {
        case .failure(let reason): return reason.text
        case .success(let replayed): plan = replayed
        }
        if let mismatch = try compare(plan.changes, parent: commit.parents.first, commit: commit.id, in: repository) {
            return mismatch
        }
        if let tag = plan.tag { expectedTags[tag.name] = commit.id }
        return nil
    }

    /// Why a commit's action could not be replayed, in words.
    struct Unsound: Error {
        let text: String
    }

    /// The plan of the action `commit` records, made again against the record as it was before
    /// it, or why it cannot be: the commit's message and author must be exactly the plan's.
    static func replay(_ commit: CommitInfo, in repository: Repository, cache: ParseCache,
                       isFirst: Bool) throws(AccordError) -> Result<Plan, Unsound> {
        func unsound(_ text: String) -> Result<Plan, Unsound> { .failure(Unsound(text: text)) }
        guard let name = commit.message.trailer("Accord-Action") else {
            return unsound("not made by Accord: the commit has no Accord-Action trailer (\(commit.message.subject))")
        }
        let before = Snapshot(repository: repository, commit: commit.parents.first, cache: cache)
        let after = Snapshot(repository: repository, commit: commit.id, cache: cache)
        let action: Action
        do {
            action = try decode(name, commit.message, from: after)
        } catch {
            if case .store(let failure) = error, failure.kind == .damaged {
                return unsound("the record is damaged: \(failure.message)")
            }
            return unsound("the commit says it is ‘\(name)’ but its files do not describe one: \(error.reasons.joined(separator: "; "))")
        }
        if isFirst != (name == "init") { return unsound("‘init’ may only be the first commit") }

        let actorID = commit.message.trailer("Accord-Actor")
        let person: Person?
        do {
            person = try Record.identify(actorID, in: before)
        } catch {
            return unsound("the actor ‘\(actorID ?? "")’ is not in the roster at that point")
        }
        let expectedName = person?.name ?? "Accord"
        let expectedEmail = person?.email ?? "accord@localhost"
        if commit.author.name != expectedName || commit.author.email != expectedEmail {
            return unsound("the author \(commit.author.name) <\(commit.author.email)> is not the actor \(expectedName) <\(expectedEmail)>")
        }
        let via = commit.message.trailer("Accord-Via")
        if let via, !Planner.channels.contains(via) { return unsound("‘\(via)’ is not a way Accord takes actions (Accord-Via)") }
        let plan: Plan
        do {
            plan = try Planner(snapshot: before, actor: person, now: commit.author.date, via: via).plan(action)
        } catch {
            return unsound("‘\(name)’ was not allowed at that point: \(error.reasons.joined(separator: "; "))")
        }
        if plan.subject != commit.message.subject || plan.trailers != commit.message.trailers {
            return unsound("the message does not match the action it records (expected ‘\(plan.subject)’)")
        }
        return .success(plan)
    }

    /// Rebuilds the action a commit records from its trailers and the files it wrote.
    private static func decode(_ name: String, _ message: CommitMessage, from after: Snapshot) throws(AccordError) -> Action {
        func required(_ key: String) throws(AccordError) -> String {
            guard let value = message.trailer(key) else { throw .notFound("the trailer \(key) is missing") }
            return value
        }
        func amendmentNumber() throws(AccordError) -> Int {
            guard let number = Amendment.number(try required("Accord-Item")) else { throw .notFound("Accord-Item is not an amendment") }
            return number
        }
        func writtenAmendment(_ id: String) throws(AccordError) -> Amendment {
            let number = try amendmentNumber()
            guard let amendment = try after.amendment(id, number) else { throw .notFound("the amendment file is missing") }
            return amendment
        }
        switch name {
        case "init":
            var workflows: [String: String] = [:]
            for entry in try after.list(RecordLayout.workflows) where entry.name.hasSuffix(".yml") {
                let workflowName = String(entry.name.dropLast(4))
                workflows[workflowName] = try after.text(at: RecordLayout.workflow(workflowName))
            }
            return .initialize(workflows: workflows)
        case "import-roster":
            return .importRoster(try after.roster())
        case "import-draft":
            let id = try required("Accord-Resolution")
            var text = try after.text(id)
            text.languages = try after.meta(id).languages // kept in the resolution's state, not in its text
            return .importDraft(text)
        case DomainAction.updateDraft.rawValue:
            return .updateDraft(try after.text(try required("Accord-Resolution")))
        case "transition":
            let deadline = message.trailer("Accord-Deadline").flatMap(RecordDate.parse)
            return .transition(resolution: try required("Accord-Resolution"), name: try required("Accord-Transition"), deadline: deadline)
        case DomainAction.tableAmendment.rawValue, DomainAction.tableCompromise.rawValue:
            let id = try required("Accord-Resolution")
            return .table(resolution: id, try writtenAmendment(id).draft)
        case DomainAction.withdrawAmendment.rawValue:
            return .withdraw(resolution: try required("Accord-Resolution"), amendment: try amendmentNumber())
        case Action.cosignName:
            return .cosign(resolution: try required("Accord-Resolution"), amendment: try amendmentNumber())
        case DomainAction.screenAmendment.rawValue:
            let id = try required("Accord-Resolution")
            let amendment = try writtenAmendment(id)
            return .screen(resolution: id, amendment: amendment.number, admissible: try required("Accord-Ruling") == "admissible",
                           reason: amendment.ruling?.reason)
        case DomainAction.proposeProcedure.rawValue:
            let id = try required("Accord-Resolution")
            let amendment = try writtenAmendment(id)
            return .propose(resolution: id, amendment: amendment.number, accept: try required("Accord-Proposal") == "accept",
                            note: amendment.proposal?.note)
        case DomainAction.voteAmendment.rawValue, DomainAction.voteSection.rawValue, DomainAction.voteText.rawValue:
            guard let choice = VoteChoice(rawValue: try required("Accord-Vote")) else { throw .notFound("Accord-Vote is not for, against or abstain") }
            return .vote(resolution: try required("Accord-Resolution"), item: try required("Accord-Item"), choice: choice)
        case "install-workflow":
            let workflow = try required("Accord-Workflow")
            guard Slug.isValidID(workflow), let yaml = try after.text(at: RecordLayout.workflow(workflow)) else {
                throw .notFound("the procedure ‘\(workflow)’ is not in the record")
            }
            return .installWorkflow(name: workflow, yaml: yaml)
        case "add-language", "import-translation", DomainAction.translate.rawValue:
            return try Self.decodeTranslation(name, try required("Accord-Resolution"), try required("Accord-Language"),
                                              item: message.trailer("Accord-Item"), from: after)
        default:
            throw .notFound("‘\(name)’ is not an action Accord knows")
        }
    }

    /// Whether the commit changed exactly the files the plan writes, with the same bytes.
    private func compare(_ changes: [FileChange], parent: ObjectID?, commit: ObjectID,
                         in repository: Repository) throws(AccordError) -> String? {
        do throws(GitError) {
            // Equal trees mean equal files, modes and folders: the usual case costs a few hashes of the
            // folders on the changed paths, and writes nothing. Changes a commit would refuse, and any
            // difference, take the comparison below, which says what differs.
            var refusal: GitError?
            do {
                if try repository.predictedTreeID(applying: changes, to: parent) == repository.treeID(of: commit) { return nil }
            } catch {
                refusal = error
            }
            var expected: [String: [UInt8]?] = [:]
            for change in changes {
                switch change {
                case .write(let path, let bytes):
                    let old = if let parent { try repository.fileIfPresent(path, at: parent) } else { [UInt8]?.none }
                    if old != bytes { expected[path] = .some(bytes) }
                case .delete(let path):
                    for file in try files(under: path, at: parent, in: repository) { expected[file] = .some(nil) }
                }
            }
            let actual = try repository.changedPaths(from: parent, to: commit)
            for change in actual {
                guard let wanted = expected.removeValue(forKey: change.path) else {
                    return "it changed ‘\(change.path)’, which its action does not touch"
                }
                let bytes = change.kind == .deleted ? nil : try repository.fileIfPresent(change.path, at: commit)
                if bytes != wanted {
                    return "‘\(change.path)’ is not what its action writes"
                }
            }
            if let missing = expected.keys.sorted().first {
                return "its action writes ‘\(missing)’, which the commit does not change"
            }
            // The same files, but a tree the action cannot have written (its parent's folders are damaged, say).
            return "its files are not what its action writes" + (refusal.map { ": \($0.message)" } ?? "")
        } catch {
            throw .store(error)
        }
    }

    /// Every file at or under `path` in `commit`.
    private func files(under path: String, at commit: ObjectID?, in repository: Repository) throws(GitError) -> [String] {
        guard let commit else { return [] }
        if try repository.fileIfPresent(path, at: commit) != nil { return [path] }
        var result: [String] = []
        for entry in try repository.list(path, at: commit) {
            let child = "\(path)/\(entry.name)"
            result += entry.kind == .file ? [child] : try files(under: child, at: commit, in: repository)
        }
        return result
    }

    /// Each adoption's tag must exist and point at its commit; no other tag may sit under a resolution's id.
    private func checkTags(_ expected: [String: ObjectID], tip: ObjectID?, in repository: Repository) throws(AccordError) -> VerificationFailure? {
        // Tags under a resolution's id (`pact-2026/…`) are Accord's; others are people's own.
        let resolutions = Set(try Snapshot(repository: repository, commit: tip, cache: Self.makeCache()).resolutionIDs())
        do throws(GitError) {
            for (name, commit) in expected.sorted(by: { $0.key < $1.key }) {
                guard let tag = try repository.tag(name) else {
                    return VerificationFailure(commit: commit, reason: "the tag ‘\(name)’ that marks this adoption is missing (the writer may have stopped between recording the adoption and tagging it; the next action puts it back)")
                }
                guard tag.target == commit else {
                    return VerificationFailure(commit: commit, reason: "the tag ‘\(name)’ does not point at this adoption")
                }
            }
            for ref in try repository.references(withPrefix: "refs/tags/") {
                let name = String(ref.dropFirst("refs/tags/".count))
                guard expected[name] == nil, let owner = name.split(separator: "/").first, resolutions.contains(String(owner)) else { continue }
                // `resolve` peels an annotated tag to its commit, so that the failure names a commit, not a tag object.
                let target = if let commit = try? repository.resolve(ref) { commit } else { try repository.reference(ref) }
                if let target {
                    return VerificationFailure(commit: target, reason: "the tag ‘\(name)’ was not written by an Accord action")
                }
            }
            return nil
        } catch {
            throw .store(error)
        }
    }
}
