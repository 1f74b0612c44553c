#!/usr/bin/python3
# A corpus of odd CSV lead lists, and the check of what callq made of it.
#
#   csvcorpus.py gen DIR [FILES] [SEED]   writes DIR/fNNN.csv, DIR/dnc.txt and
#                                         DIR/manifest.json
#   csvcorpus.py check DIR DB RESULTS     RESULTS: a line "FILE JSON" for each
#                                         import (callq import --format json);
#                                         DB is read through tests/sq, so a
#                                         SQLite file or a PostgreSQL floor
#
# Each file mixes well-formed records with malformed ones (stray quotes,
# quotes left open in the middle and at the end, quotes inside unquoted
# fields, rows in another delimiter, huge fields, bad bytes and phones) in
# random delimiters, line ends (LF, CRLF, CR, mixed), with or without a
# BOM, NULs and blank lines. Every record carries its own token (K0012x034K)
# in each field and a phone of its own, so the check can tell that every
# record was imported, counted as a duplicate or DNC, or rejected with a
# reason, that a well-formed record was never rejected, and that no lead
# holds text from two records. Deterministic: the seed fixes everything.
import csv
import io
import json
import os
import random
import re
import subprocess
import sys

TOKEN = re.compile(rb"K\d{4}x\d{3}K")
COLUMNS = ["Name", "Formatted phone number", "City", "Notes"]
# Reasons a malformed record must be rejected with (a part of them).
EXPECT = {
    "stray": "quote", "open": "quote", "open_end": "quote",
    "delims": "fields", "extra": "fields", "huge": "bytes; at most 4096",
    "latin1": "not UTF-8", "phone": "phone",
}
GOOD = ["plain", "quoted", "multiline", "inner", "nul", "spaces"]
BAD = ["stray", "open", "delims", "extra", "huge", "latin1", "phone"]


