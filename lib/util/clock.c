/* Monotonic milliseconds for every duration the library measures. */
#include "ccs/clock.h"

#include <time.h>

double ccs_clock_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}
