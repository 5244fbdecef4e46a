/* Decode throughput of the form decoder.
 *   bench_form [--iters N] [--schema OP] FILE...
 * For each body file: decodes it (and frees the tree) repeatedly for about
 * one second and prints `FILE MB/s bodies/s`. --schema decodes with the
 * parameter schema of endpoint operation OP (as the reference server does).
 * --iters decodes exactly N times instead (repeatable instruction counts
 * under valgrind --tool=callgrind). bench/qs_bench.js prints the same for
 * npm qs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ccs/form.h"
#include "ccs/fs.h"
#include "ccs/params.h"

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Decode + free n times; kept out of line so a profiler can attribute
 * exactly the measured work to it. */
__attribute__((noinline)) static int run_batch(const char *body, size_t len, const cJSON *schema,
                                               long n, ccs_error *err)
{
    cJSON *t = NULL;
    long i;

    for (i = 0; i < n; i++) {
        if (ccs_form_decode(body, len, schema, NULL, &t, err) != CCS_OK)
            return -1;
        cJSON_Delete(t);
    }
    return 0;
}

static int bench_file(const char *path, const cJSON *schema, long fixed)
{
    size_t len = 0;
    char *body = NULL;
    long iters = 0, batch = 16;
    double t0, elapsed = 0;
    ccs_error err;
    cJSON *t = NULL;

    if (ccs_fs_read_file(path, (size_t)64 << 20, &body, &len, &err) != CCS_OK) {
        fprintf(stderr, "bench_form: %s\n", err.message);
        return 1;
    }
    if (ccs_form_decode(body, len, schema, NULL, &t, &err) != CCS_OK) { /* also warms up */
        fprintf(stderr, "bench_form: %s: %s at byte %ld\n", path, err.message, err.offset);
        free(body);
        return 1;
    }
    cJSON_Delete(t);
    t0 = now();
    if (fixed > 0)
        batch = fixed;
    while (fixed > 0 ? iters < fixed : elapsed < 1.0) {
        if (run_batch(body, len, schema, batch, &err) != 0) {
            fprintf(stderr, "bench_form: %s: %s\n", path, err.message);
            free(body);
            return 1;
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
    long fixed = 0;

    if (argc > i + 1 && !strcmp(argv[i], "--iters")) {
        fixed = atol(argv[i + 1]);
        i += 2;
    }
    if (argc > i + 1 && !strcmp(argv[i], "--schema")) {
        if (ccs_params_load(NULL, &endpoints, &err) != CCS_OK ||
            !(schema = ccs_params_for(endpoints, argv[i + 1]))) {
            fprintf(stderr, "bench_form: no schema for '%s' %s\n", argv[i + 1], err.message);
            cJSON_Delete(endpoints);
            return 2;
        }
        i += 2;
    }
    if (i >= argc) {
        fprintf(stderr, "usage: bench_form [--iters N] [--schema OP] FILE...\n");
        return 2;
    }
    for (; i < argc; i++)
        rc |= bench_file(argv[i], schema, fixed);
    cJSON_Delete(endpoints);
    return rc ? 1 : 0;
}
