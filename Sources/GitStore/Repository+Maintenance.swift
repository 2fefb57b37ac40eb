import Foundation
internal import CLibGit2

extension Repository {
    /// Packs beyond which maintenance merges them: every single commit and every batch adds one.
    public static let packLimit = 16
    /// Loose objects (git's estimate) beyond which maintenance packs them. Accord writes none,
    /// but git and other tools sharing the record may.
    public static let looseObjectLimit = 1_000

    /// Whether the record holds more packs or loose objects than maintenance lets pile up.
    ///
    /// Cheap: one folder of packs and one of git's 256 folders of loose objects are listed.
    public var needsMaintenance: Bool {
        let packs = (try? FileManager.default.contentsOfDirectory(atPath: gitPath("objects/pack"))) ?? []
        let loose = (try? FileManager.default.contentsOfDirectory(atPath: gitPath("objects/17"))) ?? []
        return packs.count(where: { $0.hasSuffix(".pack") }) > Self.packLimit || loose.count * 256 > Self.looseObjectLimit
    }

    /// Keeps the record compact without anyone running `git gc`: when `needsMaintenance`, starts
    /// `git repack -d --geometric=2` in a process of its own and returns at once.
    ///
    /// A geometric repack merges the small packs (and any loose objects) into one, leaving the
    /// large ones alone, so that each object is rewritten a logarithmic number of times; git
    /// writes the new pack to disk before it removes those it replaces. One runs at a time: the
    /// process holds an `flock` on `accord/maintenance.lock`, which the kernel releases when it
    /// ends. Where no `git` is found (see `executableSearchPath`), the same packs are merged at
    /// once through libgit2 (`mergePacksWithoutGit`); loose objects then stay until git runs.
    /// - Returns: whether packs were merged or a repack was started.
    @discardableResult
    public func maintain() -> Bool {
        reapMaintenance(waiting: false)
        removeAbandonedPacks()
        guard needsMaintenance else { return false }
        guard let git = gitExecutable else { return (try? mergePacksWithoutGit(waitingForLock: false)) ?? false }
        return startRepack(git) != nil
    }

