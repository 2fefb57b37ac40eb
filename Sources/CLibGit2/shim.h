#ifndef ACCORD_CLIBGIT2_SHIM_H
#define ACCORD_CLIBGIT2_SHIM_H

// libgit2's public API, plus the `sys/` headers that git2.h leaves out, and one
// `static inline` wrapper for each thing Swift cannot call: variadic
// `git_libgit2_opts`, function pointers inside structs and C macros; and the
// object-store backends Accord installs (a recording memory store, a reader, a
// loose-object writer). zlib, which libgit2 itself links, and OpenSSL's SHA-1 serve
// Accord's own writers of packs, loose objects and folders.
#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/repository.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/commit.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <zlib.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "files.h"

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

/// Turns libgit2's object cache on or off, process-wide.
static inline int accord_git_enable_caching(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_CACHING, enabled);
}

/// Checks that objects a commit points at exist before writing it.
static inline int accord_git_set_strict_object_creation(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, enabled);
}

/// Whether objects read are re-hashed to check their id (libgit2's default; git checks only in fsck).
static inline int accord_git_set_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}

/// How many pack files libgit2 keeps open at once (0: no limit).
static inline int accord_git_set_mwindow_file_limit(size_t files) {
    return git_libgit2_opts(GIT_OPT_SET_MWINDOW_FILE_LIMIT, files);
}

/// How much of the pack files libgit2 maps at once, and in windows of what size
/// (by default 8 GB in windows of 1 GB: whole packs, each page read staying resident).
static inline int accord_git_set_mwindow_mapping(size_t mapped_limit, size_t window_size) {
    int error = git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, mapped_limit);
    return error ? error : git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, window_size);
}

// MARK: SHA-1, for object ids and pack checksums.
//
// OpenSSL uses the processor's SHA instructions where it has them: three times the
// speed of mbedtls (libgit2's on Debian) here, and libgit2's own SHA-1, which detects
// collision attacks, is slower still; Accord hashes its own objects, not received ones.
// The digest is fetched once per process, not at each use as EVP_sha1() would.

/// The fetched digest (a function's static: Swift emits no storage for a header's own).
static inline EVP_MD **accord_sha1_digest(void) {
    static EVP_MD *digest;
    return &digest;
}

static inline void accord_sha1_fetch(void) { *accord_sha1_digest() = EVP_MD_fetch(NULL, "SHA1", NULL); }

/// A SHA-1 context, for the caller to free with accord_sha1_free; NULL without memory.
static inline EVP_MD_CTX *accord_sha1_new(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, accord_sha1_fetch);
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    if (context && (!*accord_sha1_digest() || !EVP_DigestInit_ex2(context, *accord_sha1_digest(), NULL))) {
        EVP_MD_CTX_free(context);
        return NULL;
    }
    return context;
}

static inline void accord_sha1_free(EVP_MD_CTX *context) { EVP_MD_CTX_free(context); }

/// Starts a new digest in `context`.
static inline void accord_sha1_restart(EVP_MD_CTX *context) { EVP_DigestInit_ex2(context, NULL, NULL); }

static inline void accord_sha1_update(EVP_MD_CTX *context, const void *data, size_t size) { EVP_DigestUpdate(context, data, size); }

/// Ends the digest into the 20 bytes at `digest`.
static inline void accord_sha1_finish(EVP_MD_CTX *context, unsigned char *digest) {
    unsigned int size = 0;
    EVP_DigestFinal_ex(context, digest, &size);
}

// MARK: zlib, for the pack and loose-object writers (deflateInit is a macro).

/// `memory_level` sizes the match-finding hash table (1 to 9; zlib's default is 8).
static inline int accord_deflate_init(z_stream *stream, int level, int memory_level) {
    memset(stream, 0, sizeof(*stream));
    return deflateInit2(stream, level, Z_DEFLATED, 15, memory_level, Z_DEFAULT_STRATEGY);
}

/// Compresses `head` then `input` as one stream into `output` (of at least deflateBound
/// bytes), reusing the stream: setting one up costs more than compressing a small object.
static inline int accord_deflate_parts(z_stream *stream, const void *head, size_t head_size, const void *input, size_t input_size,
                                       void *output, size_t output_capacity, size_t *output_size) {
    int error = deflateReset(stream);
    if (error != Z_OK) return error;
    stream->next_out = (Bytef *)output;
    stream->avail_out = (uInt)output_capacity;
    stream->next_in = (Bytef *)head;
    stream->avail_in = (uInt)head_size;
    error = head_size ? deflate(stream, Z_NO_FLUSH) : Z_OK;
    stream->next_in = (Bytef *)input;
    stream->avail_in = (uInt)input_size;
    if (error == Z_OK) error = deflate(stream, Z_FINISH);
    *output_size = output_capacity - stream->avail_out;
    return error == Z_STREAM_END ? Z_OK : (error == Z_OK ? Z_BUF_ERROR : error);
}

