internal import CLibGit2

/// libgit2's process-wide setup, run once before the first repository is touched.
enum LibGit2 {
    /// `git_libgit2_init()` must precede every other call; a `static let` runs
    /// its initialiser exactly once, lazily and thread-safely.
    static let ready: Void = {
        git_libgit2_init()
        // No existence check for the objects a new tree, commit or ref points at: GitStore
        // points only at objects it has just written or read from the expected parent (whose
        // ref it has checked), and each check read the object back (four reads per commit).
        _ = accord_git_set_strict_object_creation(0)
        #if os(Linux)
        // Durability is provided by filesystem barriers (`syncfs`, see `Repository.sync`),
        // which cost two syscalls per commit instead of an fsync per file.
        _ = accord_git_set_fsync(0)
        #else
        // Elsewhere no barrier covers the whole file system: libgit2 fsyncs each file
        // it writes (and `PackWriter` each pack, the loose writer each object).
        _ = accord_git_set_fsync(1)
        #endif
        // No object cache. Accord keeps its own cache of parsed files, and every action reads new
        // versions of the folders on its path: libgit2's cache filled within a few thousand
        // actions, then evicted on every insertion, leaving a hash table where each lookup
        // probed long chains. Without it a full-size batch used 32% less CPU and half the memory.
        _ = accord_git_enable_caching(0)
        // Like git, trust the object store on reads (`verify` and `git fsck` check it):
        // libgit2 would otherwise re-hash every object it reads, with collision detection.
        _ = accord_git_set_strict_hash_verification(0)
        // A long batch or a busy server merges many packs: bound the files kept open.
        _ = accord_git_set_mwindow_file_limit(128)
        // Map packs in windows of 16 MB, at most 96 MB at once: every page of a window read
        // stays resident, and a full-size record's packs (150 MB) would all count towards a
        // process's memory (peak 412 MB at 96 MB, 450–470 MB at 128 MB, for `verify` reads them
        // all). At 64 MB a tally, reading folders all over a 90 MB pack, unmapped and mapped
        // again 16 MB windows 1,400 times, with their page faults.
        _ = accord_git_set_mwindow_mapping(96 * 1024 * 1024, 16 * 1024 * 1024)
    }()
}
