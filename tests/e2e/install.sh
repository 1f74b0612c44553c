#!/bin/sh
# make install into a staging tree: the binary runs, on a floor of the
# tests' driver, and the man pages are where man looks for them.
. "$(dirname "$0")/../lib.sh"

stage=$scratch/stage
make -C "$top" --no-print-directory install DESTDIR="$stage" PREFIX=/usr \
    >/dev/null
ok "the binary is installed and runs" \
    sh -c "'$stage/usr/bin/callq' --version | grep -q '^callq '"
ok "its phone library is installed where it looks, not writable by others" \
    sh -c "stat -c %a '$stage/usr/lib/callq/callq-phone.so' | grep -qx 644"
floor_db i
ok "and reads a number" sh -c "'$stage/usr/bin/callq' --db '$db' \
    init >/dev/null && '$stage/usr/bin/callq' --db '$db' lead add \
    --name 'Ann Lee' --phone '+1 415 555 0100' | grep -q '^added lead'"
ok "the man page is installed" test -f "$stage/usr/share/man/man1/callq.1"
ok "and reads" sh -c "mandoc -Tmarkdown '$stage/usr/share/man/man1/callq.1' | grep -q '^# EXIT STATUS'"
ok "callq.conf(5) is installed and reads" sh -c "mandoc -Tmarkdown '$stage/usr/share/man/man5/callq.conf.5' | grep -q '^# SECTIONS AND KEYS'"
finish
