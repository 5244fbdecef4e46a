/* Standalone replay driver: runs LLVMFuzzerTestOneInput on every file named
 * on the command line (directories are walked one level, sorted), so corpora
 * run as ordinary tests in builds without libFuzzer. Each input is copied
 * into an exact-size heap buffer so ASan sees reads past its end. */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_common.h"

/* Harnesses without set-up do not define it. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

/* The input being run, named when it aborts (harness check, ASan, UBSan). */
static const char *current;

static void on_abort(int sig)
{
    if (current) {
        static const char head[] = "\nreplay: crashing input: ";

        (void)!write(2, head, sizeof head - 1);
        (void)!write(2, current, strlen(current));
        (void)!write(2, "\n", 1);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    long len;
    int rc = 1;

    if (!f) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return 1;
    }
    if (fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
        goto done;
    /* malloc(0) may return NULL; keep one byte but pass the true size. */
    buf = malloc(len ? (size_t)len : 1);
    if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len)
        goto done;
    current = path;
    LLVMFuzzerTestOneInput(buf, (size_t)len);
    current = NULL;
    rc = 0;
done:
    if (rc)
        fprintf(stderr, "replay: %s: cannot read\n", path);
    free(buf);
    fclose(f);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every regular file of dir in name order; returns files run or -1. */
static long run_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, cap = 0, i;
    long ran = 0;

    if (!d) {
        fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            char **grown = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof *names);

            if (!grown)
                break;
            names = grown;
        }
        names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2);
        if (!names[n])
            break;
        sprintf(names[n], "%s/%s", dir, e->d_name);
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    for (i = 0; i < n; i++) {
        struct stat st;

        if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
            if (run_file(names[i]) != 0)
                ran = -1;
            else if (ran >= 0)
                ran++;
        }
        free(names[i]);
    }
    free(names);
    return ran;
}

int main(int argc, char **argv)
{
    long total = 0;
    int i, failed = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 2;
    }
    signal(SIGABRT, on_abort);
    signal(SIGSEGV, on_abort);
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    for (i = 1; i < argc; i++) {
        struct stat st;

        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
            failed = 1;
        } else if (S_ISDIR(st.st_mode)) {
            long n = run_dir(argv[i]);

            if (n < 0)
                failed = 1;
            else
                total += n;
        } else if (run_file(argv[i]) != 0) {
            failed = 1;
        } else {
            total++;
        }
    }
    printf("replay: %ld inputs ran\n", total);
    /* An empty corpus proves nothing: fail so a missing seed set is noticed. */
    return failed || total == 0 ? 1 : 0;
}
