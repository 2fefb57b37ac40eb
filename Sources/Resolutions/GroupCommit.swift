import Foundation
import GitStore

/// Records actions that arrive from many tasks at once, in groups: each action is still checked
/// against the record as the actions before it left it, and still becomes its own commit, but a
/// whole group reaches the disk as one pack and one ref update, and so pays for its fsyncs once.
///
/// A caller gets its commit only once its group is durable. While one group is being written
/// the next one gathers, so that the busier the record, the larger the groups. When another
/// process moves `main` first, the whole group is checked again on the new tip and retried.
///
/// This is the writer a server needs: fifty organisations voting at the deadline are fifty
/// commits, written in a handful of groups.
public final class GroupCommit: @unchecked Sendable {
    /// The record in batch mode, touched only by the writing thread.
    private let record: Record
    private let lock = NSLock()
    /// Actions waiting for the next group (guarded by `lock`).
    private var waiting: [Submission] = []
    /// Whether the writing thread is at work (guarded by `lock`).
    private var writing = false
    /// How many groups have been written (guarded by `lock`).
    private var groups = 0
    private let queue = DispatchQueue(label: "accord.group-commit")

    /// One caller's actions, which land together or not at all.
    private struct Submission {
        let actions: [Record.Request]
        let reply: CheckedContinuation<[Performed], any Error>
    }

    /// A group writer for the record whose git directory is `gitDirectory`.
    public init(gitDirectory: String) throws(AccordError) {
        record = try Record.open(at: gitDirectory, mode: .batch)
    }

    /// How many groups have been written so far: each one pack and one ref update.
    public var groupsWritten: Int { lock.withLock { groups } }

    /// Checks `action` against the record and records it as one commit, written with the
    /// actions submitted alongside it.
    /// - Returns: once the group that holds it is on disk.
    /// - Throws: `AccordError`, as `Record.perform` does; a refused action writes nothing and
    ///   does not affect the others in its group.
    /// - Parameter via: how the action came, recorded as `Accord-Via` (e.g. `web`), as `Record.perform` does.
    public func perform(_ action: Action, by actor: String?, at now: Date, via: String? = nil) async throws(AccordError) -> Performed {
        try await perform([action], by: actor, at: now, via: via)[0]
    }

    /// Checks `actions` in order, each on the record as the ones before it left it, and records
    /// each as its own commit, all in one group: they land together or, when one is refused, none
    /// of them does (a Word document's amendments).
    /// - Returns: one result per action, in order, once the group that holds them is on disk.
    /// - Throws: the refusal of the first action refused, as `Record.perform` throws it.
    public func perform(_ actions: [Action], by actor: String?, at now: Date, via: String? = nil) async throws(AccordError) -> [Performed] {
        guard !actions.isEmpty else { return [] }
        do {
            return try await withCheckedThrowingContinuation { reply in
                let start = lock.withLock {
                    waiting.append(Submission(actions: actions.map { ($0, actor, now, via) }, reply: reply))
                    defer { writing = true }
                    return !writing
                }
                if start { queue.async { self.writeGroups() } }
            }
        } catch let error as AccordError {
            throw error
        } catch {
            throw .store(GitError(.other, function: "group commit", message: "\(error)"))
        }
    }

    /// Writes groups until no action is waiting.
    private func writeGroups() {
        while true {
            let group: [Submission] = lock.withLock {
                let taken = waiting
                waiting = []
                if taken.isEmpty { writing = false }
                return taken
            }
            if group.isEmpty { return }
            let results = record.performGroup(group.map(\.actions))
            lock.withLock { groups += 1 }
            for (submission, result) in zip(group, results) { submission.reply.resume(with: result.mapError { $0 }) }
        }
    }
}

extension Record {
    /// An action with who performs it, when, and how it came (`Accord-Via`).
    typealias Request = (action: Action, actor: String?, now: Date, via: String?)

    /// Performs `actions` in order as one unit, each its own commit, on a record opened in batch
    /// mode, and writes them with one `flush()`: all of them land, or, when one is refused, none.
    /// - Returns: what each action did, in order.
    /// - Throws: the refusal of the first action refused; nothing is written then.
    public func performTogether(_ actions: [Action], by actor: String?, at now: Date, via: String? = nil) throws(AccordError) -> [Performed] {
        try performGroup([actions.map { ($0, actor, now, via) }])[0].get()
    }

    /// Performs each bundle of actions in order on a record opened in batch mode, then writes them
    /// all with one `flush()`; if another writer moved `main` meanwhile, starts again on its tip.
    /// - Returns: one result per bundle, in order.
    func performGroup(_ bundles: [[Request]]) -> [Result<[Performed], AccordError>] {
        // As `perform`: checked on the tip and written while no other Accord writer moves it.
        do {
            return try repository.asTheOnlyWriter { () -> [Result<[Performed], AccordError>] in performGroupRetrying(bundles) }.get()
        } catch {
            return bundles.map { _ in .failure(.store(error)) }
        }
    }

    private func performGroupRetrying(_ bundles: [[Request]]) -> [Result<[Performed], AccordError>] {
        var lastRace: GitError?
        // A bundle refused after some of its actions were performed is dropped, and the group is
        // planned again without it: a batch cannot take back one commit of its own.
        var dropped: [Int: AccordError] = [:]
        var races = 0
        while races < Self.attempts {
            var results: [Result<[Performed], AccordError>] = []
            planning: for (index, bundle) in bundles.enumerated() {
                if let refusal = dropped[index] {
                    results.append(.failure(refusal))
                    continue
                }
                var performed: [Performed] = []
                do throws(AccordError) {
                    for request in bundle { performed.append(try perform(request.action, by: request.actor, at: request.now, via: request.via)) }
                    results.append(.success(performed))
                } catch {
                    if !performed.isEmpty {
                        dropped[index] = error
                        break planning
                    }
                    results.append(.failure(error))
                }
            }
            guard results.count == bundles.count else {
                repository.abandonBatch()
                continue
            }
            do throws(GitError) {
                try repository.flush()
                return results
            } catch where error.kind == .raceLost {
                lastRace = error
                races += 1
                repository.abandonBatch()
            } catch {
                repository.abandonBatch()
                return results.map { $0.flatMap { _ in .failure(.store(error)) } }
            }
        }
        let failure = AccordError.store(lastRace ?? GitError(.raceLost, function: "group commit", message: "the record kept changing; try again"))
        return bundles.map { _ in .failure(failure) }
    }
}
