/* Where the data directories live: env override, else the source tree. */
#ifndef CCS_PATHS_H
#define CCS_PATHS_H

#ifdef __cplusplus
extern "C" {
#endif

/* $CCS_GOLDEN_DIR or <source>/golden. */
const char *ccs_paths_golden(void);

#ifdef __cplusplus
}
#endif
#endif
