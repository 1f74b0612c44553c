#!/bin/sh
# The phone library (callq-phone.so) is loaded only when a number is read,
# and only from the binary's own directory, checked first: a missing one
# says so and exits 69 for a command that reads a number, while the rest
# of callq works; a symbolic link, a group-writable or a foreign-owned
# one is refused.
. "$(dirname "$0")/../lib.sh"

shim=$(dirname "$bin")/callq-phone.so
inst=$scratch/inst
mkdir -p "$inst/bin" "$inst/lib/callq"
cp "$bin" "$inst/bin/callq"
floor_db callq
cq() { "$inst/bin/callq" --db "$db" "$@"; }
add() { cq lead add --name "Ann Lee" --phone "+1 415 555 0100" \
    --allow-duplicate; }

# refused WHY: lead add fails with 69 and the sentence says why.
refused() {
	add >"$scratch/out" 2>&1
	rc=$?
	[ "$rc" -eq 69 ] && grep -q "^callq: refusing to load .*$1" \
	    "$scratch/out" || { echo "# rc $rc:"; sed 's/^/#   /' \
	    "$scratch/out"; return 1; }
}

ok "callq starts without its phone library" sh -c "'$inst/bin/callq' \
    --db '$db' init >/dev/null"
ok "--version needs no phone library" \
    sh -c "'$inst/bin/callq' --version | grep -q '^callq '"
ok "lead list needs none" sh -c "'$inst/bin/callq' --db '$db' lead list \
    >/dev/null"
add >"$scratch/out" 2>&1
rc=$?
ok "a number to read without it exits 69" test "$rc" -eq 69
ok "with one sentence saying where it looked" grep -q \
    "^callq: cannot read phone numbers: its library callq-phone.so is in neither $inst/bin/../lib/callq nor $inst/bin; reinstall callq\$" \
    "$scratch/out"
ok "and nothing was added" sh -c "test \"\$('$inst/bin/callq' --db '$db' \
    lead list | wc -l)\" -eq 1"

cp "$shim" "$inst/lib/callq/callq-phone.so"
chmod 0644 "$inst/lib/callq/callq-phone.so"
ok "an installed one (../lib/callq) is loaded" sh -c "'$inst/bin/callq' \
    --db '$db' lead add --name 'Ann Lee' --phone '+1 415 555 0100' |
    grep -q '^added lead'"
rm "$inst/lib/callq/callq-phone.so"
cp "$shim" "$inst/bin/callq-phone.so"
ok "one beside the binary is loaded" sh -c "'$inst/bin/callq' --db '$db' \
    lead add --name 'Bo Lee' --phone '+1 415 555 0101' |
    grep -q '^added lead'"

chmod g+w "$inst/bin/callq-phone.so"
ok "a group-writable one is refused" refused "others than its owner may write it"
chmod 0646 "$inst/bin/callq-phone.so"
ok "an other-writable one is refused" refused "others than its owner may write it"
chmod 0644 "$inst/bin/callq-phone.so"

mv "$inst/bin/callq-phone.so" "$scratch/real.so"
ln -s "$scratch/real.so" "$inst/bin/callq-phone.so"
ok "a symbolic link is refused" refused "symbolic link"
rm "$inst/bin/callq-phone.so"
ln -s "$scratch/real.so" "$inst/lib/callq/callq-phone.so"
ok "a symbolic link in ../lib/callq is refused" refused "symbolic link"
rm "$inst/lib/callq/callq-phone.so"
mkdir "$inst/bin/callq-phone.so"
ok "a directory is refused" refused "not a regular file"
rmdir "$inst/bin/callq-phone.so"

if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
	cp "$scratch/real.so" "$inst/bin/callq-phone.so"
	chown nobody "$inst/bin/callq-phone.so"
	ok "one owned by neither root nor callq's owner is refused" \
	    refused "owned by neither root nor the owner of callq"
	# callq owned by a user: that user's library is accepted.
	chown nobody "$inst/bin/callq"
	ok "one owned by callq's owner is loaded" sh -c "'$inst/bin/callq' \
	    --db '$db' lead add --name 'Cy Lee' --phone '+1 415 555 0102' |
	    grep -q '^added lead'"
else
	skip "a foreign-owned library is refused" "it needs root (chown)"
fi

# Only the binary's directory counts: the environment names no library.
rm -f "$inst/bin/callq-phone.so"
mkdir "$scratch/lib"
cp "$scratch/real.so" "$scratch/lib/callq-phone.so"
LD_LIBRARY_PATH=$scratch/lib add >"$scratch/out" 2>&1
ok "LD_LIBRARY_PATH does not find one" test $? -eq 69
finish
