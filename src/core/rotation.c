#include "callq/rotation.h"

size_t
rotation_start(const int64_t *ids, size_t n, int64_t last)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ids[i] > last)
			return i;
	return 0;
}

size_t
rotation_deal(size_t n, size_t start, size_t nleads, size_t *counts)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		counts[(start + i) % n] = nleads / n + (i < nleads % n);
	return (start + n - 1 + nleads % n) % n;
}

void
split_counts(size_t n, size_t nleads, size_t *counts)
{
	size_t i;

	for (i = 0; i < n; i++)
		counts[i] = nleads / n + (i < nleads % n);
}
