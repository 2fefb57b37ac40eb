#ifndef ACCORD_CLIBGIT2_FILES_H
#define ACCORD_CLIBGIT2_FILES_H

// The files of a direct commit: spare files to write them into, and moving a loose ref.
// Included by shim.h, after git2.h.

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <limits.h>
#include <dirent.h>
#include <signal.h>
#include <time.h>
#include <pthread.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>

/// Reports a failed system call; `error` is its errno, saved before anything else ran.
static inline int accord_fail(const char *what, const char *path, int error) {
    git_error_set(GIT_ERROR_OS, "%s ‘%s’: %s", what, path, strerror(error));
    return -1;
}

/// Flushes a folder's entries to disk (a file renamed into it). Returns 0, or -1 with the error set.
static inline int accord_sync_folder(const char *folder) {
    int descriptor = open(folder, O_RDONLY | O_CLOEXEC);
    if (descriptor < 0 || fsync(descriptor) < 0) {
        int error = errno;
        if (descriptor >= 0) close(descriptor);
        return accord_fail("cannot flush the folder", folder, error);
    }
    close(descriptor);
    return 0;
}

/// Writes all of `size` bytes at the start of `fd`, then cuts the file to that length
/// (a spare may be longer). Returns 0 or an errno.
static inline int accord_write_file(int fd, const void *bytes, size_t size) {
    for (size_t written = 0; written < size;) {
        ssize_t count = pwrite(fd, (const unsigned char *)bytes + written, size - written, (off_t)written);
        if (count > 0) written += (size_t)count;
        else if (count < 0 && errno != EINTR) return errno;
        else if (count == 0) return EIO;
    }
    return ftruncate(fd, (off_t)size) < 0 ? errno : 0;
}

// MARK: Spare files.
//
// On ext4 without a journal (as on the machines Accord is measured on), creating a
// file scans every inode of its block group freed in the last 5 s, or 305 s while
// the inode table is being written to (the kernel's `recently_deleted`). A writer
// that frees a file per commit (the ref's previous file) and thousands at a time
// (loose objects once packed) made each creation scan thousands of inodes: 60% of a
// direct commit's time in perf, and direct commits ran at 157/s.
//
// So the write path frees no file. The loose objects a packing replaces are moved
// into a folder of `accord/spares/` in the git folder (a batch); a ref's previous
// file stays in `accord/spares/single/`. A writer claims a whole batch with one rename
// and then writes new objects over its files, or claims a single spare by renaming
// it; only when neither is ready does it create a file.
//
// Spares are named `<milliseconds>-<writer>-<n>` from when they were put aside, and
// are claimed only a second later: a reader that opened the file before (git maps a
// loose object while it inflates it, and reads a ref in one call) has long finished
// with it. Spares are never emptied to size 0 (ext4 then writes the file back on
// close); new contents are written over the old, then cut to length. What a writer
// holds for a moment (`taken-`, `filling-`, `pending-`) stays behind only if it
// crashes: spare files, never part of the record, given back by the next packing
// (`accord_spares_sweep`).

#define ACCORD_SPARE_QUARANTINE_MS 1000
/// How long what a crashed writer held stays untouched before it is given back (see accord_spares_sweep).
#define ACCORD_SPARE_ABANDONED_MS 600000  // ten minutes

/// Opens a claimed spare for writing over it; -1 when it cannot be, or must not be: a file
/// with other names than this one (a loose object a local clone shares by a hard link, or the
/// file of a live ref kept by a writer that crashed before moving the ref) is never written
/// over, and only this name of it is dropped. `read_only` tells whether it is read-only
/// already, as a loose object is (root may open it for writing as it is).
static inline int accord_open_spare(const char *path, int *read_only) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0 && errno == EACCES && chmod(path, 0644) == 0) fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    struct stat status;
    if (fstat(fd, &status) < 0 || status.st_nlink > 1) {
        close(fd);
        unlink(path);
        return -1;
    }
    *read_only = (status.st_mode & 0222) == 0;
    return fd;
}

