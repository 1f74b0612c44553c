/* Measuring how long something took, on the monotonic clock. */
#ifndef CALLQ_CLOCK_H
#define CALLQ_CLOCK_H

#include <time.h>

/* Seconds from t0 (CLOCK_MONOTONIC) to now. */
double clock_since(const struct timespec *t0);

#endif
