/* Temporary-name-and-rename file output, whole-file reads and directory creation. */
#include "ct_io.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ct_alloc.h"

/* Creates tmp_path as a new file: never through a symlink or onto a file planted there. A file
   of that name (this pid's name, so left by a dead process or planted) is removed once: unlink
   drops a link itself, never its target. */
static int create_new(const char *tmp_path)
{
    int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
    int fd = open(tmp_path, flags, 0666);
    if (fd < 0 && errno == EEXIST && unlink(tmp_path) == 0)
        fd = open(tmp_path, flags, 0666);
    return fd;
}

int ct_outfile_open(ct_outfile *f, const char *path, ct_error *err)
{
    memset(f, 0, sizeof *f);
    if (strlen(path) + 32 >= sizeof f->path)
        return ct_error_set(err, CT_EINVAL, "%s: path too long", path);
    snprintf(f->path, sizeof f->path, "%s", path);
    snprintf(f->tmp_path, sizeof f->tmp_path, "%s.tmp.%ld", path, (long)getpid());
    int fd = create_new(f->tmp_path);
    if (fd < 0)
        return ct_error_set(err, CT_EIO, "%s: cannot write: %s: %s", path, f->tmp_path,
                            strerror(errno));
    f->fp = fdopen(fd, "wb");
    if (!f->fp) {
        int saved = errno;
        close(fd);
        unlink(f->tmp_path);
        return ct_error_set(err, CT_EIO, "%s: cannot write: %s", path, strerror(saved));
    }
    return CT_OK;
}

int ct_outfile_open_in(ct_outfile *f, const char *dir, const char *name, ct_error *err)
{
    char path[sizeof f->path];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
        return ct_error_set(err, CT_EINVAL, "%s: path too long for a file in it (at most %zu "
                            "bytes in all)", dir, sizeof path - 1);
    return ct_outfile_open(f, path, err);
}

int ct_io_write_error(const char *path, ct_error *err)
{
    return ct_error_set(err, CT_EIO, "%s: write failed: %s", path, strerror(errno ? errno : EIO));
}

/* First failure of flushing, syncing and closing, with its errno; 0 when all went well. */
static int finish_writing(FILE *fp)
{
    int failed = 0;
    errno = 0;
    if (ferror(fp) || fflush(fp) != 0)
        failed = errno ? errno : EIO;
    if (fsync(fileno(fp)) != 0 && errno != EINVAL && !failed)
        failed = errno;
    if (fclose(fp) != 0 && !failed)
        failed = errno ? errno : EIO;
    return failed;
}

static int rename_into_place(ct_outfile *f, ct_error *err)
{
    if (rename(f->tmp_path, f->path) != 0) {
        int saved = errno;
        unlink(f->tmp_path);
        return ct_error_set(err, CT_EIO, "%s: cannot rename into place: %s", f->path,
                            strerror(saved));
    }
    return CT_OK;
}

int ct_outfile_commit(ct_outfile *f, ct_error *err)
{
    if (!f->fp)
        return ct_error_set(err, CT_EIO, "%s: file not open", f->path);
    int failed = finish_writing(f->fp);
    f->fp = NULL;
    if (failed) {
        unlink(f->tmp_path);
        errno = failed;
        return ct_io_write_error(f->path, err);
    }
    return rename_into_place(f, err);
}

/* Cuts the file of fd to its first bytes and syncs it; 0 or the errno. */
static int cut_to(int fd, long long bytes)
{
    if (fd < 0 || ftruncate(fd, (off_t)bytes) != 0 || (fsync(fd) != 0 && errno != EINVAL))
        return fd < 0 || !errno ? EIO : errno;
    return 0;
}

int ct_outfile_commit_prefix(ct_outfile *f, long long whole_bytes, int *kept, ct_error *err)
{
    *kept = 0;
    if (!f->fp)
        return ct_error_set(err, CT_EIO, "%s: file not open", f->path);
    int fd = dup(fileno(f->fp)); /* fclose cannot be undone: cut through a second descriptor */
    int failed = finish_writing(f->fp);
    f->fp = NULL;
    int cut_failed = failed ? cut_to(fd, whole_bytes) : 0;
    if (fd >= 0)
        close(fd);
    if (cut_failed) {
        unlink(f->tmp_path);
        errno = failed;
        return ct_io_write_error(f->path, err);
    }
    int rc = rename_into_place(f, err);
    *kept = rc == CT_OK;
    if (!rc && failed) {
        errno = failed;
        rc = ct_io_write_error(f->path, err);
    }
    return rc;
}

void ct_outfile_abort(ct_outfile *f)
{
    if (f->fp) {
        fclose(f->fp);
        f->fp = NULL;
        unlink(f->tmp_path);
    }
}