def phone_text(rng, n):
    """Number n (unique in the corpus) written one of the usual ways."""
    area, line = (212, 646, 917)[n // 10000], n % 10000
    return rng.choice(["+1 %d 736 %04d", "(%d) 736-%04d", "%d.736.%04d",
                       "1 %d 736 %04d"]) % (area, line)


def e164(n):
    return "+1%d736%04d" % ((212, 646, 917)[n // 10000], n % 10000)


def quote(s):
    return '"' + s.replace('"', '""') + '"'


def record(rng, tok, phone, kind, delim, ncols):
    """The record's text (without its line end) and whether it is good."""
    name = "Shop %s %s" % (tok, rng.choice(["Bakery", "Law", "Cafe", "Roofing"]))
    city = "City %s" % tok
    notes = "note %s" % tok
    fields = [name, phone, city, notes][:ncols]

    def joined(fs):
        return delim.join(fs)

    if kind == "plain":
        return joined(fields)
    if kind == "spaces":
        return joined("  %s " % f for f in fields)
    if kind == "quoted":
        # Quoted values start with a letter: see "open" below.
        fs = [quote(f + ", said \"hi\"" + delim) if i != 1 else quote(f)
              for i, f in enumerate(fields)]
        return joined(fs)
    if kind == "multiline":
        nl = rng.choice(["\n", "\r\n", "\r"])
        fs = list(fields)
        fs[0] = quote(fields[0] + nl + "second line" + nl + "third")
        return joined(fs)
    if kind == "inner":
        # Each quote inside is followed by a letter or a space and a letter.
        fs = list(fields)
        fs[0] = 'Joe "the" Plumber %s 5"x' % tok
        return joined(fs)
    if kind == "nul":
        fs = list(fields)
        fs[0] = fields[0].replace(" ", "\0", 1)
        return joined(fs)
    if kind == "stray":
        fs = list(fields)
        i = rng.choice([0, 2, 3][:ncols - 1] if ncols > 2 else [0])
        fs[i] = '"%s" and more' % fields[i]
        return joined(fs)
    if kind in ("open", "open_end"):
        fs = list(fields)
        i = rng.choice([0, ncols - 1])
        fs[i] = '"' + fields[i]
        return joined(fs)
    if kind == "delims":
        other = rng.choice([d for d in ",;\t|" if d != delim])
        return other.join(fields)
    if kind == "extra":
        return joined(fields + ["extra %s" % tok])
    if kind == "huge":
        size = rng.choice([4097, 6000, 20000, 70000, 300000])
        fs = list(fields)
        i = rng.choice([0, ncols - 1])
        big = fields[i] + "y" * (size - len(fields[i]))
        fs[i] = quote(big) if rng.random() < 0.5 else big
        return joined(fs)
    if kind == "latin1":
        fs = list(fields)
        fs[0] = fields[0] + " caf\udce9"
        return joined(fs)
    if kind == "phone":
        fs = list(fields)
        # No letters: libphonenumber reads them as a keypad's digits.
        fs[1] = rng.choice(["12345", "+1 555 0100", "0"])
        return joined(fs)
    raise ValueError(kind)


def gen_file(path, index, rng, counter, dnc):
    delim = rng.choice([",", ",", ";", "\t"])
    ends = rng.choice(["\n", "\r\n", "\r", "mixed"])
    ncols = rng.choice([2, 3, 4, 4])
    header = delim.join(COLUMNS[:ncols])
    out = ["\ufeff" if rng.random() < 0.2 else "", header]
    records = []
    nrec = rng.randint(3, 24)
    badness = rng.choice([0.0, 0.1, 0.3, 0.6])
    seen = []
    for k in range(nrec):
        tok = "K%04dx%03dK" % (index, k)
        if rng.random() < badness:
            kind = rng.choice(BAD)
        else:
            kind = rng.choice(GOOD)
        fate = "new"
        if kind in GOOD and seen and rng.random() < 0.1:
            fate, number = "dup", rng.choice(seen)
        elif kind in GOOD and rng.random() < 0.05:
            fate, number = "dnc", dnc[rng.randrange(len(dnc))]
        else:
            number = counter[0]
            counter[0] += 1
            seen.append(number)
        if kind == "open" and k == nrec - 1:
            kind = "open_end"
        text = record(rng, tok, phone_text(rng, number), kind, delim, ncols)
        records.append({"token": tok, "kind": kind, "fate": fate,
                        "e164": e164(number)})
        out.append(text)
        if rng.random() < 0.05:
            out.append(rng.choice(["", "   "]))
    body = ""
    for i, line in enumerate(out[1:]):
        end = ends if ends != "mixed" else rng.choice(["\n", "\r\n", "\r"])
        body += line + (end if i < len(out) - 2 else "")
    if rng.random() < 0.7 or (records and records[-1]["kind"] == "open_end"
                              and rng.random() < 0.5):
        body += ends if ends != "mixed" else "\n"
    data = (out[0] + body).encode("utf-8", "surrogateescape")
    with open(path, "wb") as f:
        f.write(data)
    return {"file": os.path.basename(path), "ncols": ncols,
            "records": records}


def gen(directory, files, seed):
    rng = random.Random(seed)
    os.makedirs(directory, exist_ok=True)
    # Numbers 9000 up of the last area code are the do-not-call list's.
    dnc = [29000 + i for i in range(20)]
    with open(os.path.join(directory, "dnc.txt"), "w") as f:
        f.write("number\n" + "".join(e164(n) + "\n" for n in dnc))
    counter = [0]
    manifest = [gen_file(os.path.join(directory, "f%03d.csv" % i), i, rng,
                         counter, dnc) for i in range(files)]
    with open(os.path.join(directory, "manifest.json"), "w") as f:
        json.dump(manifest, f)


def tokens(data):
    return set(t.decode() for t in TOKEN.findall(data))


# tests/sq's column and row ends, which no lead's text holds: the import
# makes control characters spaces (text_scrub).
COL, ROW = b"\x1f", b"\x1e\n"


def floor_leads(db):
    """Each batch's leads, as (name, phone_raw, city, extra, phone_e164)."""
    sq = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sq")
    out = subprocess.run(
        [sq, "-separator", COL.decode(), db,
         "SELECT batch_id, name, phone_raw, coalesce(city, ''),"
         " coalesce(extra, ''), phone_e164, '\x1e' FROM leads"
         " WHERE batch_id IS NOT NULL"],
        stdout=subprocess.PIPE, check=True).stdout
    batches = {}
    for row in out.split(ROW)[:-1]:
        cols = [c.decode("utf-8", "surrogateescape") for c in row.split(COL)]
        batches.setdefault(int(cols[0]), []).append(tuple(cols[1:6]))
    return batches


def check_file(directory, batches, entry, result, problems, totals):
    name = entry["file"]

    def bad(msg):
        problems.append("%s: %s" % (name, msg))

    counts = json.loads(result)
    rejects = {}
    path = os.path.join(directory, name[:-4] + ".rejects.csv")
    if os.path.exists(path):
        with open(path, "rb") as f:
            raw = f.read().replace(b"\0", b" ")  # Python's csv refuses NUL
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8",
                                                      "surrogateescape"),
                                           newline="")))
        for row in rows[1:]:
            if len(row) < 2 or not row[-2].strip():
                bad("a rejects row without a reason: %r" % row[:3])
                continue
            for t in tokens(",".join(row[:-2]).encode("utf-8",
                                                      "surrogateescape")):
                rejects[t] = row[-2]
        if counts["rejected"] != len(rows) - 1:
            bad("rejected %d, but the rejects file has %d rows"
                % (counts["rejected"], len(rows) - 1))
    elif counts["rejected"]:
        bad("rejected %d, and no rejects file" % counts["rejected"])
    leads = {}
    for row in batches.get(counts["batch"], []):
        found = tokens(" ".join(row[:4]).encode("utf-8", "surrogateescape"))
        if len(found) != 1:
            bad("a lead holds text from %d records: %r" % (len(found), row))
            continue
        leads[found.pop()] = row[4]
    if counts["imported"] != len(leads):
        bad("imported %d, but %d leads" % (counts["imported"], len(leads)))
    absent = 0
    by_token = {r["token"]: r for r in entry["records"]}
    for t, number in leads.items():
        if t not in by_token:
            bad("a lead of no record of the file: %s" % t)
        elif by_token[t]["e164"] != number:
            bad("lead %s has phone %s, its record %s"
                % (t, number, by_token[t]["e164"]))
    for r in entry["records"]:
        t, kind = r["token"], r["kind"]
        totals["records"] += 1
        totals[kind] = totals.get(kind, 0) + 1
        if kind in EXPECT:
            if t not in rejects:
                bad("%s record %s is not in the rejects file" % (kind, t))
            elif EXPECT[kind] not in rejects[t]:
                bad("%s record %s rejected for %r" % (kind, t, rejects[t]))
            if t in leads:
                bad("%s record %s was imported" % (kind, t))
        elif t in rejects:
            bad("well-formed %s record %s rejected: %s" % (kind, t, rejects[t]))
        elif t not in leads:
            if r["fate"] == "new":
                bad("%s record %s is neither imported nor rejected"
                    % (kind, t))
            absent += 1
    if absent != counts["duplicates"] + counts["dnc"]:
        bad("%d records absent, but duplicates %d and dnc %d"
            % (absent, counts["duplicates"], counts["dnc"]))
    for k in ("imported", "duplicates", "dnc", "rejected"):
        totals[k] += counts[k]


