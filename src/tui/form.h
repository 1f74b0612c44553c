/*
 * The form at the bottom of the screen: a line of text to type (a note,
 * a time, a search) or a digit to pick (a disposition, a pause reason).
 * One is open at a time and takes every key until Enter or Esc.
 */
#ifndef CALLQ_TUI_FORM_H
#define CALLQ_TUI_FORM_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "callq/draft.h"
#include "view.h"

struct form {
	char    label[160];	/* "Note (Enter skips):" */
	char    choices[512];	/* the digits offered, or "" to type text */
	char    text[1024];	/* what was typed */
	int64_t id;		/* what the form is about: a lead, a follow-up */
	int     step;		/* where a form of several steps is */
	int     field;		/* a choice made on an earlier step */
	/*
	 * Why Enter was refused at this step (form_refuse's sentence, or
	 * the status line's when submit kept the form at its step): shown
	 * above the form, with what was typed kept, until Enter is pressed
	 * again or the step changes.
	 */
	char    refused[256];
	/* A digit was typed while choices are offered. */
	void  (*pick)(struct tui *t, struct form *f, int digit);
	/* Enter: returns 0 when the form is done with (and may be freed). */
	int   (*submit)(struct tui *t, struct form *f);
	/* Esc. */
	void  (*cancel)(struct tui *t, struct form *f);
	/* Esc first: 1 when it went a step back and the form stays open. */
	int   (*back)(struct tui *t, struct form *f);
	/* A line under the input: what the text means ("Tue 09:00"). */
	void  (*preview)(struct tui *t, const struct form *f, char *buf,
	          size_t size);
	void   *data;		/* the form's own, freed with it */
};

/* A new form with label, text typed so far and the call-backs; NULL on OOM. */
struct form *form_new(const char *label, const char *text);

/* Opens f (closing any other) and takes the keys. */
void form_open(struct tui *t, struct form *f);

/*
 * Opens a one-line form of label, with text typed already, that submit
 * takes on Enter. Returns it, or NULL (said) when out of memory.
 */
struct form *form_ask(struct tui *t, const char *label, const char *text,
    int (*submit)(struct tui *, struct form *));

/* Closes and frees the open form. */
void form_close(struct tui *t);

/* Starts f's next step: a new label, choices and empty text. */
void form_step(struct form *f, int step, const char *label,
    const char *choices);

/*
 * Refuses what was typed at f's step, saying why, and returns 1: a
 * submit's "stay open", so the form keeps its step and its text.
 */
int form_refuse(struct form *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * The end of a submit that made a change: when the store refused it
 * (rc != 0), form_refuse with its sentence (1: the form stays as it was);
 * else said on the status line, the screen read again, and 0.
 */
int form_outcome(struct tui *t, struct form *f, int rc,
    const struct err *err, const char *said);

/* Handles a key for the open form. */
void form_key(struct tui *t, int key);

/* Draws the open form over the status line and the line above it. */
void form_draw(struct tui *t);

/* The preview of a form that asks for a time: what it reads as. */
void form_when_preview(struct tui *t, const struct form *f, char *buf,
    size_t size);

/*
 * Reads text as a follow-up time on lead: a WHEN in the rep's time, or
 * ending in "there", in the lead's. 0 and *at, or -1.
 */
int form_followup_when(struct tui *t, int64_t lead, const char *text,
    time_t *at);

/*
 * The preview of a follow-up time (f's text) on lead: the time in the
 * rep's clock and the lead's, and when its calling hours do not hold it,
 * the nearest time they do.
 */
void form_followup_preview(struct tui *t, const struct form *f, int64_t lead,
    char *buf, size_t size);

/*
 * 1 when at is inside lead's calling hours (or they cannot be told);
 * else 0, said on the status line, with the nearest allowed time put in
 * f's text for Enter to take.
 */
int form_followup_fits(struct tui *t, struct form *f, int64_t lead,
    time_t at);

/*
 * The quick-log on lead id; draft (may be NULL) is what was typed before.
 * Returns 0 when it opened, else the store's status (said on the status
 * line).
 */
int quicklog_open(struct tui *t, int64_t id, const struct draft *draft);

/* The session is ending: keep what the quick-log holds. */
void quicklog_keep(struct tui *t);

#endif
