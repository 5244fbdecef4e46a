/* Small file-system helpers shared by the commands and report writers. */
#ifndef CCS_FS_H
#define CCS_FS_H

#include "ccs/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* mkdir -p: create dir and its parents. CCS_OK when dir exists as a directory
 * afterwards; else CCS_EIO with the directory that could not be made. */
int ccs_fs_mkdir_p(const char *dir, ccs_error *err);

#ifdef __cplusplus
}
#endif
#endif
