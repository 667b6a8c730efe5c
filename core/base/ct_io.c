/* Temporary-name-and-rename file output, whole-file reads and directory creation. */
#include "ct_io.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ct_alloc.h"

int ct_outfile_open(ct_outfile *f, const char *path, ct_error *err)
{
    memset(f, 0, sizeof *f);
    if (strlen(path) + 32 >= sizeof f->path)
        return ct_error_set(err, CT_EINVAL, "%s: path too long", path);
    snprintf(f->path, sizeof f->path, "%s", path);
    snprintf(f->tmp_path, sizeof f->tmp_path, "%s.tmp.%ld", path, (long)getpid());
    f->fp = fopen(f->tmp_path, "wb");
    if (!f->fp)
        return ct_error_set(err, CT_EIO, "%s: cannot write: %s", path, strerror(errno));
    return CT_OK;
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
    if (rename(f->tmp_path, f->path) != 0) {
        int saved = errno;
        unlink(f->tmp_path);
        return ct_error_set(err, CT_EIO, "%s: cannot rename into place: %s", f->path,
                            strerror(saved));
    }
    return CT_OK;
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

int ct_io_read_file(const char *path, char **data, size_t *len, ct_error *err)
{
    *data = NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return ct_error_set(err, CT_EIO, "%s: cannot open: %s", path, strerror(errno));
    size_t cap = 1 << 16, n = 0;
    char *buf = ct_malloc(cap);
    while (buf) {
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
    if (failed) {
        ct_free(buf);
        return ct_error_set(err, CT_EIO, "%s: read error", path);
    }
    buf[n] = '\0';
    *data = buf;
    if (len)
        *len = n;
    return CT_OK;
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
