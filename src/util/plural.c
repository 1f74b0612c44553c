#include "callq/plural.h"

const char *
plural(long long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}
