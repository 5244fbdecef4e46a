/* File-system helpers: one mkdir -p for every writer of reports. */
#include "ccs/fs.h"

#include <errno.h>
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