/* Whether name ends in ".tmp.<digits>" with digits other than this process's pid. */
static int stale_temporary(const char *name)
{
    const char *tag = strstr(name, ".tmp.");
    if (!tag)
        return 0;
    const char *digits = tag + 5;
    size_t n = strspn(digits, "0123456789");
    return n > 0 && digits[n] == '\0' && atol(digits) != (long)getpid();
}

void ct_io_remove_stale_temporaries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    char path[4608];
    for (struct dirent *e; (e = readdir(d));)
        if (stale_temporary(e->d_name) &&
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name) < (int)sizeof path)
            unlink(path);
    closedir(d);
}

int ct_io_write_file(const char *path, const void *data, size_t len, ct_error *err)
{
    ct_outfile f;
    int rc = ct_outfile_open(&f, path, err);
    if (rc)
        return rc;
    if (len && fwrite(data, 1, len, f.fp) != len) {
        int saved = errno;
        ct_outfile_abort(&f);
        errno = saved;
        return ct_io_write_error(path, err);
    }
    return ct_outfile_commit(&f, err);
}

static const char *kind_of_file(mode_t mode)
{
    return S_ISDIR(mode)    ? "a directory"
           : S_ISFIFO(mode) ? "a FIFO (named pipe)"
           : S_ISCHR(mode)  ? "a character device"
           : S_ISBLK(mode)  ? "a block device"
           : S_ISSOCK(mode) ? "a socket"
                            : "not a regular file";
}

static int too_big(const char *path, unsigned long long bytes, size_t max_bytes, const char *kind,
                   ct_error *err)
{
    return ct_error_set(err, CT_ERANGE, "%s: %llu bytes or more: a %s may have at most %zu MiB",
                        path, bytes, kind, max_bytes >> 20);
}

int ct_io_fopen_read(const char *path, size_t max_bytes, const char *kind, FILE **fp,
                     ct_error *err)
{
    *fp = NULL;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer; fstat of what was opened, not a
       stat before the open, so the file checked is the file read */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return ct_error_set(err, CT_EIO, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    int rc = CT_OK;
    if (fstat(fd, &st) != 0)
        rc = ct_error_set(err, CT_EIO, "%s: cannot open: %s", path, strerror(errno));
    else if (!S_ISREG(st.st_mode))
        rc = ct_error_set(err, CT_EINVAL, "%s: is %s: a %s must be a regular file", path,
                          kind_of_file(st.st_mode), kind);
    else if ((unsigned long long)st.st_size > max_bytes)
        rc = too_big(path, (unsigned long long)st.st_size, max_bytes, kind, err);
    else if (!(*fp = fdopen(fd, "rb")))
        rc = ct_error_set(err, CT_EIO, "%s: cannot open: %s", path, strerror(errno));
    if (rc)
        close(fd);
    return rc;
}

int ct_io_read_file_max(const char *path, size_t max_bytes, const char *kind, char **data,
                        size_t *len, ct_error *err)
{
    *data = NULL;
    FILE *fp;
    int rc = ct_io_fopen_read(path, max_bytes, kind, &fp, err);
    if (rc)
        return rc;
    size_t cap = 1 << 16, n = 0;
    char *buf = ct_malloc(cap);
    while (buf && n <= max_bytes) { /* a file that grows while read stops at the limit too */
        size_t got = fread(buf + n, 1, cap - n - 1, fp);
        n += got;
        if (n + 1 < cap)
            break;
        char *bigger = ct_realloc(buf, cap * 2);
        if (!bigger) {
            ct_free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    int failed = ferror(fp);
    fclose(fp);
    if (!buf)
        return ct_error_set(err, CT_ENOMEM, "%s: out of memory reading file", path);
    if (failed || n > max_bytes) {
        ct_free(buf);
        return failed ? ct_error_set(err, CT_EIO, "%s: read error", path)
                      : too_big(path, (unsigned long long)n, max_bytes, kind, err);
    }
    buf[n] = '\0';
    *data = buf;
    if (len)
        *len = n;
    return CT_OK;
}

int ct_io_read_file(const char *path, char **data, size_t *len, ct_error *err)
{
    return ct_io_read_file_max(path, CT_IO_MAX_DATA_BYTES, "data file", data, len, err);
}

int ct_io_mkdirs(const char *path, ct_error *err)
{
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
        return ct_error_set(err, CT_EINVAL, "%s: path too long", path);
    for (char *p = buf + 1; ; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            if (mkdir(buf, 0777) != 0 && errno != EEXIST)
                return ct_error_set(err, CT_EIO, "%s: cannot create directory: %s", buf,
                                    strerror(errno));
            *p = c;
            if (!c)
                break;
        }
    }
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return ct_error_set(err, CT_EIO, "%s: not a directory", path);
    return CT_OK;
}
