/*
 * Who holds the write lock. SQLite's locks are POSIX record locks, so
 * fcntl(F_GETLK) names the process holding one. It is asked on the
 * descriptor SQLite already has open: opening and closing another one
 * on the file would drop every lock this process holds on it.
 */
#include <dirent.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "callq/text.h"
#include "internal.h"

/*
 * The byte a writer locks: WAL_WRITE_LOCK in -shm (UNIX_SHM_BASE, 120),
 * or RESERVED_BYTE of the database (PENDING_BYTE + 1) for a rollback
 * journal. Both are SQLite's file format, fixed for good.
 */
#define SHM_WRITE_BYTE	120
#define RESERVED_BYTE	(0x40000000 + 1)

/* This process's descriptor on the file at path, or -1. */
static int
fd_of(const char *path)
{
	struct stat want, sb;
	struct dirent *de;
	int fd, found = -1;
	DIR *d;

	if (stat(path, &want) != 0 || (d = opendir("/proc/self/fd")) == NULL)
		return -1;
	while (found < 0 && (de = readdir(d)) != NULL) {
		fd = atoi(de->d_name);
		if (de->d_name[0] != '.' && fd != dirfd(d) &&
		    fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    sb.st_dev == want.st_dev && sb.st_ino == want.st_ino)
			found = fd;
	}
	closedir(d);
	return found;
}

static pid_t
holder_pid(const struct store *st)
{
	char path[4200];
	struct flock fl;
	int fd;

	snprintf(path, sizeof path, "%s%s", st->path, st->wal ? "-shm" : "");
	if ((fd = fd_of(path)) < 0)
		return 0;
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = st->wal ? SHM_WRITE_BYTE : RESERVED_BYTE;
	fl.l_len = 1;
	if (fcntl(fd, F_GETLK, &fl) != 0 || fl.l_type == F_UNLCK)
		return 0;
	return fl.l_pid;
}

/* The process's command line, NULs made spaces, fit for one line. */
static void
holder_command(pid_t pid, char *out, size_t size)
{
	char path[64], raw[512];
	size_t n, i;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%ld/cmdline", (long)pid);
	n = (f = fopen(path, "r")) != NULL ? fread(raw, 1, sizeof raw - 1, f) :
	    0;
	if (f != NULL)
		fclose(f);
	while (n > 0 && raw[n - 1] == '\0')
		n--;
	for (i = 0; i < n; i++)
		if (raw[i] == '\0')
			raw[i] = ' ';
	raw[n] = '\0';
	text_fit(n > 0 ? raw : "?", 60, 0, out, size);
}

/* The Unix account the process runs as, and whether it is stopped. */
static void
holder_status(pid_t pid, char *login, size_t size, int *stopped)
{
	char path[64], line[256];
	struct passwd *pw;
	long uid = -1;
	FILE *f;

	snprintf(login, size, "an unknown account");
	*stopped = 0;
	snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, "State:", 6) == 0)
			*stopped = strpbrk(line + 6, "Tt") != NULL;
		else if (strncmp(line, "Uid:", 4) == 0)
			uid = strtol(line + 4, NULL, 10);
	}
	fclose(f);
	if (uid >= 0 && (pw = getpwuid((uid_t)uid)) != NULL)
		snprintf(login, size, "%s", pw->pw_name);
	else if (uid >= 0)
		snprintf(login, size, "uid %ld", uid);
}

int
lock_holder(const struct store *st, char *buf, size_t size)
{
	char command[256], login[64];
	pid_t pid = holder_pid(st);
	int stopped;

	if (pid <= 0)
		return -1;
	holder_command(pid, command, sizeof command);
	holder_status(pid, login, sizeof login, &stopped);
	snprintf(buf, size, "process %ld (%s) of %s%s", (long)pid, command,
	    login, stopped ? ", stopped," : "");
	return 0;
}
