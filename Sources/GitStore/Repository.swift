import Foundation
internal import CLibGit2

/// A git repository holding an Accord record: the one owner of libgit2 pointers.
///
/// Every object goes first into an in-memory object store (libgit2's mempack) placed in front
/// of the repository's own, and reaches the disk as one pack written by libgit2's indexer, before
/// any ref points at it: at once for a single commit, at `flush()` for a batch. Refs then move
/// in one libgit2 transaction, by compare-and-swap. libgit2 fsyncs each file it writes.
///
/// Not thread-safe, like the libgit2 handle it wraps: use one instance per
/// thread or task. Several instances (in one process or many) may write the
/// same repository safely: every ref update is a compare-and-swap.
public final class Repository {
    /// When commits become visible.
    public enum WriteMode: Sendable, Equatable {
        /// Each commit is on disk, and its ref moved, before `commit` returns.
        case direct
        /// Commits are kept in memory and become visible together at `flush()`:
        /// one pack, then one ref transaction.
        case batch
    }

    /// The folder of the git directory (the repository itself when bare), with a final `/`.
    public let gitDirectory: String
    /// When this instance's commits become visible; fixed for its lifetime.
    public let mode: WriteMode

    let handle: OpaquePointer
    /// The in-memory object store every object is written to first (owned by the
    /// repository's object database, which frees it with the handle).
    private(set) var memory: OpaquePointer
    private var packsListed: Set<String> = [] // the packs in `objects/pack` at the last look (`forgetVanishedPacks`)
    /// The pack being built: every object written to memory for a commit or tag, until it is
    /// written to disk (see `addToPack`).
    var pack: OpaquePointer?
    /// Refs moved by commits written but not yet flushed, and the value each had before.
    var pendingRefs: [String: ObjectID] = [:]
    var refsBeforeBatch: [String: ObjectID?] = [:]
    /// The writers' lock while `asTheOnlyWriter` holds it (see `moveReferences`).
    var writerLock: WriterLock?
    /// The `git repack` this handle started, reaped at the next look (see `maintain()`).
    var maintenanceProcess: pid_t?
    /// The folders, `:`-separated, where maintenance looks for `git` (`PATH` by default); where
    /// none holds it, maintenance merges packs through libgit2 instead.
    public var executableSearchPath = getenv("PATH").map { String(cString: $0) } ?? ""

    /// Takes `handle`, as a libgit2 call that succeeded gave it.
    private init(handle: OpaquePointer?, mode: WriteMode) throws(GitError) {
        guard let handle else { throw GitError(.other, function: "git_repository_open_ext", message: "libgit2 gave no repository") }
        self.handle = handle
        self.mode = mode
        gitDirectory = String(cString: git_repository_path(handle))
        do { memory = try Self.attachObjectDatabase(to: handle, objects: gitDirectory + "objects") } catch {
            git_repository_free(handle)
            throw error
        }
    }

    /// Gives `handle` a new object database of `objects` with a mempack tried first (libgit2's own
    /// backends are 1 and 2): every write lands in memory, every read of a new object finds it.
    private static func attachObjectDatabase(to handle: OpaquePointer, objects: String) throws(GitError) -> OpaquePointer {
        var odb: OpaquePointer?, backend: OpaquePointer?
        defer { git_odb_free(odb) }
        try check(git_odb_open(&odb, objects), "git_odb_open")
        try check(git_mempack_new(&backend), "git_mempack_new")
        try check(git_odb_add_backend(odb, backend, 1_000), "git_odb_add_backend")
        try check(git_repository_set_odb(handle, odb), "git_repository_set_odb")
        guard let backend else { throw GitError(.other, function: "git_mempack_new", message: "no memory store") }
        return backend
    }

