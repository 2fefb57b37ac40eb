#ifndef ACCORD_LIBGIT2_SHIM_H
#define ACCORD_LIBGIT2_SHIM_H

// libgit2 as Swift sees it, plus what Swift cannot call directly: libgit2's
// variadic `git_libgit2_opts` (one wrapper per option Accord sets) and the
// `sys/` headers that `git2.h` leaves out (the in-memory object store).
#include <git2.h>
#include <git2/sys/mempack.h>

/// Whether libgit2 fsyncs every file it writes in the git directory (objects,
/// packs, indexes, refs) and the folders they land in.
static inline int accord_git_set_fsync(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, enabled);
}

/// The bytes libgit2 caches of parsed objects in all.
static inline int accord_git_set_cache_max_size(ssize_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, bytes);
}

/// How much of the packs libgit2 maps at once: files open, bytes mapped, bytes per window.
static inline int accord_git_set_pack_mapping(size_t files, size_t mapped, size_t window) {
    int error = git_libgit2_opts(GIT_OPT_SET_MWINDOW_FILE_LIMIT, files);
    if (error == 0) error = git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, mapped);
    if (error == 0) error = git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, window);
    return error;
}

#endif