/// A folder of spares (batches, or single files), listed as they are needed.
typedef struct {
    char *path;
    /// The listing, read from where the last look stopped.
    DIR *listing;
    /// Nothing was ready at the last full look: nothing is looked for before this time (ms).
    long long none_until;
} accord_spare_folder;

/// A thread that makes new files ahead for a writer that has run out of spares (see "Making
/// spares ahead" below).
typedef struct accord_spare_maker {
    pthread_t thread;
    /// `accord/spares`, and `<pid>.<writer>` for the names of the batches it makes.
    char folder[PATH_MAX], tag[64];
    /// Set (atomically) to ask the thread to stop.
    int stop;
} accord_spare_maker;

typedef struct {
    /// `accord/spares`, which holds the batches, each a folder of files.
    char *folder;
    accord_spare_folder batches, singles;
    /// The batch this writer claimed (`taken-<writer>-<n>`), the name it had, and its listing;
    /// empty when none.
    char batch[PATH_MAX], batch_origin[PATH_MAX];
    DIR *batch_listing;
    unsigned long sequence;
    /// The file system has no hard links: refs are left to libgit2 from then on.
    int no_links;
    /// Loose objects this writer created for want of a ready spare, and the thread that makes
    /// files ahead once there were many.
    unsigned long created;
    accord_spare_maker *maker;
} accord_spares;

