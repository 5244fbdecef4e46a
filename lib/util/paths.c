/* Data directory lookup. An installed ccs finds its golden data relative to
 * its own executable, so a package can live under any prefix; a ccs in the
 * build tree falls back to the source tree's golden/ baked in at build time. */
#include "ccs/paths.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef CCS_GOLDEN_DEFAULT
#define CCS_GOLDEN_DEFAULT "golden"
#endif
/* From bin/ to the installed data: set by CMake from the install layout. */
#ifndef CCS_GOLDEN_RELATIVE
#define CCS_GOLDEN_RELATIVE "../share/ccs"
#endif

static char installed[PATH_MAX];
static const char *argv0_copy;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* The executable's own path: /proc/self/exe, else argv[0] resolved (with a
 * slash: as given; without: the first match on $PATH). */
static int exe_path(char *out, size_t cap)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", out, cap - 1);
    const char *path, *p;

    if (n > 0) {
        out[n] = '\0';
        return 0;
    }
    if (!argv0_copy || !*argv0_copy)
        return -1;
    if (strchr(argv0_copy, '/'))
        return realpath(argv0_copy, out) ? 0 : -1;
    path = getenv("PATH");
    for (p = path; p && *p;) {
        size_t len = strcspn(p, ":");

        if (snprintf(buf, sizeof buf, "%.*s/%s", (int)len, p, argv0_copy) < (int)sizeof buf &&
            access(buf, X_OK) == 0 && realpath(buf, out))
            return 0;
        p += len + (p[len] == ':');
    }
    return -1;
}

/* <exe dir>/CCS_GOLDEN_RELATIVE when it holds contract/versions.json. */
static int installed_dir(char *out, size_t cap)
{
    char exe[PATH_MAX], probe[PATH_MAX + 64];
    char *slash;

    if (exe_path(exe, sizeof exe) != 0 || !(slash = strrchr(exe, '/')))
        return -1;
    *slash = '\0';
    if (snprintf(probe, sizeof probe, "%s/%s/contract/versions.json", exe, CCS_GOLDEN_RELATIVE) >= (int)sizeof probe ||
        access(probe, R_OK) != 0)
        return -1;
    if (snprintf(probe, sizeof probe, "%s/%s", exe, CCS_GOLDEN_RELATIVE) >= (int)sizeof probe)
        return -1;
    /* a canonical path reads better in `ccs --version` and error messages */
    return realpath(probe, out) && strlen(out) < cap ? 0 : -1;
}

/* The installed directory is looked up once; the environment is read on
 * every call, so that a change to it (a test, --golden) takes effect. */
static void find_installed(void)
{
    if (installed_dir(installed, sizeof installed) != 0)
        installed[0] = '\0';
}

const char *ccs_paths_golden(void)
{
    const char *env = getenv("CCS_GOLDEN");

    if (env && *env)
        return env;
    if ((env = getenv("CCS_GOLDEN_DIR")) && *env)
        return env;
    pthread_once(&once, find_installed);
    return installed[0] ? installed : CCS_GOLDEN_DEFAULT;
}

const char *ccs_paths_golden_origin(void)
{
    const char *env = getenv("CCS_GOLDEN");

    if (env && *env)
        return "--golden or $CCS_GOLDEN";
    if ((env = getenv("CCS_GOLDEN_DIR")) && *env)
        return "$CCS_GOLDEN_DIR";
    pthread_once(&once, find_installed);
    return installed[0] ? "installed" : "built-in default";
}

int ccs_paths_set_golden(const char *dir)
{
    /* the environment, not a static, so that the embedded server started by
     * `ccs run` (a new process image) reads the same data */
    return dir && *dir && setenv("CCS_GOLDEN", dir, 1) == 0 ? 0 : -1;
}

void ccs_paths_set_argv0(const char *argv0)
{
    argv0_copy = argv0;
}
