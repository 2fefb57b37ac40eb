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
    /// ends. Where git cannot be started the record stays correct, only larger.
    /// - Returns: whether a repack was started.
    @discardableResult
    public func maintain() -> Bool {
        reapMaintenance(waiting: false)
        removeAbandonedPacks()
        guard needsMaintenance else { return false }
        return startRepack() != nil
    }

    /// Removes what writers that were killed while writing a pack left in `accord/incoming`
    /// (see `writePack`): files untouched for ten minutes, long after any writer has moved them.
    private func removeAbandonedPacks() {
        let incoming = gitPath("accord/incoming/")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: incoming), !names.isEmpty else { return }
        for name in names {
            let modified = (try? FileManager.default.attributesOfItem(atPath: incoming + name))?[.modificationDate] as? Date
            if let modified, modified.timeIntervalSinceNow < -600 { unlink(incoming + name) }
        }
    }

    /// Runs the same repack and waits for it (for tests, benchmarks and a record left idle).
    /// - Throws: when git cannot be started or reports a failure.
    public func maintainNow() throws(GitError) {
        reapMaintenance(waiting: true)
        guard let pid = startRepack(waitingForLock: true) else {
            throw GitError(.other, function: "git repack", message: "git could not be started to pack the record")
        }
        maintenanceProcess = nil
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        guard status == 0 else {
            throw GitError(.other, function: "git repack", message: "git repack failed (status \(status)) in ‘\(gitDirectory)’")
        }
    }

    /// Starts the repack holding the maintenance lock; nil when another holds it or git is absent.
    private func startRepack(waitingForLock: Bool = false) -> pid_t? {
        let lockPath = gitPath("accord/maintenance.lock")
        try? FileManager.default.createDirectory(atPath: gitPath("accord"), withIntermediateDirectories: true)
        // Not closed on exec: the repack inherits the lock and holds it until it ends.
        let lock = Foundation.open(lockPath, O_RDWR | O_CREAT, 0o644)
        guard lock >= 0 else { return nil }
        defer { close(lock) }
        guard flock(lock, waitingForLock ? LOCK_EX : LOCK_EX | LOCK_NB) == 0 else { return nil }
        let arguments = ["git", "--git-dir=" + gitDirectory, "repack", "-d", "-q", "--geometric=2", "--no-write-bitmap-index"]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor in 0...2 {
            posix_spawn_file_actions_addopen(&actions, Int32(descriptor), "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group: a Ctrl-C meant for the command that started it does not stop it.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        var pid: pid_t = 0
        let cArguments = arguments.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        guard posix_spawnp(&pid, "git", &actions, &attributes, cArguments, environ) == 0 else { return nil }
        maintenanceProcess = pid
        return pid
    }

    /// Collects the repack this handle started once it has ended, so that no finished process
    /// lingers in a long-lived one; a short-lived one may exit first (the system collects it then).
    func reapMaintenance(waiting: Bool) {
        guard let pid = maintenanceProcess else { return }
        var status: Int32 = 0
        if waitpid(pid, &status, waiting ? 0 : WNOHANG) != 0 { maintenanceProcess = nil }
    }
}