static inline long long accord_now_ms(void) {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

static inline accord_spares *accord_spares_new(const char *folder) {
    accord_spares *spares = calloc(1, sizeof(accord_spares));
    if (!spares) return NULL;
    spares->folder = strdup(folder);
    size_t length = strlen(folder) + sizeof "/single";
    spares->singles.path = malloc(length);
    if (!spares->folder || !spares->singles.path) { free(spares->folder); free(spares->singles.path); free(spares); return NULL; }
    snprintf(spares->singles.path, length, "%s/single", folder);
    spares->batches.path = spares->folder;
    return spares;
}

/// `<pid>.<handle>`: the writer, in the names of what it puts aside or holds (see accord_spares_writer_pid).
static inline void accord_spares_writer(accord_spares *spares, char writer[64]) {
    snprintf(writer, 64, "%d.%lx", (int)getpid(), (unsigned long)spares);
}

/// A new name in `folder` (of the spares): `<now in ms>-<writer>-<n>` for a spare put aside,
/// or `<prefix>-<writer>-<n>` for a file or batch of the writer's own, where `<writer>` is
/// the process and the address of `spares`, unique among the writers alive.
static inline int accord_spares_name(accord_spares *spares, const char *folder, const char *prefix, char name[PATH_MAX]) {
    char writer[64];
    accord_spares_writer(spares, writer);
    int length = prefix ? snprintf(name, PATH_MAX, "%s/%s-%s-%lu", folder, prefix, writer, ++spares->sequence)
                        : snprintf(name, PATH_MAX, "%s/%lld-%s-%lu", folder, accord_now_ms(), writer, ++spares->sequence);
    return length > 0 && length < PATH_MAX ? 0 : -ENAMETOOLONG;
}

/// The next entry of `folder` put aside over a second ago whose kind is `type` (DT_DIR
/// or DT_REG), with its path in `path`; 0 when there is none, 1 when there is. With
/// `patient`, a look that finds nothing is not repeated for 200 ms; a writer whose maker is
/// at work looks each time.
static inline int accord_spares_next_ready(accord_spare_folder *folder, unsigned char type, char path[PATH_MAX], int patient) {
    long long now = accord_now_ms();
    if (patient && now < folder->none_until) return 0;
    if (!folder->listing && !(folder->listing = opendir(folder->path))) {
        if (patient) folder->none_until = now + 1000;
        return 0;
    }
    for (int rewound = 0;;) {
        struct dirent *entry = readdir(folder->listing);
        if (!entry) {
            // A whole look found nothing: what is put aside from now on is not ready for a second.
            if (rewound) { if (patient) folder->none_until = now + 200; return 0; }
            rewinddir(folder->listing);
            rewound = 1;
            continue;
        }
        char *end;
        long long put = strtoll(entry->d_name, &end, 10);
        if (end == entry->d_name || *end != '-' || put > now - ACCORD_SPARE_QUARANTINE_MS) continue;
        if (snprintf(path, PATH_MAX, "%s/%s", folder->path, entry->d_name) >= PATH_MAX) continue;
        unsigned char kind = entry->d_type;
        if (kind == DT_UNKNOWN) {
            struct stat status;
            if (lstat(path, &status) < 0) continue;
            kind = S_ISDIR(status.st_mode) ? DT_DIR : S_ISREG(status.st_mode) ? DT_REG : DT_UNKNOWN;
        }
        if (kind == type) return 1;
    }
}

/// Makes the spares' folders (and the one that holds them) where they are missing.
static inline int accord_spares_make_folders(accord_spares *spares) {
    char parent[PATH_MAX];
    snprintf(parent, sizeof parent, "%s", spares->folder);
    char *slash = strrchr(parent, '/');
    if (slash) *slash = 0;
    const char *folders[] = {parent, spares->folder, spares->singles.path};
    for (int index = 0; index < 3; index++) {
        if (mkdir(folders[index], 0777) < 0 && errno != EEXIST) return -errno;
    }
    return 0;
}

/// Gives back what is left of the claimed batch, under the name it had (so it is ready at once).
static inline void accord_spares_release_batch(accord_spares *spares) {
    if (!spares->batch[0]) return;
    if (spares->batch_listing) closedir(spares->batch_listing);
    spares->batch_listing = NULL;
    // An empty batch is removed (a single folder, once per packing).
    if (rmdir(spares->batch) < 0) rename(spares->batch, spares->batch_origin);
    spares->batch[0] = 0;
}

// MARK: Making spares ahead.
//
// Until its first packing, and for the second of quarantine after it, a writer has no spare
// and creates a file for each object: about 12,000 files for the first 2,000 direct commits,
// each creation costing up to 0.3 ms on a file system that freed many files lately (see
// above). A writer that has created ACCORD_SPARE_MAKER_AFTER files so starts a thread that
// makes them on another core instead: empty, read-only files in batches of
// ACCORD_SPARE_MAKER_BATCH, a few batches ahead, named `0-<pid>.<writer>-fresh<n>`. The
// time 0 makes them ready at once: no reader ever saw them. The thread stops when the writer
// first claims a batch that a packing put aside, is freed, or takes nothing for a second;
// it is started once per writer.

#define ACCORD_SPARE_MAKER_AFTER 64
#define ACCORD_SPARE_MAKER_BATCH 256
#define ACCORD_SPARE_MAKER_AHEAD 4

static inline int accord_spare_maker_stopped(accord_spare_maker *maker) {
    return __atomic_load_n(&maker->stop, __ATOMIC_ACQUIRE);
}

/// How many batches the maker made are waiting to be claimed.
static inline int accord_spare_maker_waiting(accord_spare_maker *maker) {
    DIR *listing = opendir(maker->folder);
    if (!listing) return 0;
    size_t length = strlen(maker->tag);
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(listing))) {
        if (strncmp(entry->d_name, "0-", 2) == 0 && strncmp(entry->d_name + 2, maker->tag, length) == 0) count++;
    }
    closedir(listing);
    return count;
}

