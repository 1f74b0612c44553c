#!/bin/sh
# A corpus of odd CSV files (tests/csvcorpus.py: stray quotes, quotes left
# open, quotes inside unquoted fields, rows in another delimiter, huge
# fields, CR, LF and CRLF mixed, BOMs, NULs, blank lines), each imported
# on the sanitized binary: every record is imported, a duplicate or DNC,
# or rejected with its reason, and no lead holds text from two records.
. "$(dirname "$0")/../lib.sh"

floor_db corpus
dir=$scratch/corpus
files=320
"$bin" --db "$db" init >/dev/null
/usr/bin/python3 "$top/tests/csvcorpus.py" gen "$dir" $files 16
ok "the corpus has $files files" \
    test "$(ls "$dir"/f*.csv | wc -l)" -eq $files
ok "its do-not-call list is taken" \
    sh -c "'$bin' --db '$db' dnc import '$dir/dnc.txt' | grep -q '^added 20,'"

# One import a file; a crash, a sanitizer report or a refusal fails it.
failures=0
for f in "$dir"/f*.csv; do
	if out=$("$bin" --db "$db" import "$f" --region Corpus --country US \
	    --workers 1 --format json 2>"$scratch/err"); then
		echo "${f##*/} $out" >>"$scratch/results"
	else
		failures=$((failures + 1))
		echo "# ${f##*/}: status $?: $(head -c 300 "$scratch/err")"
	fi
done
ok "every file imports (status 0, nothing on the sanitizers)" \
    test $failures -eq 0
ok "every record is imported, a duplicate or DNC, or rejected with its reason; no lead mixes records" \
    /usr/bin/python3 "$top/tests/csvcorpus.py" check "$dir" "$db" \
    "$scratch/results"

finish
