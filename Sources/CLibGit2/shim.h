#ifndef ACCORD_LIBGIT2_SHIM_H
#define ACCORD_LIBGIT2_SHIM_H

// libgit2 as Swift sees it, plus what Swift cannot call directly: libgit2's
// variadic `git_libgit2_opts` (one wrapper per type of value) and the
// `sys/` headers that `git2.h` leaves out (the in-memory object store).
#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/repository.h>

/// Sets one of libgit2's options that takes an int (e.g. GIT_OPT_ENABLE_FSYNC_GITDIR).
static inline int accord_git_set_int(int option, int value) { return git_libgit2_opts(option, value); }

/// Sets one of libgit2's options that takes a size (e.g. GIT_OPT_SET_MWINDOW_SIZE).
static inline int accord_git_set_size(int option, size_t value) { return git_libgit2_opts(option, value); }

/// Sets the largest object of `type` that libgit2 keeps parsed in its cache.
static inline int accord_git_set_cache_object_limit(git_object_t type, size_t size) { return git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, type, size); }

#endif
