/* Gregor's stand-ins for the few librdkafka-internal helpers that Debian's copy of the
 * rdkafka_performance example uses but Debian does not ship (rd.h / rdtime.h). */
#ifndef GREGOR_RDKAFKA_SHIM_RD_H
#define GREGOR_RDKAFKA_SHIM_RD_H
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>   /* getopt */
#include <sys/time.h> /* gettimeofday */

typedef int64_t rd_ts_t; /* microseconds */

static inline rd_ts_t rd_clock(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (rd_ts_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

#define rd_snprintf snprintf
#define RD_MAX(a, b) ((a) > (b) ? (a) : (b))
#define RD_MIN(a, b) ((a) < (b) ? (a) : (b))
#endif
