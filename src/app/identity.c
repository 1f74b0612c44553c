#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "callq/identity.h"
#include "callq/user.h"

int
identity_unix(char *login, size_t login_size, char *name, size_t name_size,
    struct err *err)
{
	struct passwd *pw = getpwuid(getuid());

	if (pw == NULL)
		return err_set(err, EX_NOUSER, "the Unix account %u has no "
		    "name; callq maps users by account name",
		    (unsigned)getuid());
	snprintf(login, login_size, "%s", pw->pw_name);
	/* The GECOS field's first part is the full name, when there is one. */
	snprintf(name, name_size, "%.*s", (int)strcspn(pw->pw_gecos, ","),
	    pw->pw_gecos);
	if (name[0] == '\0')
		snprintf(name, name_size, "%s", pw->pw_name);
	return 0;
}

/* A setgid callq guards the database; --as must not step around that. */
static int
runs_elevated(void)
{
	return getegid() != getgid() || geteuid() != getuid();
}

/*
 * Connected as a user's own PostgreSQL role, callq acts as that user: the
 * server enforces and audits the role whatever callq is told, so an --as
 * naming anyone else would have callq's checks and the server's disagree.
 */
static int
identity_own(struct store *st, const char *as_login, int64_t real_id,
    const char *real_login, struct actor *out, struct err *err)
{
	const char *own = store_own_login(st);

	if (as_login != NULL && strcmp(as_login, own) != 0)
		return err_set(err, EX_NOPERM, "you are connected to "
		    "PostgreSQL as %s's own role, where callq acts only as %s; "
		    "to act as %s, connect as their role (user=%s) instead of "
		    "--as", own, own, as_login, as_login);
	if (store_user_actor(st, own, out, err) != 0)
		return err->status;
	out->real_id = real_id;
	snprintf(out->real_login, sizeof out->real_login, "%s", real_login);
	return 0;
}

int
identity_resolve(struct store *st, const char *as_login, struct actor *out,
    struct err *err)
{
	struct actor real = { 0 };
	char name[128];
	int known;

	memset(out, 0, sizeof *out);
	if (identity_unix(real.real_login, sizeof real.real_login, name,
	    sizeof name, err) != 0)
		return err->status;
	known = store_user_actor(st, real.real_login, &real, err) == 0;
	if (!known && err->status != EX_NOUSER)
		return err->status;
	if (store_own_login(st) != NULL)
		return identity_own(st, as_login, known ? real.id : 0,
		    real.real_login, out, err);
	if (as_login == NULL) {
		if (!known)
			return err_set(err, EX_NOPERM, "no callq user for Unix "
			    "account '%s'; an admin can add one with: callq "
			    "user add %s --role rep", real.real_login,
			    real.real_login);
		*out = real;
		out->real_id = real.id;
		return 0;
	}
	if (runs_elevated() && !(known && real.role == ROLE_ADMIN))
		return err_set(err, EX_NOPERM, "only an admin may act as "
		    "another user with --as");
	if (store_user_actor(st, as_login, out, err) != 0)
		return err->status;
	out->real_id = known ? real.id : 0;
	snprintf(out->real_login, sizeof out->real_login, "%s",
	    real.real_login);
	return 0;
}
