#!/usr/bin/python3
# The yardstick for `callq import`: the same work done the straightforward
# way in Python (csv + python3-phonenumbers + sqlite3): each row's number
# read in its country, checked, formatted as E.164, its time zones looked
# up, duplicates and bad rows set aside, the leads inserted.
#
#   import_py.py FILE DB COUNTRY COUNTRIES_TSV
import csv
import sqlite3
import sys

import phonenumbers
from phonenumbers import timezone

path, dbpath, default, countries_tsv = sys.argv[1:5]
names = {}
with open(countries_tsv, encoding="utf-8") as f:
    for line in f:
        if line.startswith("#") or "\t" not in line:
            continue
        name, code = line.rstrip("\n").split("\t")
        names[name] = code

db = sqlite3.connect(dbpath)
db.execute("CREATE TABLE leads (name, phone_raw, phone_e164 UNIQUE, phone_ext,"
           " country, street_number, street, city, region, postal_code, url,"
           " has_website, lat, lng, timezone)")
seen = set()
imported = duplicates = rejected = 0
rows = []
with open(path, newline="", encoding="utf-8-sig") as f, \
        open(path + ".py-rejects.csv", "w", newline="") as rej:
    out = csv.writer(rej)
    for r in csv.DictReader(f):
        region = names.get(" ".join(r["Country"].lower().split()), default)
        try:
            n = phonenumbers.parse(r["Formatted phone number"], region)
            ok = phonenumbers.is_valid_number(n)
        except phonenumbers.NumberParseException:
            ok = False
        if not ok:
            rejected += 1
            out.writerow(list(r.values()) + ["invalid phone"])
            continue
        e164 = phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164)
        if e164 in seen:
            duplicates += 1
            continue
        seen.add(e164)
        zones = " ".join(timezone.time_zones_for_number(n))
        rows.append((r["Name"], r["Formatted phone number"], e164,
                     n.extension, region, r["Street number"], r["Street"],
                     r["City"], r["Region"], r["Postal code"], r["Url"],
                     r["Website present (Y/N)"] == "Y", r["Lat"], r["Lng"],
                     zones))
        imported += 1
        if len(rows) == 10000:
            db.executemany("INSERT INTO leads VALUES (%s)" % ",".join("?" * 15), rows)
            rows = []
db.executemany("INSERT INTO leads VALUES (%s)" % ",".join("?" * 15), rows)
db.commit()
print("imported %d, duplicates %d, rejected %d" % (imported, duplicates, rejected))
