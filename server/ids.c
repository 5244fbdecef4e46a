/* Random object ids (cs_test_..., li_..., req_...) and a small keyed hash. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "internal.h"

static const char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/* xorshift128+ per thread, seeded from the kernel: ids only need to be unique
 * and unguessable enough for a test server. */
static _Thread_local uint64_t st[2];

static uint64_t next(void)
{
    uint64_t s1 = st[0];
    const uint64_t s0 = st[1];

    if (!st[0] && !st[1]) {
        if (getrandom(st, sizeof st, 0) != (ssize_t)sizeof st) {
            st[0] = (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)&st;
            st[1] = (uint64_t)clock() * 0x9E3779B97F4A7C15ULL + 1;
        }
        if (!st[0] && !st[1])
            st[1] = 1;
        return next();
    }
    st[0] = s0;
    s1 ^= s1 << 23;
    st[1] = s1 ^ s0 ^ (s1 >> 17) ^ (s0 >> 26);
    return st[1] + s0;
}

/* Two characters per 64-bit draw, each by multiply-shift of 32 random bits
 * (bias below 1e-8; a 64-bit modulo per character cost more than the rest). */
void ids_random(char *out, size_t n)
{
    size_t i;

    for (i = 0; i + 1 < n; i += 2) {
        uint64_t r = next();

        out[i] = alnum[((r >> 32) * 62) >> 32];
        out[i + 1] = alnum[((r & 0xffffffffu) * 62) >> 32];
    }
    if (i < n)
        out[i] = alnum[((next() >> 32) * 62) >> 32];
    out[n] = '\0';
}

void ids_make(char *out, size_t cap, const char *prefix, size_t n)
{
    size_t pl = strlen(prefix);

    if (pl + n + 1 > cap)
        n = cap > pl + 1 ? cap - pl - 1 : 0;
    memcpy(out, prefix, pl < cap ? pl : cap - 1);
    ids_random(out + pl, n);
}

uint64_t ids_hash(const void *data, size_t len, uint64_t seed)
{
    const unsigned char *p = data;
    uint64_t h = 1469598103934665603ULL ^ seed;
    size_t i;

    for (i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}
