/* Small file-system helpers shared by the commands and report writers. */
#ifndef CCS_FS_H
#define CCS_FS_H

#include <stddef.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "ccs/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* mkdir -p: create dir and its parents. CCS_OK when dir exists as a directory
 * afterwards; else CCS_EIO with the directory that could not be made. */
int ccs_fs_mkdir_p(const char *dir, ccs_error *err);

/* Read a whole file into a malloc'd, NUL-terminated buffer (*len excludes
 * the NUL; len may be NULL). Files over max bytes are CCS_ELIMIT, so a
 * hostile or mistaken path cannot exhaust memory. On error *out is NULL and
 * err names the path. */
int ccs_fs_read_file(const char *path, size_t max, char **out, size_t *len, ccs_error *err);

/* Read and parse a JSON file of at most max bytes into *out (the caller
 * frees it); invalid JSON is CCS_EINVAL naming the path and byte offset. */
int ccs_fs_read_json(const char *path, size_t max, cJSON **out, ccs_error *err);

/* The same for an open stream (standard input); name is for messages. */
int ccs_fs_read_stream(FILE *f, const char *name, size_t max, char **out, size_t *len,
                       ccs_error *err);

#ifdef __cplusplus
}
#endif
#endif