/// Compresses `input` whole into `output` (of at least deflateBound bytes), reusing the stream.
static inline int accord_deflate(z_stream *stream, const void *input, size_t input_size,
                                 void *output, size_t output_capacity, size_t *output_size) {
    return accord_deflate_parts(stream, NULL, 0, input, input_size, output, output_capacity, output_size);
}

// MARK: A recording in-memory object store, which takes every write.
//
// libgit2 1.5's git_mempack_dump packs only commits, each with its whole tree
// (so every flush would re-pack every file of the record) and never tag
// objects. This backend forwards to a mempack and remembers the id of every
// object written, in order, so that Accord packs exactly the new objects.

typedef struct {
    git_odb_backend parent;
    git_odb_backend *mempack;
    git_oid *written;
    size_t count;
    size_t capacity;
} accord_batch_backend;

static inline int accord_batch_read(void **data, size_t *len, git_object_t *type, git_odb_backend *backend, const git_oid *oid) {
    git_odb_backend *inner = ((accord_batch_backend *)backend)->mempack;
    return inner->read(data, len, type, inner, oid);
}

static inline int accord_batch_read_header(size_t *len, git_object_t *type, git_odb_backend *backend, const git_oid *oid) {
    git_odb_backend *inner = ((accord_batch_backend *)backend)->mempack;
    return inner->read_header(len, type, inner, oid);
}

static inline int accord_batch_exists(git_odb_backend *backend, const git_oid *oid) {
    git_odb_backend *inner = ((accord_batch_backend *)backend)->mempack;
    return inner->exists(inner, oid);
}

static inline int accord_batch_write(git_odb_backend *backend, const git_oid *oid, const void *data, size_t len, git_object_t type) {
    accord_batch_backend *batch = (accord_batch_backend *)backend;
    if (batch->count == batch->capacity) {
        size_t capacity = batch->capacity ? batch->capacity * 2 : 1024;
        git_oid *grown = realloc(batch->written, capacity * sizeof(git_oid));
        if (!grown) return -1;
        batch->written = grown;
        batch->capacity = capacity;
    }
    int error = batch->mempack->write(batch->mempack, oid, data, len, type);
    if (error == 0) git_oid_cpy(&batch->written[batch->count++], oid);
    return error;
}

/// Forgets the batch's objects (after they were packed, or to drop them).
static inline void accord_batch_reset(accord_batch_backend *batch) {
    git_mempack_reset(batch->mempack);
    batch->count = 0;
}

static inline void accord_batch_free(git_odb_backend *backend) {
    accord_batch_backend *batch = (accord_batch_backend *)backend;
    batch->mempack->free(batch->mempack);
    free(batch->written);
    free(batch);
}

/// A new batch store; the odb it is added to frees it.
static inline int accord_batch_new(accord_batch_backend **out) {
    *out = NULL;
    accord_batch_backend *batch = calloc(1, sizeof(accord_batch_backend));
    if (!batch) return -1;
    int error = git_mempack_new(&batch->mempack);
    if (error < 0) { free(batch); return error; }
    git_odb_init_backend(&batch->parent, GIT_ODB_BACKEND_VERSION);
    batch->parent.read = accord_batch_read;
    batch->parent.read_header = accord_batch_read_header;
    batch->parent.exists = accord_batch_exists;
    batch->parent.write = accord_batch_write;
    batch->parent.free = accord_batch_free;
    *out = batch;
    return 0;
}

static inline git_odb_backend *accord_batch_as_backend(accord_batch_backend *batch) {
    return &batch->parent;
}

static inline const git_oid *accord_batch_written(const accord_batch_backend *batch, size_t index) {
    return &batch->written[index];
}

// MARK: Writing loose objects.
//
// libgit2's loose backend starts a zlib stream for every object (about 256 KB of
// state, mapped and zeroed each time) and takes a dozen system calls per file; on a
// small commit that is most of its cost. This writer keeps one stream, reset per
// object, and writes each file as git does, into a file of its own renamed into
// place in the object's fan-out folder; the file is a spare when one is ready (see
// files.h). It only writes: the reader reads.

/// An object the loose writer wrote, and where its bytes are kept (`offset` is SIZE_MAX
/// when they are not: past ACCORD_LOOSE_KEPT_LIMIT bytes).
typedef struct {
    git_oid id;
    git_object_t type;
    size_t offset, size;
} accord_loose_entry;

