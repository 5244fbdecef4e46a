/* Where the data directory (golden/) lives. */
#ifndef CCS_PATHS_H
#define CCS_PATHS_H

#ifdef __cplusplus
extern "C" {
#endif

/* The golden directory, first of:
 *   1. $CCS_GOLDEN (set by --golden DIR through ccs_paths_set_golden);
 *   2. $CCS_GOLDEN_DIR (the older name, still read: tests and scripts use it);
 *   3. <dir of the executable>/CCS_GOLDEN_RELATIVE (an installed ccs:
 *      <prefix>/bin/../share/ccs) when it holds contract/versions.json;
 *   4. the built-in default: the golden/ of the source tree the binary was
 *      built from, or the install prefix's share/ccs in a package build.
 * The returned string stays valid until the environment changes. */
const char *ccs_paths_golden(void);

/* --golden DIR: make DIR the answer of ccs_paths_golden() here and in the
 * processes this one starts (the embedded server). Returns 0, or -1 when the
 * environment cannot be set. */
int ccs_paths_set_golden(const char *dir);

/* Where ccs_paths_golden() found it: "--golden or $CCS_GOLDEN",
 * "$CCS_GOLDEN_DIR", "installed" or "built-in default". */
const char *ccs_paths_golden_origin(void);

/* argv[0] of the program: the fallback for step 3 where /proc is not mounted. */
void ccs_paths_set_argv0(const char *argv0);

#ifdef __cplusplus
}
#endif
#endif