    /// Opens a new object database, between actions, once a pack is gone from `objects/pack`: libgit2
    /// 1.5 adds packs at each refresh but never drops vanished ones, so a long-lived handle kept
    /// every pack it had seen mapped and searched (4,742 deleted packs mapped after 6,000 commits).
    public func forgetVanishedPacks() {
        guard pack == nil, pendingRefs.isEmpty else { return }
        let listed = Set(((try? FileManager.default.contentsOfDirectory(atPath: gitPath("objects/pack"))) ?? []).filter { $0.hasSuffix(".pack") })
        defer { packsListed = listed }
        guard !packsListed.isSubset(of: listed), let fresh = try? Self.attachObjectDatabase(to: handle, objects: gitPath("objects")) else { return }
        memory = fresh
    }

    deinit {
        reapMaintenance(waiting: false)
        git_packbuilder_free(pack)
        git_repository_free(handle)
    }

    /// `relative` inside the git directory.
    func gitPath(_ relative: String) -> String { gitDirectory + relative }

    /// The branch a new repository's `HEAD` names, so that plain `git log`
    /// works in the record (libgit2 would otherwise name `master`).
    public static let defaultBranch = "refs/heads/main"

    /// Creates a new repository at `path` (bare by default, as Accord's record is),
    /// with `HEAD` naming `refs/heads/main`; missing parent folders are created.
    ///
    /// Refuses a folder that already holds a repository, so that an existing
    /// record is never mixed with a new one.
    /// - Throws: `.alreadyExists` for an existing repository, `.notWritable`
    ///   when the folder (or the nearest existing one above it) cannot be written.
    public static func create(at path: String, bare: Bool = true, mode: WriteMode = .direct) throws(GitError) -> Repository {
        _ = LibGit2.ready
        if git_repository_open_ext(nil, path, UInt32(GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue), nil) == 0 {
            throw GitError(.alreadyExists, code: GIT_EEXISTS.rawValue, function: "create", message: "‘\(path)’ already holds a git repository")
        }
        // The folder the repository's folders would be made in: `path` itself or the closest one above it that exists.
        var folder = URL(fileURLWithPath: path).standardizedFileURL
        while !FileManager.default.fileExists(atPath: folder.path) { folder.deleteLastPathComponent() } // ends at `/` at the latest
        if access(folder.path, W_OK) != 0 {
            throw GitError(.notWritable, function: "create", message: "cannot create a repository in ‘\(path)’: ‘\(folder.path)’ is not writable")
        }
        var options = git_repository_init_options()
        try check(git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)), "git_repository_init_options_init")
        options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue | GIT_REPOSITORY_INIT_NO_REINIT.rawValue
        if bare { options.flags |= GIT_REPOSITORY_INIT_BARE.rawValue }
        var raw: OpaquePointer?
        try check(defaultBranch.withCString { options.initial_head = $0; return git_repository_init_ext(&raw, path, &options) }, "git_repository_init_ext")
        return try Repository(handle: raw, mode: mode)
    }

    /// Opens the repository at `path`, or, with `searchParents`, the nearest
    /// one in `path` or a folder above it (as `git` finds its repository).
    public static func open(at path: String, searchParents: Bool = false, mode: WriteMode = .direct) throws(GitError) -> Repository {
        _ = LibGit2.ready
        var raw: OpaquePointer?
        let flags = searchParents ? 0 : UInt32(GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue)
        let code = git_repository_open_ext(&raw, path, flags, nil)
        if code == GIT_ENOTFOUND.rawValue {
            throw GitError(.notARepository, code: code, function: "git_repository_open_ext",
                           message: "‘\(path)’ is not a git repository\(searchParents ? " (nor is any folder above it)" : "")")
        }
        try check(code, "git_repository_open_ext")
        let repository = try Repository(handle: raw, mode: mode)
        guard access(repository.gitDirectory, W_OK) == 0 else {
            throw GitError(.notWritable, function: "open", message: "the repository ‘\(repository.gitDirectory)’ is not writable by this user")
        }
        return repository
    }

    /// A value of git's configuration as seen from this repository (its own
    /// config, then the user's and the system's), e.g. `user.email`; nil when unset.
    public func configValue(_ key: String) -> String? {
        var config: OpaquePointer?
        guard git_repository_config_snapshot(&config, handle) == 0 else { return nil }
        defer { git_config_free(config) }
        var value: UnsafePointer<CChar>?
        guard git_config_get_string(&value, config, key) == 0, let value else { return nil }
        return String(cString: value)
    }

    // MARK: Revisions

    /// The commit a revision names: a branch (`main`), a full ref, a tag, an
    /// expression such as `HEAD~3` or `main^`, or an id, full or abbreviated.
    public func resolve(_ revision: String) throws(GitError) -> ObjectID {
        if let pending = pendingRefs[revision] ?? pendingRefs["refs/heads/" + revision] { return pending }
        var object: OpaquePointer?
        let code = git_revparse_single(&object, handle, revision)
        if code == GIT_ENOTFOUND.rawValue || code == GIT_EINVALIDSPEC.rawValue || code == GIT_EAMBIGUOUS.rawValue {
            let why = code == GIT_EAMBIGUOUS.rawValue ? "is ambiguous" : "names no version in this record"
            throw GitError(.notFound, code: code, function: "git_revparse_single", message: "the revision ‘\(revision)’ \(why)")
        }
        try check(code, "git_revparse_single")
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        let peeled = git_object_peel(&commit, object, GIT_OBJECT_COMMIT)
        if peeled < 0 {
            throw GitError(.notFound, code: peeled, function: "git_object_peel",
                           message: "the revision ‘\(revision)’ names a file or folder, not a version of the record")
        }
        defer { git_object_free(commit) }
        return ObjectID(git_object_id(commit).pointee)
    }

    /// The object a ref points at (a commit, or for an annotated tag the tag object), or nil
    /// when the ref does not exist. A batch's refs are seen as it has moved them.
    public func reference(_ name: String) throws(GitError) -> ObjectID? {
        if let pending = pendingRefs[name] { return pending }
        return try referenceOnDisk(name)
    }

    /// The ref as the repository holds it, read afresh.
    func referenceOnDisk(_ name: String) throws(GitError) -> ObjectID? {
        var oid = git_oid()
        let code = git_reference_name_to_id(&oid, handle, name)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "git_reference_name_to_id")
        return ObjectID(oid)
    }

    /// The names of the refs that start with `prefix` (e.g. `refs/tags/`), sorted.
    public func references(withPrefix prefix: String) throws(GitError) -> [String] {
        var array = git_strarray()
        try check(git_reference_list(&array, handle), "git_reference_list")
        defer { git_strarray_dispose(&array) }
        let names = (0..<array.count).compactMap { array.strings[$0].map { String(cString: $0) } } + pendingRefs.keys
        return Set(names.filter { $0.hasPrefix(prefix) }).sorted()
    }

    // MARK: Reading files

    /// What a folder entry is.
    public enum EntryKind: Sendable, Equatable { case file, folder }

    /// One entry of a folder in a commit.
    public struct Entry: Sendable, Equatable {
        /// The entry's name inside its folder (no slashes).
        public let name: String
        /// Whether the entry is a file or a folder.
        public let kind: EntryKind
        /// The blob or tree id: equal ids mean equal contents, which makes ids good cache keys.
        public let id: ObjectID
    }

    /// The bytes of the file at `path` in `commit`.
    public func file(_ path: String, at commit: ObjectID) throws(GitError) -> [UInt8] {
        guard let bytes = try fileIfPresent(path, at: commit) else {
            throw GitError(.notFound, function: "file", message: "there is no file ‘\(path)’ in version \(commit.short)")
        }
        return bytes
    }

    /// The bytes of the file at `path` in `commit`, or nil when there is none.
    public func fileIfPresent(_ path: String, at commit: ObjectID) throws(GitError) -> [UInt8]? {
        guard let entry = try entry(path, at: commit), entry.kind == .file else { return nil }
        return try blob(entry.id)
    }

    /// The entry at `path` in `commit` (a file or a folder, with its id), or nil when there is none.
    ///
    /// Ids name contents: a caller that has already read an id need not read it again.
    public func entry(_ path: String, at commit: ObjectID) throws(GitError) -> Entry? {
        try RecordPath.validate(path)
        let tree = try rootTree(of: commit)
        defer { git_tree_free(tree) }
        return try entry(path, in: tree)
    }

    /// The entry at `path` below `tree`, or nil when a part of the path is missing or a file.
    func entry(_ path: String, in tree: OpaquePointer?) throws(GitError) -> Entry? {
        guard let tree else { return nil }
        var found: OpaquePointer?
        let code = git_tree_entry_bypath(&found, tree, path)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "git_tree_entry_bypath")
        defer { git_tree_entry_free(found) }
        return Entry(found)
    }

    /// The bytes of the blob with this id.
    public func blob(_ id: ObjectID) throws(GitError) -> [UInt8] {
        let blob = try lookUp(id, GIT_OBJECT_BLOB)
        defer { git_object_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let content = git_blob_rawcontent(blob) else { return [] }
        return Array(UnsafeRawBufferPointer(start: content, count: size))
    }

    /// The entries of the folder at `path` in `commit` (`""` for the top), in
    /// git's order; an empty list when the folder does not exist.
    public func list(_ path: String, at commit: ObjectID) throws(GitError) -> [Entry] {
        if path.isEmpty { return try list(tree: treeID(of: commit)) }
        guard let entry = try entry(path, at: commit), entry.kind == .folder else { return [] }
        return try list(tree: entry.id)
    }

    /// The entries of the folder with this tree id, in git's order.
    public func list(tree id: ObjectID) throws(GitError) -> [Entry] {
        let tree = try lookUp(id, GIT_OBJECT_TREE)
        defer { git_object_free(tree) }
        return (0..<git_tree_entrycount(tree)).map { Entry(git_tree_entry_byindex(tree, $0)) }
    }

    /// The top folder of `commit`, for the caller to free; nil without a commit (an empty record).
    func rootTree(of commit: ObjectID?) throws(GitError) -> OpaquePointer? {
        guard let commit else { return nil }
        let object = try lookUp(commit, GIT_OBJECT_COMMIT)
        defer { git_commit_free(object) }
        var tree: OpaquePointer?
        try check(git_commit_tree(&tree, object), "git_commit_tree")
        return tree
    }

    /// The object with this id, of this type (a commit, tree, blob or tag), for the caller to free.
    func lookUp(_ id: ObjectID, _ type: git_object_t) throws(GitError) -> OpaquePointer? {
        var oid = id.raw
        var object: OpaquePointer?
        try check(lookingAgainOnMiss { git_object_lookup(&object, handle, &oid, type) }, "git_object_lookup", object: id)
        return object
    }

    /// Runs a lookup, and while it misses again (three times, 10–40 ms apart) with the packs listed
    /// afresh: a `git repack` elsewhere may be replacing the object's pack, and libgit2's own single
    /// second look failed under load (ProcessTests: a writer missed a commit just put on main).
    func lookingAgainOnMiss(_ lookup: () -> Int32) -> Int32 {
        var code = lookup()
        for attempt in 0..<3 where code == GIT_ENOTFOUND.rawValue {
            usleep(10_000 << attempt)
            var odb: OpaquePointer?
            if git_repository_odb(&odb, handle) == 0 { git_odb_refresh(odb) }
            git_odb_free(odb)
            code = lookup()
        }
        return code
    }

    /// The id of the root tree of `commit`.
    public func treeID(of commit: ObjectID) throws(GitError) -> ObjectID {
        let object = try lookUp(commit, GIT_OBJECT_COMMIT)
        defer { git_commit_free(object) }
        return ObjectID(git_commit_tree_id(object).pointee)
    }
}

extension Repository.Entry {
    /// Copies a libgit2 tree entry out.
    init(_ entry: OpaquePointer?) {
        self.init(name: String(cString: git_tree_entry_name(entry)), kind: git_tree_entry_filemode(entry) == GIT_FILEMODE_TREE ? .folder : .file,
                  id: ObjectID(git_tree_entry_id(entry).pointee))
    }
}