def check(directory, db, results):
    csv.field_size_limit(1 << 30)
    with open(os.path.join(directory, "manifest.json")) as f:
        manifest = {e["file"]: e for e in json.load(f)}
    batches = floor_leads(db)
    problems = []
    totals = {"files": 0, "records": 0, "imported": 0, "duplicates": 0,
              "dnc": 0, "rejected": 0}
    with open(results) as f:
        for line in f:
            name, result = line.rstrip("\n").split(" ", 1)
            totals["files"] += 1
            check_file(directory, batches, manifest.pop(name), result, problems,
                       totals)
    for name in manifest:
        problems.append("%s: never imported" % name)
    for p in problems[:40]:
        print(p)
    print("files %(files)d, records %(records)d: imported %(imported)d,"
          " duplicates %(duplicates)d, dnc %(dnc)d, rejected %(rejected)d"
          % totals)
    print("kinds: " + ", ".join("%s %d" % (k, totals[k])
                                for k in GOOD + BAD + ["open_end"]
                                if k in totals))
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "gen":
        gen(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 320,
            int(sys.argv[4]) if len(sys.argv) > 4 else 16)
    elif len(sys.argv) == 5 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2], sys.argv[3], sys.argv[4]))
    else:
        sys.exit("usage: csvcorpus.py gen DIR [FILES] [SEED] |"
                 " check DIR DB RESULTS")
