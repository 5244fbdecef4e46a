/* Contract check throughput: parse + check vs parse only, per JSON file.
 * usage: bench_check [--seconds S | --iters N] FILE...   (default 1 s per mode per file)
 * prints: FILE objects/s parse-only-objects/s overhead%
 * Rates are per second of this thread's CPU time, best of 20 alternating slices.
 * --iters runs each mode exactly N times (for valgrind --tool=callgrind: the
 * inclusive costs of loop_parse and loop_check give a repeatable overhead). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ccs/contract.h"
#include "ccs/fs.h"
#include "ccs/paths.h"

#define ROUNDS 20

static double now(void)
{
    struct timespec ts;

    /* CPU time of this thread: time spent descheduled by other load on the
     * machine does not count against either mode. */
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* n parses (and checks when check != 0); -1 when one fails. Out of line
 * and split by mode so a profiler attributes each mode's work exactly. */
static int loop(const ccs_contracts *set, const char *name, const char *text, size_t len, int check,
                int n)
{
    int i;

    for (i = 0; i < n; i++) {
        cJSON *v = cJSON_ParseWithLength(text, len);

        if (!v)
            return -1;
        if (check) {
            ccs_violations out = {0};

            if (ccs_contract_check(set, name, v, "", &out, NULL) != CCS_OK) {
                cJSON_Delete(v);
                return -1;
            }
            ccs_violations_free(&out);
        }
        cJSON_Delete(v);
    }
    return 0;
}

__attribute__((noinline)) static int loop_parse(const ccs_contracts *set, const char *name,
                                                const char *text, size_t len, int n)
{
    return loop(set, name, text, len, 0, n);
}

__attribute__((noinline)) static int loop_check(const ccs_contracts *set, const char *name,
                                                const char *text, size_t len, int n)
{
    return loop(set, name, text, len, 1, n);
}

/* Objects per second over a slice of `seconds`; check=0 parses only.
 * Returns -1 when a parse or check fails. */
static double rate(const ccs_contracts *set, const char *name, const char *text, size_t len, int check,
                   double seconds)
{
    double start = now(), elapsed;
    long n = 0;

    do {
        if ((check ? loop_check : loop_parse)(set, name, text, len, 64) != 0)
            return -1;
        n += 64;
        elapsed = now() - start;
    } while (elapsed < seconds);
    return (double)n / elapsed;
}

int main(int argc, char **argv)
{
    ccs_contracts *set = NULL;
    ccs_error err;
    char dir[4096];
    double seconds = 1.0;
    int i = 1, rc = 0, fixed = 0;

    if (argc > 2 && !strcmp(argv[1], "--seconds")) {
        seconds = atof(argv[2]);
        i = 3;
    } else if (argc > 2 && !strcmp(argv[1], "--iters")) {
        fixed = atoi(argv[2]);
        i = 3;
    }
    if (i >= argc || seconds <= 0 || (i == 3 && !strcmp(argv[1], "--iters") && fixed <= 0)) {
        fprintf(stderr, "usage: bench_check [--seconds S | --iters N] FILE...\n");
        return 2;
    }
    ccs_error_clear(&err);
    snprintf(dir, sizeof dir, "%s/contract", ccs_paths_golden());
    if (ccs_contract_load_dir(dir, &set, &err) != CCS_OK) {
        fprintf(stderr, "bench_check: %s\n", err.message);
        return 2;
    }
    printf("# file objects/s(parse+check) parse-only-objects/s overhead%%\n");
    for (; i < argc; i++) {
        size_t len = 0;
        char *text = NULL;
        cJSON *probe = ccs_fs_read_file(argv[i], (size_t)64 << 20, &text, &len, NULL) == CCS_OK
                           ? cJSON_ParseWithLength(text, len)
                           : NULL;
        const char *guess = probe ? ccs_contract_guess(probe) : NULL;
        char name[64];
        double best_check = 0, best_parse = 0;
        int round;

        if (!guess) {
            fprintf(stderr, "bench_check: %s: unreadable, invalid JSON or no contract\n", argv[i]);
            rc = 2;
            goto next;
        }
        snprintf(name, sizeof name, "%s", guess);
        if (fixed > 0) {
            if (loop_parse(set, name, text, len, fixed) != 0 || loop_check(set, name, text, len, fixed) != 0) {
                fprintf(stderr, "bench_check: %s: parse or check failed\n", argv[i]);
                rc = 2;
            } else {
                printf("%s ran %d parses and %d parse+checks\n", argv[i], fixed, fixed);
            }
            goto next;
        }
        /* Alternate the modes in short slices and keep the best of each, so
         * other load on the machine and frequency changes hit both alike. */
        for (round = 0; round < ROUNDS; round++) {
            double p = rate(set, name, text, len, 0, seconds / ROUNDS);
            double c = rate(set, name, text, len, 1, seconds / ROUNDS);

            if (p < 0 || c < 0) {
                fprintf(stderr, "bench_check: %s: parse or check failed\n", argv[i]);
                rc = 2;
                goto next;
            }
            if (p > best_parse)
                best_parse = p;
            if (c > best_check)
                best_check = c;
        }
        printf("%s %.0f %.0f %.1f%%\n", argv[i], best_check, best_parse,
               (best_parse / best_check - 1.0) * 100.0);
    next:
        cJSON_Delete(probe);
        free(text);
    }
    ccs_contract_free(set);
    return rc;
}
