/* Monotonic time for durations (requests, cases, runs, campaigns). */
#ifndef CCS_CLOCK_H
#define CCS_CLOCK_H

#ifdef __cplusplus
extern "C" {
#endif

/* Milliseconds on CLOCK_MONOTONIC (fractional): only differences mean
 * anything; never goes back when the wall clock is set. */
double ccs_clock_now_ms(void);

#ifdef __cplusplus
}
#endif
#endif
