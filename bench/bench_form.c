/* Decode throughput of the form decoder.
 *   bench_form [--schema OP] FILE...
 * For each body file: decodes it (and frees the tree) repeatedly for about
 * one second and prints `FILE MB/s bodies/s`. --schema decodes with the
 * parameter schema of endpoint operation OP (as the reference server does).
 * bench/qs_bench.js prints the same for npm qs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ccs/form.h"
#include "ccs/params.h"

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;

    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)n + 1)) && fread(buf, 1, (size_t)n, f) == (size_t)n) {
        *len = (size_t)n;
    } else {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

static int bench_file(const char *path, const cJSON *schema)
{
    size_t len = 0;
    char *body = slurp(path, &len);
    long iters = 0, batch = 16, i;
    double t0, elapsed = 0;
    ccs_error err;
    cJSON *t = NULL;

    if (!body) {
        fprintf(stderr, "bench_form: cannot read %s\n", path);
        return 1;
    }
    if (ccs_form_decode(body, len, schema, NULL, &t, &err) != CCS_OK) { /* also warms up */
        fprintf(stderr, "bench_form: %s: %s at byte %ld\n", path, err.message, err.offset);
        free(body);
        return 1;
    }
    cJSON_Delete(t);
    t0 = now();
    while (elapsed < 1.0) {
        for (i = 0; i < batch; i++) {
            if (ccs_form_decode(body, len, schema, NULL, &t, &err) != CCS_OK) {
                fprintf(stderr, "bench_form: %s: %s\n", path, err.message);
                free(body);
                return 1;
            }
            cJSON_Delete(t);
        }
        iters += batch;
        batch *= 2;
        elapsed = now() - t0;
    }
    printf("%s %.1f MB/s %.0f bodies/s\n", path, (double)len * (double)iters / elapsed / 1e6,
           (double)iters / elapsed);
    free(body);
    return 0;
}

int main(int argc, char **argv)
{
    cJSON *endpoints = NULL;
    const cJSON *schema = NULL;
    ccs_error err;
    int i = 1, rc = 0;

    if (argc > 2 && !strcmp(argv[1], "--schema")) {
        if (ccs_params_load(NULL, &endpoints, &err) != CCS_OK ||
            !(schema = ccs_params_for(endpoints, argv[2]))) {
            fprintf(stderr, "bench_form: no schema for '%s' %s\n", argv[2], err.message);
            cJSON_Delete(endpoints);
            return 2;
        }
        i = 3;
    }
    if (i >= argc) {
        fprintf(stderr, "usage: bench_form [--schema OP] FILE...\n");
        return 2;
    }
    for (; i < argc; i++)
        rc |= bench_file(argv[i], schema);
    cJSON_Delete(endpoints);
    return rc ? 1 : 0;
}
