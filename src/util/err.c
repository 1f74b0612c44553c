#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "callq/err.h"
#include "callq/text.h"

int
err_set(struct err *e, int status, const char *fmt, ...)
{
	va_list ap;

	e->status = status;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	/* Sentences quote what users and providers wrote, and reach a terminal. */
	text_mask(e->msg, strlen(e->msg), e->msg, sizeof e->msg);
	return status;
}
