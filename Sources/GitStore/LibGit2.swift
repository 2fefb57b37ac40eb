internal import CLibGit2

/// libgit2's process-wide setup, run once before the first repository is touched.
///
/// libgit2's integrity checks keep their defaults: every object a tree, commit or ref points
/// at must exist (strict object creation), and every object read is hashed again (strict hash
/// verification), so that a damaged file is reported by the read that meets it.
enum LibGit2 {
    /// `git_libgit2_init()` must precede every other call; a `static let` runs
    /// its initialiser exactly once, lazily and thread-safely, on the thread that
    /// first needs it (never on a thread of its own, which a process could leave
    /// running as it exits).
    static let ready: Void = {
        git_libgit2_init()
        // Durability by libgit2's own means: every object, pack, index and ref file is fsynced,
        // with the folder it lands in, before the call that wrote it returns. Only the files
        // an action wrote are flushed, never the rest of the file system.
        _ = accord_git_set_int(Int32(GIT_OPT_ENABLE_FSYNC_GITDIR.rawValue), 1)
        // Folders are read again and again (a tally checks and rewrites a thousand files through
        // them): libgit2 keeps parsed trees of 4 KB at most, and the folder of 256 shards is 8 KB.
        _ = accord_git_set_cache_object_limit(GIT_OBJECT_TREE, 64 * 1024)
        // At most 64 MB of parsed objects (256 MB by default), beside what Accord keeps parsed itself.
        _ = accord_git_set_size(Int32(GIT_OPT_SET_CACHE_MAX_SIZE.rawValue), 64 << 20)
        // Every page of a pack read stays in memory while mapped: at most 128 files, 32 MB mapped in
        // windows of 4 MB (libgit2's defaults: 8 GB in windows of 1 GB). A full-size `accord verify`
        // peaks at 360 MB in 18.5 s with these, at 431 MB in 15.8 s with 96 MB in windows of 16 MB.
        _ = accord_git_set_size(Int32(GIT_OPT_SET_MWINDOW_FILE_LIMIT.rawValue), 128)
        _ = accord_git_set_size(Int32(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT.rawValue), 32 << 20)
        _ = accord_git_set_size(Int32(GIT_OPT_SET_MWINDOW_SIZE.rawValue), 4 << 20)
    }()
}