static inline void *accord_spare_maker_run(void *argument) {
    accord_spare_maker *maker = argument;
    // A writer that has stopped writing needs no more: after a second with nothing to do, the thread ends.
    int idle = 0;
    for (unsigned long batch = 1; !accord_spare_maker_stopped(maker) && idle < 500; batch++) {
        if (accord_spare_maker_waiting(maker) >= ACCORD_SPARE_MAKER_AHEAD) {
            idle++;
            usleep(2000);
            continue;
        }
        idle = 0;
        // Filled under a name of the writer's own (given back by the sweep if the process dies), then offered whole.
        char filling[PATH_MAX], ready[PATH_MAX], file[PATH_MAX];
        if (snprintf(filling, sizeof filling, "%s/filling-%s-fresh%lu", maker->folder, maker->tag, batch) >= (int)sizeof filling ||
            snprintf(ready, sizeof ready, "%s/0-%s-fresh%lu", maker->folder, maker->tag, batch) >= (int)sizeof ready ||
            mkdir(filling, 0777) < 0) break;
        for (int index = 0; index < ACCORD_SPARE_MAKER_BATCH && !accord_spare_maker_stopped(maker); index++) {
            snprintf(file, sizeof file, "%s/%d", filling, index);
            int fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);
            if (fd >= 0) close(fd);
        }
        if (rename(filling, ready) < 0) break;
    }
    return NULL;
}

/// Notes a file the writer created for want of a spare, and starts the maker at the
/// ACCORD_SPARE_MAKER_AFTER-th. A maker that cannot start is not missed: files are then
/// created as before.
static inline void accord_spares_note_created(accord_spares *spares) {
    if (!spares || ++spares->created != ACCORD_SPARE_MAKER_AFTER || spares->maker) return;
    accord_spare_maker *maker = calloc(1, sizeof(accord_spare_maker));
    if (!maker) return;
    snprintf(maker->folder, sizeof maker->folder, "%s", spares->folder);
    accord_spares_writer(spares, maker->tag);
    if (accord_spares_make_folders(spares) < 0 || pthread_create(&maker->thread, NULL, accord_spare_maker_run, maker) != 0) {
        free(maker);
        return;
    }
    spares->maker = maker;
}

/// Asks the maker to stop, for good; with `wait`, waits for it (at most one file's creation).
static inline void accord_spares_stop_maker(accord_spares *spares, int wait) {
    accord_spare_maker *maker = spares->maker;
    if (!maker) return;
    __atomic_store_n(&maker->stop, 1, __ATOMIC_RELEASE);
    if (!wait) return;
    pthread_join(maker->thread, NULL);
    free(maker);
    spares->maker = NULL;
    spares->created = ACCORD_SPARE_MAKER_AFTER;  // never started again
}

static inline void accord_spares_free(accord_spares *spares) {
    if (!spares) return;
    accord_spares_stop_maker(spares, 1);
    accord_spares_release_batch(spares);
    if (spares->batches.listing) closedir(spares->batches.listing);
    if (spares->singles.listing) closedir(spares->singles.listing);
    free(spares->singles.path);
    free(spares->folder);
    free(spares);
}

