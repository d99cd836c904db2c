/* clock: seconds on the monotonic clock, for progress lines and the
 * frame trace (never the wall clock, which can jump). */
#ifndef KLX_CLOCK_H
#define KLX_CLOCK_H

/* Seconds since an arbitrary start, monotonic. */
double clock_seconds(void);

#endif
