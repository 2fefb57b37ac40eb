#ifndef ACCORD_CLIBGIT2_SHIM_H
#define ACCORD_CLIBGIT2_SHIM_H

// libgit2's public API, plus the `sys/` headers that git2.h leaves out, and one
// `static inline` wrapper for each thing Swift cannot call: variadic
// `git_libgit2_opts` and function pointers inside structs.
#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <unistd.h>

/// Linux's syncfs(2), declared by glibc only under _GNU_SOURCE: one barrier
/// that flushes everything written to the file system holding `fd`.
extern int syncfs(int fd);

static inline int accord_syncfs(int fd) {
#ifdef __linux__
    return syncfs(fd);
#else
    return fsync(fd);
#endif
}

/// Turns fsync of object files, folders and refs on or off, process-wide.
static inline int accord_git_set_fsync(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, enabled);
}

/// Checks that objects a commit points at exist before writing it.
static inline int accord_git_set_strict_object_creation(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, enabled);
}

static inline int accord_writepack_append(git_odb_writepack *w, const void *data, size_t size, git_indexer_progress *stats) {
    return w->append(w, data, size, stats);
}

static inline int accord_writepack_commit(git_odb_writepack *w, git_indexer_progress *stats) {
    return w->commit(w, stats);
}

static inline void accord_writepack_free(git_odb_writepack *w) {
    w->free(w);
}

#endif
