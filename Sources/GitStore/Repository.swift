import Foundation
internal import CLibGit2

/// A git repository holding an Accord record: the one owner of libgit2 pointers.
///
/// Not thread-safe, like the libgit2 handle it wraps: use one instance per
/// thread or task. Several instances (in one process or many) may write the
/// same repository safely: every ref update is a compare-and-swap.
public final class Repository {
    /// How writes reach the disk.
    public enum WriteMode: Sendable, Equatable {
        /// Each commit moves its ref at once. When `durable`, the objects are on
        /// disk before the ref moves, and the ref is on disk before `commit` returns.
        case direct(durable: Bool)
        /// Commits are kept in memory and become visible together at `flush()`,
        /// written as one pack, durably, with each ref moved last.
        case batch
    }

    /// The folder of the git directory (the repository itself when bare).
    public let gitDirectory: String
    /// Whether the repository has no work tree.
    public let isBare: Bool
    /// How this instance's writes reach the disk; fixed for its lifetime,
    /// because batch mode changes where objects are written.
    public let mode: WriteMode

    let handle: OpaquePointer
    /// Batch mode: the in-memory store that takes every object written, in front
    /// of the on-disk one (owned by the repository's object database, which frees it).
    var batchStore: UnsafeMutablePointer<accord_batch_backend>?
    /// The reader over the on-disk object database (see `installObjectStore`), owned likewise.
    var reader: UnsafeMutablePointer<git_odb_backend>?
    /// The backend that takes the objects of a commit's files and folders: the batch store,
    /// or the loose objects (see `installObjectStore`), owned likewise.
    var objectWriter: UnsafeMutablePointer<git_odb_backend>?
    /// The backends that hold objects, in the order reads try them: memory, then disk. Set
    /// once with the object store, for `readUncached` and `hasObject` run on every folder a
    /// commit reads or writes.
    var objectBackends: [UnsafeMutablePointer<git_odb_backend>] = []
    /// Where files this repository would remove are put aside, and new ones taken from
    /// (see "Spare files" in the shim): owned here, freed after the handle.
    let spares: UnsafeMutablePointer<accord_spares>
    /// The SHA-1 context that object ids are computed in (see the shim), made at the first
    /// write: fetching OpenSSL's digest costs 2–3 ms, which a command that only reads never pays.
    private var sha1: OpaquePointer?
    /// Whether git would start a reflog for a ref this repository moves (`core.logAllRefUpdates`;
    /// unset, true only with a work tree). Such refs are moved by libgit2, which keeps reflogs.
    lazy var logsRefUpdates: Bool = {
        if configValue("core.logAllRefUpdates")?.lowercased() == "always" { return true }
        return configFlag("core.logAllRefUpdates") ?? !isBare
    }()
    /// The count of loose objects written by this handle at which `maintain()` next looks
    /// how many the record holds.
    var nextLooseLook = 0
    /// The last commit this handle wrote, with its root tree.
    var lastCommitWritten: (commit: ObjectID, tree: ObjectID)?
    /// Folders read or written lately (see `FolderCache`).
    var recentFolders = FolderCache()
    /// Batch mode: refs moved by this batch, and the value each had when first moved.
    var pendingRefs: [String: ObjectID] = [:]
    var refsAtBatchStart: [String: ObjectID?] = [:]
    /// Batch mode: each folder and file the batch's commits replaced, with its
    /// replacement, noted as each commit is written, so that the flush can store
    /// each version as a delta of the next without walking the commits again.
    var versionPairs: [(older: RawObjectID, newer: RawObjectID)] = []

    private init(handle: OpaquePointer, mode: WriteMode) throws(GitError) {
        self.handle = handle
        self.mode = mode
        self.gitDirectory = String(cString: git_repository_path(handle))
        self.isBare = git_repository_is_bare(handle) == 1
        guard let spares = accord_spares_new(Self.path(gitDirectory, "accord/spares")) else {
            git_repository_free(handle)
            throw GitError(.other, function: "accord_spares_new", message: "out of memory")
        }
        self.spares = spares
        // Every stored property is set: if this throws, `deinit` runs and frees
        // the handle (freeing it here too would free it twice).
        try installObjectStore()
    }

    deinit {
        git_repository_free(handle)
        accord_spares_free(spares)
        if let sha1 { accord_sha1_free(sha1) }
    }

    /// `relative` inside the git directory.
    func gitPath(_ relative: String) -> String { Self.path(gitDirectory, relative) }