#define ACCORD_LOOSE_KEPT_LIMIT ((size_t)64 << 20)

typedef struct {
    git_odb_backend parent;
    char *objects;
    z_stream stream;
    unsigned char *buffer;
    size_t capacity;
    /// Whether each file and its folder are flushed to disk (where one `syncfs` cannot).
    int durable;
    /// Where new files come from (not owned: the repository frees it after the writer).
    accord_spares *spares;
    /// The objects written since `accord_loose_forget`, with their bytes, so that packing
    /// them need neither read them back nor read their commits to learn which are the
    /// versions of which (see `Repository.packLooseObjects`).
    accord_loose_entry *written;
    size_t count, room;
    unsigned char *kept;
    size_t kept_size, kept_room;
} accord_loose_writer;

static inline int accord_loose_write(git_odb_backend *backend, const git_oid *oid, const void *data, size_t len, git_object_t type) {
    accord_loose_writer *writer = (accord_loose_writer *)backend;
    if (len > UINT_MAX / 2) { git_error_set(GIT_ERROR_INVALID, "an object of %zu bytes is too large to store loose", len); return -1; }
    char header[64];
    int header_len = snprintf(header, sizeof header, "%s %zu", git_object_type2string(type), len) + 1;
    size_t bound = deflateBound(&writer->stream, (uLong)(header_len + len)) + 64;
    if (bound > writer->capacity) {
        unsigned char *grown = realloc(writer->buffer, bound);
        if (!grown) { git_error_set_oom(); return -1; }
        writer->buffer = grown;
        writer->capacity = bound;
    }
    size_t size = 0;
    if (accord_deflate_parts(&writer->stream, header, (size_t)header_len, data, len, writer->buffer, writer->capacity, &size) != Z_OK) {
        git_error_set(GIT_ERROR_ZLIB, "cannot compress an object");
        return -1;
    }

    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, oid);
    char folder[4096], path[4096], temporary[4096];
    // git's prefix for temporary objects (`git gc` removes those left by a crash), in a name
    // unique among the writers alive.
    if ((size_t)snprintf(folder, sizeof folder, "%s/%.2s", writer->objects, hex) >= sizeof folder ||
        (size_t)snprintf(path, sizeof path, "%s/%s", folder, hex + 2) >= sizeof path ||
        accord_spares_name(writer->spares, folder, "tmp_obj_accord", temporary) < 0) {
        git_error_set(GIT_ERROR_OS, "the objects folder ‘%s’ has too long a path", writer->objects);
        return -1;
    }
    char file[PATH_MAX];
    int read_only;
    int fd = accord_open_new_file(writer->spares, temporary, file, &read_only);
    if (fd == -ENOENT) {
        // As git does: the umask decides who may write the folder.
        if (mkdir(folder, 0777) < 0 && errno != EEXIST) return accord_fail("cannot create the folder", folder, errno);
        fd = accord_open_new_file(writer->spares, temporary, file, &read_only);
    }
    if (fd < 0) return accord_fail("cannot create", temporary, -fd);
    if (strcmp(file, temporary) == 0) accord_spares_note_created(writer->spares);
    int error = accord_write_file(fd, writer->buffer, size);
    // Objects are read-only, as git makes them.
    if (!error && !read_only && fchmod(fd, 0444) < 0) error = errno;
    if (!error && writer->durable && fsync(fd) < 0) error = errno;
    if (close(fd) < 0 && !error) error = errno;
    if (error) { unlink(file); return accord_fail("cannot write", file, error); }
    int moved = rename(file, path);
    // A spare of a batch was written where it lies: the fan-out folder may not exist yet.
    if (moved < 0 && errno == ENOENT && (mkdir(folder, 0777) == 0 || errno == EEXIST)) moved = rename(file, path);
    if (moved < 0) {
        error = errno;
        unlink(file);
        return accord_fail("cannot move an object to", path, error);
    }
    if (writer->count == writer->room) {
        size_t room = writer->room ? writer->room * 2 : 64;
        accord_loose_entry *grown = realloc(writer->written, room * sizeof(accord_loose_entry));
        if (!grown) { git_error_set_oom(); return -1; }
        writer->written = grown;
        writer->room = room;
    }
    accord_loose_entry *entry = &writer->written[writer->count++];
    git_oid_cpy(&entry->id, oid);
    entry->type = type;
    entry->size = len;
    entry->offset = SIZE_MAX;
    if (writer->kept_size + len <= ACCORD_LOOSE_KEPT_LIMIT) {
        if (writer->kept_size + len > writer->kept_room) {
            size_t room = writer->kept_room ? writer->kept_room : 1 << 16;
            while (room < writer->kept_size + len) room *= 2;
            if (room > ACCORD_LOOSE_KEPT_LIMIT) room = ACCORD_LOOSE_KEPT_LIMIT;
            unsigned char *grown = realloc(writer->kept, room);
            if (grown) { writer->kept = grown; writer->kept_room = room; }
        }
        if (writer->kept_size + len <= writer->kept_room) {
            memcpy(writer->kept + writer->kept_size, data, len);
            entry->offset = writer->kept_size;
            writer->kept_size += len;
        }
    }
    return writer->durable ? accord_sync_folder(folder) : 0;
}

