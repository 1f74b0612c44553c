#include <stdarg.h>
#include <stdio.h>

#include "callq/err.h"

int
err_set(struct err *e, int status, const char *fmt, ...)
{
	va_list ap;

	e->status = status;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return status;
}
