/*
 * The Import pane's state, shared by its files: view_import.c (the steps,
 * the run, the rejects), import_files.c (the browser and the region) and
 * import_preview.c (the mapping and the first rows).
 */
#ifndef CALLQ_TUI_IMPORTER_H
#define CALLQ_TUI_IMPORTER_H

#include <signal.h>
#include <stdint.h>
#include <time.h>
#include <wchar.h>

#include "callq/import.h"
#include "list.h"

#define MAX_ENTRIES 4000
#define PREVIEW_ROWS 10
#define MAX_REJECTS 1000
#define MAX_COLUMNS 64

enum step { STEP_BROWSE, STEP_PREVIEW, STEP_RUNNING, STEP_SUMMARY,
	STEP_REJECTS };

/* A line of the browser: an interrupted batch, a folder or a .csv. */
struct entry {
	char    name[256];
	int     dir;
	int64_t size;
	time_t  mtime;
	int64_t batch;		/* an interrupted batch, or 0 */
	char    label[256];	/* the batch's line */
};

struct preview_row {
	int64_t number;
	char    name[48], raw[40], e164[24], country[4], zone[48];
	char    verdict[200];
	int     imported;
};

struct reject_line {
	char row[16], reason[200], fields[300];
};

struct importer {
	enum step          step;
	char               dir[2048];
	struct entry      *entries;
	int                n;
	struct list        browse;
	/* The import being set up. */
	char               path[4096];
	char               region[104], country[4];
	char               map[IMPORT_FIELDS][128];
	int                mapped[IMPORT_FIELDS];	/* map[f] is in force */
	int64_t            resume;
	/* The preview. */
	char               columns[MAX_COLUMNS][64];
	int                ncolumns, at[IMPORT_FIELDS];
	struct list        fields;	/* the field the cursor is on */
	char               delimiter;
	struct preview_row rows[PREVIEW_ROWS];
	int                nrows;
	char               problem[600];	/* why it cannot be imported */
	/* The run. */
	struct tui        *tui;
	struct import_progress progress;
	volatile sig_atomic_t stop;
	wint_t             ahead[32];	/* keys typed during the run */
	int                nahead;
	struct import_result result;
	int                ok;		/* the run ended well */
	char               outcome[700];
	/* The rejects. */
	struct reject_line *rejects;
	int                nrejects;
	struct list        rejected;
	int64_t            rejects_total;
};

/* The pane's importer. */
struct importer *importer_of(struct tui *t);

/* The browser (import_files.c). */
void importer_home(char *out, size_t size);
void importer_browse_read(struct importer *im);
/* Goes into dir: "..", a name in the folder, or a full path. */
void importer_browse_enter(struct importer *im, const char *dir);
/* Enter on the line under the cursor: a folder opened or a file picked. */
void importer_browse_open(struct importer *im);
void importer_path_ask(struct importer *im);
void importer_browse_draw(struct importer *im, WINDOW *win, int h, int w);

/* The preview (import_preview.c). */
void importer_opts(struct importer *im, struct import_opts *o);
/* Reads the mapping and the first rows, as the import will. */
void importer_preview(struct importer *im);
void importer_map_pick(struct importer *im);
void importer_preview_draw(struct importer *im, WINDOW *win, int h, int w);

#endif