/// Opens a file of the claimed batch, or of a batch or single spare claimed now (moved to
/// `fallback`, a new name of the caller's own), for writing; its path is put in `path`, and
/// `read_only` tells whether it is read-only already (see accord_open_spare).
/// Returns the descriptor; 0 when no spare is ready (`fallback` is then free to create);
/// -ENOENT when the folder of `fallback` is missing; or another -errno.
static inline int accord_spares_open(accord_spares *spares, const char *fallback, char path[PATH_MAX], int *read_only) {
    *read_only = 0;
    for (;;) {
        // A file of the batch this writer owns: written where it is, no claim needed.
        while (spares->batch_listing) {
            struct dirent *entry = readdir(spares->batch_listing);
            if (!entry) { accord_spares_release_batch(spares); break; }
            if (entry->d_name[0] == '.') continue;
            if (snprintf(path, PATH_MAX, "%s/%s", spares->batch, entry->d_name) >= PATH_MAX) continue;
            int fd = accord_open_spare(path, read_only);
            if (fd >= 0) return fd;
        }
        char source[PATH_MAX];
        // A batch put aside: claimed whole, by renaming its folder.
        if (accord_spares_next_ready(&spares->batches, DT_DIR, source, !spares->maker || accord_spare_maker_stopped(spares->maker))) {
            char batch[PATH_MAX];
            if (accord_spares_name(spares, spares->folder, "taken", batch) < 0 || rename(source, batch) < 0) continue;  // taken by another writer
            // Spares from a packing: the maker's work is done.
            const char *name = strrchr(source, '/');
            if (spares->maker && name && strncmp(name + 1, "0-", 2) != 0) accord_spares_stop_maker(spares, 0);
            memcpy(spares->batch, batch, sizeof batch);
            memcpy(spares->batch_origin, source, sizeof source);
            if (!(spares->batch_listing = opendir(batch))) accord_spares_release_batch(spares);
            // Held while claimed, and let go when the listing closes, by a crash too: the sweep
            // leaves a locked batch alone.
            else flock(dirfd(spares->batch_listing), LOCK_EX | LOCK_NB);
            continue;
        }
        // A single file (a ref's previous file): claimed by renaming it to `fallback`.
        while (accord_spares_next_ready(&spares->singles, DT_REG, source, 1)) {
            if (rename(source, fallback) == 0) {
                int fd = accord_open_spare(fallback, read_only);
                if (fd < 0) continue;
                snprintf(path, PATH_MAX, "%s", fallback);
                return fd;
            }
            int error = errno;
            if (error != ENOENT) return -error;
            // Either another writer took this spare, or the folder of `fallback` is missing.
            if (access(source, F_OK) == 0) return -ENOENT;
        }
        return 0;
    }
}