    /// `relative` inside `folder` (libgit2 gives the git directory with a final `/`, the caller may not).
    static func path(_ folder: String, _ relative: String) -> String {
        folder.hasSuffix("/") ? folder + relative : folder + "/" + relative
    }

    /// The repository's SHA-1 context (see `sha1`).
    func hasher() throws(GitError) -> OpaquePointer {
        if let sha1 { return sha1 }
        let made = try Self.newSHA1()
        sha1 = made
        return made
    }

    /// A new SHA-1 context (see the shim), for the caller to free with `accord_sha1_free`.
    static func newSHA1() throws(GitError) -> OpaquePointer {
        guard let made = accord_sha1_new() else {
            throw GitError(.other, function: "accord_sha1_new", message: "OpenSSL offers no SHA-1")
        }
        return made
    }

    /// Starts libgit2's one-time setup on another thread and returns at once.
    ///
    /// The setup takes about 9 ms, most of it parsing the system's TLS certificates, which
    /// Accord never uses. A short-lived process calls this first, so that the setup overlaps
    /// with parsing its arguments and reading its files; the first repository it opens waits
    /// only for what is left of the setup.
    public static func prepareInBackground() {
        Thread.detachNewThread { _ = LibGit2.ready }
    }

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
    public static func create(at path: String, bare: Bool = true, mode: WriteMode = .direct(durable: true)) throws(GitError) -> Repository {
        _ = LibGit2.ready
        if git_repository_open_ext(nil, path, UInt32(GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue), nil) == 0 {
            throw GitError(.alreadyExists, code: GIT_EEXISTS.rawValue, function: "create",
                           message: "‘\(path)’ already holds a git repository")
        }
        if let folder = nearestExistingFolder(path), access(folder, W_OK) != 0 {
            throw GitError(.notWritable, function: "create",
                           message: "cannot create a repository in ‘\(path)’: ‘\(folder)’ is not writable")
        }
        var options = git_repository_init_options()
        try check(git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)),
                  "git_repository_init_options_init")
        options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue | GIT_REPOSITORY_INIT_NO_REINIT.rawValue
        if bare { options.flags |= GIT_REPOSITORY_INIT_BARE.rawValue }
        var raw: OpaquePointer?
        let code = defaultBranch.withCString { head in
            options.initial_head = head
            return git_repository_init_ext(&raw, path, &options)
        }
        try check(code, "git_repository_init_ext")
        guard let raw else { throw GitError(.other, function: "git_repository_init_ext", message: "no repository") }
        return try Repository(handle: raw, mode: mode)
    }

    /// `path` itself or the closest folder above it that exists, which is
    /// where a new repository's folders would be made.
    private static func nearestExistingFolder(_ path: String) -> String? {
        var url = URL(fileURLWithPath: path).standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: url.path) { return url.path }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return nil }
            url = parent
        }
    }

    /// Opens the repository at `path`, or, with `searchParents`, the nearest
    /// one in `path` or a folder above it (as `git` finds its repository).
    public static func open(at path: String, searchParents: Bool = false, mode: WriteMode = .direct(durable: true)) throws(GitError) -> Repository {
        _ = LibGit2.ready
        var raw: OpaquePointer?
        let flags = searchParents ? 0 : UInt32(GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue)
        let code = git_repository_open_ext(&raw, path, flags, nil)
        if code == GIT_ENOTFOUND.rawValue {
            throw GitError(.notARepository, code: code, function: "git_repository_open_ext",
                           message: "‘\(path)’ is not a git repository\(searchParents ? " (nor is any folder above it)" : "")")
        }
        try check(code, "git_repository_open_ext")
        guard let raw else { throw GitError(.other, function: "git_repository_open_ext", message: "no repository") }
        let repository = try Repository(handle: raw, mode: mode)
        guard access(repository.gitDirectory, W_OK) == 0 else {
            throw GitError(.notWritable, function: "open",
                           message: "the repository ‘\(repository.gitDirectory)’ is not writable by this user")
        }
        return repository
    }

    // MARK: Revisions

    /// The commit a revision names: a branch (`main`), a full ref, a tag, an
    /// expression such as `HEAD~3` or `main^`, or an id, full or abbreviated.
    public func resolve(_ revision: String) throws(GitError) -> ObjectID {
        if let pending = pendingRefs[revision] ?? pendingRefs["refs/heads/" + revision] {
            return pending
        }
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

    /// The object a ref points at (a commit, or for an annotated tag the tag object), or nil when the ref does not exist.
    public func reference(_ name: String) throws(GitError) -> ObjectID? {
        if let pending = pendingRefs[name] { return pending }
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
        var names = Set<String>()
        for index in 0..<array.count {
            if let name = array.strings[index] {
                let text = String(cString: name)
                if text.hasPrefix(prefix) { names.insert(text) }
            }
        }
        names.formUnion(pendingRefs.keys.filter { $0.hasPrefix(prefix) })
        return names.sorted()
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
        guard let found = try lookUp(path, at: commit), found.mode & 0o170000 == 0o100000 else { return nil }
        return try blob(found.id.oid)
    }

    /// The entry at `path` in `commit` (a file or a folder, with its id), or nil when there is none.
    ///
    /// Ids name contents: a caller that has already read an id need not read it again.
    public func entry(_ path: String, at commit: ObjectID) throws(GitError) -> Entry? {
        guard let found = try lookUp(path, at: commit) else { return nil }
        return Entry(name: String(path[(path.lastIndex(of: "/").map(path.index(after:)) ?? path.startIndex)...]),
                     kind: TreeEntry.isFolder(found.mode) ? .folder : .file, id: ObjectID(found.id.oid))
    }

    /// The mode and id at `path` in `commit`, found folder by folder through `folder(_:)`, so
    /// that the folders read lately are not read again; nil when a part of the path is missing
    /// or a file.
    private func lookUp(_ path: String, at commit: ObjectID) throws(GitError) -> (mode: UInt32, id: RawObjectID)? {
        try RecordPath.validate(path)
        var found: (mode: UInt32, id: RawObjectID) = (TreeEntry.folderMode, RawObjectID(try treeID(of: commit).raw))
        for part in path.utf8.split(separator: UInt8(ascii: "/")) {
            guard TreeEntry.isFolder(found.mode), let folder = try folder(found.id) else { return nil }
            var match: (mode: UInt32, id: RawObjectID)?
            let wellFormed = folder.withUnsafeBytes { bytes in
                Self.forEachEntry(in: bytes) { mode, name, id in
                    if name.elementsEqual(part) { match = (mode, id) }
                    return match == nil
                }
            }
            guard wellFormed else { throw GitError(.other, function: "entry", message: "the folder \(found.id.objectID.short) is damaged") }
            guard let match else { return nil }
            found = match
        }
        return found
    }

    /// The bytes of the blob with this id.
    public func blob(_ id: ObjectID) throws(GitError) -> [UInt8] {
        try blob(id.raw)
    }

    func blob(_ oid: git_oid) throws(GitError) -> [UInt8] {
        var oid = oid
        var blob: OpaquePointer?
        try check(git_blob_lookup(&blob, handle, &oid), "git_blob_lookup")
        defer { git_blob_free(blob) }
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

    /// The entries of the folder with this tree id.
    /// Read from the folders read or written lately when it is one of them (see `FolderCache`).
    public func list(tree id: ObjectID) throws(GitError) -> [Entry] {
        let folder = try storedForm(ofFolder: id)
        var result: [Entry] = []
        let wellFormed = folder.withUnsafeBytes { bytes in
            Self.forEachEntry(in: bytes) { mode, name, id in
                result.append(Entry(name: String(decoding: name, as: UTF8.self), kind: TreeEntry.isFolder(mode) ? .folder : .file,
                                    id: ObjectID(id.oid)))
                return true
            }
        }
        guard wellFormed else { throw GitError(.other, function: "list(tree:)", message: "the folder \(id.short) is damaged") }
        return result
    }

    /// The top folder of `commit`, for the caller to free; nil without a commit (an empty record).
    func rootTree(of commit: ObjectID?) throws(GitError) -> OpaquePointer? {
        guard let commit else { return nil }
        var oid = commit.raw
        var object: OpaquePointer?
        try check(git_commit_lookup(&object, handle, &oid), "git_commit_lookup")
        defer { git_commit_free(object) }
        var tree: OpaquePointer?
        try check(git_commit_tree(&tree, object), "git_commit_tree")
        return tree
    }

    /// The id of the root tree of `commit`.
    public func treeID(of commit: ObjectID) throws(GitError) -> ObjectID {
        // The next commit's parent is mostly the last one written here, not read back.
        if let last = lastCommitWritten, last.commit == commit { return last.tree }
        var oid = commit.raw
        var object: OpaquePointer?
        try check(git_commit_lookup(&object, handle, &oid), "git_commit_lookup")
        defer { git_commit_free(object) }
        return ObjectID(git_commit_tree_id(object).pointee)
    }
}
