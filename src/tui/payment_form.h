/*
 * Recording a payment from the screen, and a lead's payments in its
 * view; private to src/tui/.
 */
#ifndef CALLQ_TUI_PAYMENT_FORM_H
#define CALLQ_TUI_PAYMENT_FORM_H

#include <stdint.h>

#include "view.h"

/*
 * Opens the payment form on deal (by id, or deal 0: lead's deal): amount,
 * day paid, method, reference, note, then the payment is recorded and
 * the screen read again. Returns 0 when it opened, else the store's
 * status, said on the status line (no deal, not one who may record on).
 */
int payment_form_open(struct tui *t, int64_t deal, int64_t lead);

/*
 * The payments of lead's deal as lines for the lead view, for those who
 * may see payments (nothing for the others, nor when it has none): add
 * takes each line, head nonzero for the heading.
 */
void payment_box_lines(struct tui *t, int64_t lead,
    void (*add)(void *arg, int head, const char *text), void *arg);

#endif