/// Opens a new file of the caller's for writing: a spare when one is ready, otherwise
/// `fallback` created. Its path is put in `path`, and `read_only` tells whether it is
/// read-only already (see accord_spares_open). Returns the descriptor or -errno.
static inline int accord_open_new_file(accord_spares *spares, const char *fallback, char path[PATH_MAX], int *read_only) {
    *read_only = 0;
    int fd = spares ? accord_spares_open(spares, fallback, path, read_only) : 0;
    if (fd != 0) return fd;
    snprintf(path, PATH_MAX, "%s", fallback);
    fd = open(fallback, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    return fd < 0 ? -errno : fd;
}

/// Puts the file at `path` aside as a single spare instead of removing it; with `keep`,
/// `path` stays and the spare is a second name of the same file (the file of a ref about
/// to be replaced). Returns 0 with the spare's path in `name`, or -errno.
static inline int accord_spares_put(accord_spares *spares, const char *path, int keep, char name[PATH_MAX]) {
    if (!spares || accord_spares_name(spares, spares->singles.path, NULL, name) < 0) return -EINVAL;
    for (int attempt = 0; attempt < 2; attempt++) {
        if ((keep ? link(path, name) : rename(path, name)) == 0) return 0;
        int error = errno;
        if (error != ENOENT || attempt > 0 || access(path, F_OK) != 0) return -error;
        int made = accord_spares_make_folders(spares);
        if (made < 0) return made;
    }
    return -ENOENT;
}

/// Puts a file of the caller's aside as a single spare, or removes it if that fails.
static inline void accord_spares_discard(accord_spares *spares, const char *path) {
    char name[PATH_MAX];
    if (accord_spares_put(spares, path, 0, name) < 0) unlink(path);
}

/// Starts a batch of spares (the loose objects a packing replaced); `batch` gets its path.
/// Returns 0 or -errno.
static inline int accord_spares_begin_batch(accord_spares *spares, char batch[PATH_MAX]) {
    if (!spares || accord_spares_name(spares, spares->folder, "filling", batch) < 0) return -EINVAL;
    if (mkdir(batch, 0777) == 0) return 0;
    if (errno != ENOENT) return -errno;
    int made = accord_spares_make_folders(spares);
    if (made < 0) return made;
    return mkdir(batch, 0777) == 0 ? 0 : -errno;
}

/// Moves a file into the batch being filled, or removes it if that fails.
static inline void accord_spares_add_to_batch(const char *batch, const char *path, unsigned long index) {
    char name[PATH_MAX];
    if (snprintf(name, sizeof name, "%s/%lu", batch, index) >= (int)sizeof name || rename(path, name) < 0) unlink(path);
}

/// Offers the batch to writers, from now on.
static inline void accord_spares_end_batch(accord_spares *spares, const char *batch) {
    char name[PATH_MAX];
    if (accord_spares_name(spares, spares->folder, NULL, name) < 0 || rename(batch, name) < 0) rmdir(batch);
}

/// The process named in a spare's name (`<prefix>-<pid>.<handle>-<n>`), or 0.
static inline pid_t accord_spares_writer_pid(const char *name) {
    const char *dash = strchr(name, '-');
    if (!dash) return 0;
    char *end;
    long pid = strtol(dash + 1, &end, 10);
    return end != dash + 1 && *end == '.' && pid > 0 && pid <= INT_MAX ? (pid_t)pid : 0;
}

/// Gives back to the spares what writers that crashed held: a claimed batch (`taken-`), a
/// batch being filled (`filling-`, whose files a durable pack already holds) and a ref's new
/// file (`pending-`), each as put aside now. Without it, each crash would keep its files
/// there for good. An entry is taken only when the process its name gives no longer runs, it
/// is untouched (by its ctime: a claim renames a batch, which changes only that) for
/// `min_age_ms`, a claimed batch is not locked (its writer holds a lock on it, which also
/// covers a writer in another process namespace, where `kill` cannot see it), and a file has
/// no other name (a `pending-` file is also `<ref>.lock` if its writer died holding the lock).
/// Returns how many were given back.
static inline int accord_spares_sweep(accord_spares *spares, long long min_age_ms) {
    DIR *listing = opendir(spares->folder);
    if (!listing) return 0;
    long long now = accord_now_ms();
    int swept = 0;
    struct dirent *entry;
    while ((entry = readdir(listing))) {
        const char *name = entry->d_name;
        int batch = strncmp(name, "taken-", 6) == 0 || strncmp(name, "filling-", 8) == 0;
        if (!batch && strncmp(name, "pending-", 8) != 0) continue;
        pid_t pid = accord_spares_writer_pid(name);
        if (!pid || kill(pid, 0) == 0 || errno != ESRCH) continue;
        char source[PATH_MAX], target[PATH_MAX];
        struct stat status;
        if (snprintf(source, sizeof source, "%s/%s", spares->folder, name) >= (int)sizeof source || lstat(source, &status) < 0) continue;
#ifdef __APPLE__
        struct timespec changed_at = status.st_ctimespec;
#else
        struct timespec changed_at = status.st_ctim;
#endif
        if (now - ((long long)changed_at.tv_sec * 1000 + changed_at.tv_nsec / 1000000) < min_age_ms) continue;
        if (!batch && status.st_nlink > 1) continue;
        int locked = -1;
        if (batch) {
            locked = open(source, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (locked < 0 || flock(locked, LOCK_EX | LOCK_NB) < 0) { if (locked >= 0) close(locked); continue; }
        }
        if (accord_spares_name(spares, batch ? spares->folder : spares->singles.path, NULL, target) == 0 && rename(source, target) == 0) swept++;
        if (locked >= 0) close(locked);
    }
    closedir(listing);
    return swept;
}

// MARK: Moving a loose ref.
//
// libgit2 moves a ref in about twenty system calls (it reads the configuration
// three times and looks for packed refs, a reflog and the lock file before taking
// it), and frees the ref's previous file. This does what git does in about twelve:
// it writes the new value into a file of its own, takes the lock by giving that file
// the name `<ref>.lock` with link(2) (which fails while any writer, git or Accord,
// holds the lock), compares the ref's value under the lock, and renames the lock onto
// the ref. The ref's previous file becomes a spare.

/// Moves the loose ref `ref` (e.g. `refs/heads/main`) of `git_dir` from `expected` to
/// `target`, ids of 40 lowercase hex digits; `durable`: the file and its folder are
/// flushed to disk. Returns 0 when moved; GIT_EMODIFIED when the ref holds another
/// value; GIT_ELOCKED when it is locked; GIT_PASSTHROUGH, having changed nothing, when
/// it is not a plain loose ref without a reflog (it is only in `packed-refs`, or
/// symbolic, or logged) and libgit2 must move it; or -1 with the error set.
static inline int accord_ref_move(accord_spares *spares, const char *git_dir, const char *ref,
                                  const char *target, const char *expected, int durable) {
    char path[PATH_MAX], lock[PATH_MAX], log[PATH_MAX], fallback[PATH_MAX], pending[PATH_MAX], kept[PATH_MAX];
    if (!spares || spares->no_links || strlen(target) != 40 || strlen(expected) != 40 ||
        snprintf(path, sizeof path, "%s/%s", git_dir, ref) >= (int)sizeof path ||
        snprintf(lock, sizeof lock, "%s.lock", path) >= (int)sizeof lock ||
        snprintf(log, sizeof log, "%s/logs/%s", git_dir, ref) >= (int)sizeof log ||
        accord_spares_name(spares, spares->folder, "pending", fallback) < 0) return GIT_PASSTHROUGH;
    // A ref with a reflog is libgit2's to move, so that its log grows as git's would.
    if (access(log, F_OK) == 0) return GIT_PASSTHROUGH;

    int read_only;
    int fd = accord_open_new_file(spares, fallback, pending, &read_only);
    if (fd == -ENOENT && accord_spares_make_folders(spares) == 0) fd = accord_open_new_file(spares, fallback, pending, &read_only);
    if (fd < 0) return accord_fail("cannot create", fallback, -fd);
    char line[41];
    memcpy(line, target, 40);
    line[40] = '\n';
    int error = accord_write_file(fd, line, sizeof line);
    if (!error && fchmod(fd, 0644) < 0) error = errno;
    if (!error && durable && fsync(fd) < 0) error = errno;
    if (close(fd) < 0 && !error) error = errno;
    if (error) { accord_spares_discard(spares, pending); return accord_fail("cannot write", pending, error); }
    if (link(pending, lock) < 0) {
        error = errno;
        accord_spares_discard(spares, pending);
        if (error == EEXIST) {
            git_error_set(GIT_ERROR_REFERENCE, "the lock file ‘%s’ exists", lock);
            return GIT_ELOCKED;
        }
        // No folder for the ref (a new one), or a file system without hard links: libgit2 moves it.
        if (error != ENOENT) spares->no_links = 1;
        return GIT_PASSTHROUGH;
    }
    unlink(pending);  // the lock file's only name is now `<ref>.lock`

    // Under the lock: the ref's value, read as git reads it.
    char current[64];
    ssize_t count = -1;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    int open_error = errno;
    if (fd >= 0) {
        count = read(fd, current, sizeof current);
        close(fd);
    }
    int verdict = 0;
    if (fd < 0 && open_error == ENOENT) verdict = GIT_PASSTHROUGH;  // only in packed-refs, or no ref at all
    else if (fd < 0 || count < 0) verdict = accord_fail("cannot read", path, fd < 0 ? open_error : errno);
    else if (count >= 4 && memcmp(current, "ref:", 4) == 0) verdict = GIT_PASSTHROUGH;
    else if (count < 40 || memcmp(current, expected, 40) != 0) verdict = GIT_EMODIFIED;
    if (verdict) { accord_spares_discard(spares, lock); return verdict; }

    // The previous file is kept as a spare: no inode is freed. Should the rename
    // fail, the spare's name goes, so that no writer rewrites the live ref.
    int put = accord_spares_put(spares, path, 1, kept);
    if (rename(lock, path) < 0) {
        error = errno;
        if (put == 0) unlink(kept);
        accord_spares_discard(spares, lock);
        return accord_fail("cannot move the ref to", path, error);
    }
    if (durable) {
        char *slash = strrchr(path, '/');
        if (slash) *slash = 0;
        return accord_sync_folder(path);
    }
    return 0;
}

#endif
