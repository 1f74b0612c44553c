/* Files under data/, embedded in the binary at build time (src/util/data.S). */
#ifndef CALLQ_DATA_H
#define CALLQ_DATA_H

#include <stddef.h>

/*
 * Calls fn for each line of data/NAME that is neither blank nor a comment,
 * with the line's tab-separated fields (at most max). Stops and returns
 * fn's value when it is not 0.
 */
int data_each_row(const char *name, int max,
    int (*fn)(char **fields, int n, void *arg), void *arg);

#endif