/// The objects written since the writer was made or last told to forget them; `count` is set.
static inline const accord_loose_entry *accord_loose_written(git_odb_backend *backend, size_t *count) {
    accord_loose_writer *writer = (accord_loose_writer *)backend;
    *count = writer->count;
    return writer->written;
}

/// The bytes of an object written, or NULL when they were not kept; valid until the next write.
static inline const void *accord_loose_kept(git_odb_backend *backend, const accord_loose_entry *entry) {
    accord_loose_writer *writer = (accord_loose_writer *)backend;
    return entry->offset == SIZE_MAX ? NULL : writer->kept + entry->offset;
}

static inline void accord_loose_forget(git_odb_backend *backend) {
    accord_loose_writer *writer = (accord_loose_writer *)backend;
    writer->count = 0;
    writer->kept_size = 0;
}

static inline void accord_loose_free(git_odb_backend *backend) {
    accord_loose_writer *writer = (accord_loose_writer *)backend;
    deflateEnd(&writer->stream);
    free(writer->written);
    free(writer->kept);
    free(writer->buffer);
    free(writer->objects);
    free(writer);
}

/// A writer of loose objects into the objects folder `objects`, compressed at `level`, into
/// files taken from `spares` when there are; `durable`: each file and folder is flushed to disk.
static inline int accord_loose_new(git_odb_backend **out, const char *objects, int level, int durable, accord_spares *spares) {
    *out = NULL;
    accord_loose_writer *writer = calloc(1, sizeof(accord_loose_writer));
    if (!writer) { git_error_set_oom(); return -1; }
    writer->objects = strdup(objects);
    writer->durable = durable;
    writer->spares = spares;
    if (!writer->objects || deflateInit(&writer->stream, level) != Z_OK) {
        free(writer->objects);
        free(writer);
        git_error_set(GIT_ERROR_ZLIB, "cannot set up the compressor for loose objects");
        return -1;
    }
    git_odb_init_backend(&writer->parent, GIT_ODB_BACKEND_VERSION);
    writer->parent.write = accord_loose_write;
    writer->parent.free = accord_loose_free;
    *out = &writer->parent;
    return 0;
}

// MARK: Reading the repository's packs and loose objects.
//
// Before writing an object libgit2 checks whether it exists, and on a miss
// (every new object) it re-reads the objects/pack folder: a readdir per object
// written. This backend answers existence checks from the packs and loose
// objects it knows, without that refresh (a miss only means the object is
// written again), while reads refresh on a miss, so packs that git gc or
// another writer adds are found. It holds libgit2's pack and loose backends
// themselves rather than a second object database.

typedef struct {
    git_odb_backend parent;
    git_odb_backend *packs;
    git_odb_backend *loose;
    char *objects;
} accord_reader_backend;

static inline int accord_reader_read(void **data, size_t *len, git_object_t *type, git_odb_backend *backend, const git_oid *oid) {
    accord_reader_backend *reader = (accord_reader_backend *)backend;
    int error = reader->packs->read(data, len, type, reader->packs, oid);
    if (error != GIT_ENOTFOUND) return error;
    error = reader->loose->read(data, len, type, reader->loose, oid);
    if (error != GIT_ENOTFOUND) return error;
    if ((error = reader->packs->refresh(reader->packs)) < 0) return error;
    return reader->packs->read(data, len, type, reader->packs, oid);
}

static inline int accord_reader_read_prefix(git_oid *found, void **data, size_t *len, git_object_t *type,
                                            git_odb_backend *backend, const git_oid *prefix, size_t length) {
    accord_reader_backend *reader = (accord_reader_backend *)backend;
    int error = reader->packs->read_prefix(found, data, len, type, reader->packs, prefix, length);
    if (error != GIT_ENOTFOUND) return error;
    return reader->loose->read_prefix(found, data, len, type, reader->loose, prefix, length);
}

