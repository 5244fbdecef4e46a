/* Seedable PRNG for the remote fuzzer: the same --seed replays the campaign. */
#include "rfuzz_internal.h"

uint64_t ccs_rfuzz_rand(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

size_t ccs_rfuzz_below(uint64_t *state, size_t n)
{
    return n ? (size_t)(ccs_rfuzz_rand(state) % n) : 0;
}
