/* File-system helpers: one mkdir -p for every writer of reports. */
#include "ccs/fs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int ccs_fs_mkdir_p(const char *dir, ccs_error *err)
{
    char *tmp = strdup(dir ? dir : "");
    struct stat st;
    size_t i, n;
    int rc = CCS_OK;

    if (!tmp) {
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
        goto done;
    }
    n = strlen(tmp);
    if (n == 0) {
        rc = ccs_error_set(err, CCS_EIO, -1, "cannot create a directory with an empty name");
        goto done;
    }
    for (i = 1; i <= n; i++) {
        if (tmp[i] != '/' && tmp[i] != '\0')
            continue;
        tmp[i] = '\0';
        if (mkdir(tmp, 0777) != 0 && errno != EEXIST) {
            rc = ccs_error_set(err, CCS_EIO, -1, "cannot create directory %s: %s", tmp, strerror(errno));
            goto done;
        }
        if (i < n)
            tmp[i] = '/';
    }
    errno = 0;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        rc = ccs_error_set(err, CCS_EIO, -1, "cannot create directory %s: %s", dir,
                           errno ? strerror(errno) : "not a directory");
done:
    free(tmp);
    return rc;
}

/* Read f to its end in chunks rather than trusting a size: pipes and /proc
 * have none. name is only for messages. */
int ccs_fs_read_stream(FILE *f, const char *name, size_t max, char **out, size_t *len,
                       ccs_error *err)
{
    char *buf = NULL, *p;
    size_t n = 0, cap = 0, got;
    int rc = CCS_OK;

    *out = NULL;
    do {
        if (cap - n < 2) {
            cap = cap ? cap * 2 : 65536;
            if (!(p = realloc(buf, cap))) {
                rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory reading %s", name);
                goto done;
            }
            buf = p;
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (n > max) {
            rc = ccs_error_set(err, CCS_ELIMIT, -1, "%s: larger than %zu bytes", name, max);
            goto done;
        }
    } while (got > 0);
    if (ferror(f)) {
        rc = ccs_error_set(err, CCS_EIO, -1, "cannot read %s: %s", name, strerror(errno));
        goto done;
    }
    buf[n] = '\0';
    *out = buf;
    if (len)
        *len = n;
    buf = NULL;
done:
    free(buf);
    return rc;
}

int ccs_fs_read_file(const char *path, size_t max, char **out, size_t *len, ccs_error *err)
{
    FILE *f = fopen(path, "rb");
    int rc;

    *out = NULL;
    if (!f)
        return ccs_error_set(err, CCS_EIO, -1, "cannot open %s: %s", path, strerror(errno));
    rc = ccs_fs_read_stream(f, path, max, out, len, err);
    fclose(f);
    return rc;
}

int ccs_fs_read_json(const char *path, size_t max, cJSON **out, ccs_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    const char *end = NULL;
    int rc;

    *out = NULL;
    if ((rc = ccs_fs_read_file(path, max, &buf, &len, err)) != CCS_OK)
        return rc;
    *out = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
    if (!*out)
        rc = ccs_error_set(err, CCS_EINVAL, end ? (long)(end - buf) : -1, "%s is not valid JSON", path);
    free(buf);
    return rc;
}