static inline int accord_reader_read_header(size_t *len, git_object_t *type, git_odb_backend *backend, const git_oid *oid) {
    accord_reader_backend *reader = (accord_reader_backend *)backend;
    int error = reader->packs->read_header(len, type, reader->packs, oid);
    if (error != GIT_ENOTFOUND) return error;
    error = reader->loose->read_header(len, type, reader->loose, oid);
    if (error != GIT_ENOTFOUND) return error;
    if ((error = reader->packs->refresh(reader->packs)) < 0) return error;
    return reader->packs->read_header(len, type, reader->packs, oid);
}

static inline int accord_reader_exists(git_odb_backend *backend, const git_oid *oid) {
    accord_reader_backend *reader = (accord_reader_backend *)backend;
    return reader->packs->exists(reader->packs, oid) || reader->loose->exists(reader->loose, oid);
}

static inline int accord_reader_exists_prefix(git_oid *found, git_odb_backend *backend, const git_oid *prefix, size_t length) {
    accord_reader_backend *reader = (accord_reader_backend *)backend;
    int error = reader->packs->exists_prefix(found, reader->packs, prefix, length);
    if (error != GIT_ENOTFOUND) return error;
    return reader->loose->exists_prefix(found, reader->loose, prefix, length);
}

/// Looks for packs added since the last look (Accord calls it after writing a pack).
static inline int accord_reader_refresh(git_odb_backend *backend) {
    accord_reader_backend *reader = (accord_reader_backend *)backend;
    return reader->packs->refresh(reader->packs);
}

/// Opens the pack backend afresh: libgit2 never forgets a pack it has seen,
/// and would keep the files of removed packs open.
static inline int accord_reader_reopen(git_odb_backend *backend) {
    accord_reader_backend *reader = (accord_reader_backend *)backend;
    git_odb_backend *packs = NULL;
    int error = git_odb_backend_pack(&packs, reader->objects);
    if (error < 0) return error;
    reader->packs->free(reader->packs);
    reader->packs = packs;
    return 0;
}

static inline void accord_reader_free(git_odb_backend *backend) {
    accord_reader_backend *reader = (accord_reader_backend *)backend;
    if (reader->packs) reader->packs->free(reader->packs);
    if (reader->loose) reader->loose->free(reader->loose);
    free(reader->objects);
    free(reader);
}

/// A reader of the objects folder `objects`.
static inline int accord_reader_new(git_odb_backend **out, const char *objects) {
    *out = NULL;
    accord_reader_backend *reader = calloc(1, sizeof(accord_reader_backend));
    if (!reader) return -1;
    git_odb_init_backend(&reader->parent, GIT_ODB_BACKEND_VERSION);
    reader->objects = strdup(objects);
    int error = reader->objects ? git_odb_backend_pack(&reader->packs, objects) : -1;
    if (error == 0) error = git_odb_backend_loose(&reader->loose, objects, -1, 0, 0, 0);
    if (error < 0) { accord_reader_free(&reader->parent); return error; }
    reader->parent.read = accord_reader_read;
    reader->parent.read_prefix = accord_reader_read_prefix;
    reader->parent.read_header = accord_reader_read_header;
    reader->parent.exists = accord_reader_exists;
    reader->parent.exists_prefix = accord_reader_exists_prefix;
    // No `refresh` of its own: libgit2 refreshes every backend after each
    // write of a new object, the rescan this backend exists to avoid.
    reader->parent.free = accord_reader_free;
    *out = &reader->parent;
    return 0;
}

/// Reads an object from one backend, bypassing the object database and its cache;
/// free `*data` with git_odb_backend_data_free.
static inline int accord_backend_read(void **data, size_t *len, git_object_t *type, git_odb_backend *backend, const git_oid *oid) {
    return backend->read(data, len, type, backend, oid);
}

static inline int accord_backend_read_header(size_t *len, git_object_t *type, git_odb_backend *backend, const git_oid *oid) {
    return backend->read_header(len, type, backend, oid);
}

/// Writes an object whose id the caller computed straight to one backend, bypassing the
/// object database's hashing and existence checks.
static inline int accord_backend_write(git_odb_backend *backend, const git_oid *oid, const void *data, size_t len, git_object_t type) {
    return backend->write(backend, oid, data, len, type);
}

static inline int accord_backend_exists(git_odb_backend *backend, const git_oid *oid) {
    return backend->exists(backend, oid);
}

static inline void accord_backend_free(git_odb_backend *backend) {
    backend->free(backend);
}

#endif
