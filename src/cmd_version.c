/* `ccs --version`: the tool's version, the API versions its data knows and
 * the libraries it runs with, so a bug report or a CI log says exactly what
 * judged the target. */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <microhttpd.h>
#include <sqlite3.h>

#include "ccs/error.h"
#include "ccs/paths.h"
#include "ccs/versions.h"
#include "commands.h"

#ifndef CCS_VERSION
#define CCS_VERSION "unknown"
#endif

/* "2022-11-15 ... 2026-10-28.endive (17, latest 2026-10-28.endive)", one per line */
static int print_api_versions(void)
{
    char latest[CCS_VERSION_MAX];
    cJSON *doc = NULL;
    const cJSON *v;
    ccs_error err;
    int rc = 2, n = 0;

    ccs_error_clear(&err);
    if (ccs_versions_load(NULL, &doc, &err) != CCS_OK ||
        ccs_versions_pick(doc, "latest", latest, sizeof latest, &err) != CCS_OK) {
        fprintf(stderr, "ccs: %s\n", err.message);
        goto done;
    }
    cJSON_ArrayForEach(v, ccs_versions_list(doc)) n++;
    printf("API versions (%d, latest %s):\n", n, latest);
    cJSON_ArrayForEach(v, ccs_versions_list(doc)) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(v, "api_version");
        const cJSON *pkg = cJSON_GetObjectItemCaseSensitive(v, "package");

        if (cJSON_IsString(name))
            printf("  %-19s %s\n", name->valuestring, cJSON_IsString(pkg) ? pkg->valuestring : "");
    }
    rc = 0;
done:
    cJSON_Delete(doc);
    return rc;
}

int ccs_cmd_version(int argc, char **argv)
{
    const curl_version_info_data *curl = curl_version_info(CURLVERSION_NOW);

    (void)argv;
    if (argc > 1) {
        fprintf(stderr, "usage: ccs --version\n");
        return 2;
    }
    printf("ccs %s\n", CCS_VERSION);
    printf("data: %s (%s)\n", ccs_paths_golden(), ccs_paths_golden_origin());
    printf("libraries (built with -> running with):\n");
    printf("  libcurl        %-8s -> %s%s%s\n", LIBCURL_VERSION, curl->version, curl->ssl_version ? ", " : "",
           curl->ssl_version ? curl->ssl_version : "");
    printf("  cJSON          %d.%d.%-4d -> %s\n", CJSON_VERSION_MAJOR, CJSON_VERSION_MINOR, CJSON_VERSION_PATCH,
           cJSON_Version());
    printf("  libmicrohttpd  %x.%x.%-4x -> %s\n", (unsigned)(MHD_VERSION >> 24), (unsigned)(MHD_VERSION >> 16) & 0xff,
           (unsigned)(MHD_VERSION >> 8) & 0xff, MHD_get_version());
    printf("  SQLite         %-8s -> %s\n", SQLITE_VERSION, sqlite3_libversion());
    fflush(stdout);
    return print_api_versions();
}