    /// Removes what writers that were killed while writing a pack left in `accord/incoming`
    /// (see `writeIntoPlace`): files untouched for ten minutes, long after any writer has moved them.
    private func removeAbandonedPacks() {
        let incoming = gitPath("accord/incoming/")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: incoming)) ?? [] {
            let modified = (try? FileManager.default.attributesOfItem(atPath: incoming + name))?[.modificationDate] as? Date
            if let modified, modified.timeIntervalSinceNow < -600 { unlink(incoming + name) }
        }
    }

    /// Runs the same repack (or merge through libgit2) and waits for it (for tests, benchmarks
    /// and a record left idle).
    /// - Throws: when git cannot be started or reports a failure, or libgit2 fails to merge.
    public func maintainNow() throws(GitError) {
        reapMaintenance(waiting: true)
        guard let git = gitExecutable else { _ = try mergePacksWithoutGit(waitingForLock: true); return }
        guard let pid = startRepack(git, waitingForLock: true) else {
            throw GitError(.other, function: "git repack", message: "git could not be started to pack the record")
        }
        maintenanceProcess = nil
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        guard status == 0 else {
            throw GitError(.other, function: "git repack", message: "git repack failed (status \(status)) in ‘\(gitDirectory)’")
        }
    }

    /// The `git` executable in the first folder of `executableSearchPath` that holds one.
    var gitExecutable: String? { executableSearchPath.split(separator: ":").lazy.map { String($0) + "/git" }.first { access($0, X_OK) == 0 } }

    /// Takes the maintenance lock, open for the caller to close (which releases it); nil when
    /// another holds it and `waiting` is false. Not closed on exec: a repack started with it
    /// inherits the lock and holds it until it ends.
    private func takeMaintenanceLock(waiting: Bool) -> Int32? {
        try? FileManager.default.createDirectory(atPath: gitPath("accord"), withIntermediateDirectories: true)
        let lock = Foundation.open(gitPath("accord/maintenance.lock"), O_RDWR | O_CREAT, 0o644)
        guard lock >= 0, flock(lock, waiting ? LOCK_EX : LOCK_EX | LOCK_NB) == 0 else {
            close(lock)
            return nil
        }
        return lock
    }

    /// Starts the repack holding the maintenance lock; nil when another holds it or git fails to start.
    private func startRepack(_ git: String, waitingForLock: Bool = false) -> pid_t? {
        guard let lock = takeMaintenanceLock(waiting: waitingForLock) else { return nil }
        defer { close(lock) }
        let arguments = ["git", "--git-dir=" + gitDirectory, "repack", "-d", "-q", "--geometric=2", "--no-write-bitmap-index"]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd in Int32(0)...2 { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group: a Ctrl-C meant for the command that started it does not stop it.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        var pid: pid_t = 0
        let cArguments = arguments.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        guard posix_spawn(&pid, git, &actions, &attributes, cArguments, environ) == 0 else { return nil }
        maintenanceProcess = pid
        return pid
    }

    /// Merges the packs that `git repack --geometric=2` would merge, through libgit2's pack
    /// builder, for a record where git is absent.
    ///
    /// Every object of those packs, reachable or not (as git keeps them), goes into one new pack,
    /// which is written and moved into `objects/pack` as a commit's pack is (`writeIntoPlace`).
    /// Only then is each old pack removed, and only when the new one holds every object it held.
    /// A reader that listed the old packs looks again on a miss (`lookingAgainOnMiss`).
    /// - Returns: whether packs were merged (false: too few to merge, or another holds the lock).
    @discardableResult
    func mergePacksWithoutGit(waitingForLock: Bool) throws(GitError) -> Bool {
        guard let lock = takeMaintenanceLock(waiting: waitingForLock) else { return false }
        defer { close(lock) }
        let folder = gitPath("objects/pack/")
        let packs = Self.packsToMerge(in: folder)
        guard packs.count > 1 else { return false }
        var builder: OpaquePointer?
        try check(git_packbuilder_new(&builder, handle), "git_packbuilder_new")
        defer { git_packbuilder_free(builder) }
        var contents: [[git_oid]] = []
        for pack in packs {
            var ids = try objectIDs(inPackIndexedAt: folder + pack + ".idx")
            for index in ids.indices { try check(git_packbuilder_insert(builder, &ids[index], nil), "git_packbuilder_insert") }
            contents.append(ids)
        }
        guard let builder else { return false }
        let merged = try writeIntoPlace(builder)
        let kept = Set(try objectIDs(inPackIndexedAt: folder + merged + ".idx").map(ObjectID.init))
        for (pack, ids) in zip(packs, contents) where pack != merged && ids.allSatisfy({ kept.contains(ObjectID($0)) }) {
            // The index first, as git removes a pack: no reader lists a pack whose file is gone.
            for suffix in [".idx", ".pack", ".rev", ".bitmap"] { unlink(folder + pack + suffix) }
        }
        return true
    }

    /// The names (without suffix) of the packs in `folder` that a geometric repack with factor 2
    /// merges, as git chooses them: sorted by size, the smallest ones, until every pack left
    /// weighs at least twice the one below it and twice all that are merged. Kept packs stay.
    static func packsToMerge(in folder: String) -> [String] {
        let names = Set((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
        let packs = names.filter { $0.hasSuffix(".pack") }.map { String($0.dropLast(5)) }
            .filter { !names.contains($0 + ".keep") && names.contains($0 + ".idx") }
            .map { name in (name: name, size: ((try? FileManager.default.attributesOfItem(atPath: folder + name + ".pack"))?[.size] as? Int) ?? 0) }
            .sorted { $0.size < $1.size }
        guard packs.count > 1 else { return [] }
        var split = packs.count - 1
        while split > 0, packs[split].size >= 2 * packs[split - 1].size { split -= 1 }
        if split > 0 { split += 1 }
        var total = packs[..<split].reduce(0) { $0 + $1.size }
        while split < packs.count, packs[split].size < 2 * total {
            total += packs[split].size
            split += 1
        }
        return packs[..<split].map(\.name)
    }

    /// The ids of the objects in one pack, as libgit2 lists them from its index.
    private func objectIDs(inPackIndexedAt index: String) throws(GitError) -> [git_oid] {
        var odb: OpaquePointer?, backend: OpaquePointer?, ids: [git_oid] = []
        defer { git_odb_free(odb) }
        var code = git_odb_new(&odb)
        if code == 0 { code = git_odb_backend_one_pack(&backend, index) }
        if code == 0 { code = git_odb_add_backend(odb, backend, 1) }
        if code == 0 {
            code = withUnsafeMutablePointer(to: &ids) { list in
                git_odb_foreach(odb, { id, list in
                    if let id { list?.assumingMemoryBound(to: [git_oid].self).pointee.append(id.pointee) }
                    return 0
                }, list)
            }
        }
        try check(code, "listing the objects of \(index)")
        return ids
    }

    /// Collects the repack this handle started once it has ended, so that no finished process
    /// lingers in a long-lived one; a short-lived one may exit first (the system collects it then).
    func reapMaintenance(waiting: Bool) {
        guard let pid = maintenanceProcess else { return }
        var status: Int32 = 0
        if waitpid(pid, &status, waiting ? 0 : WNOHANG) != 0 { maintenanceProcess = nil }
    }
}
