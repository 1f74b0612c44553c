#!/usr/bin/python3
# Adds a year of call history to a floor made by gen_leads.py and callq
# import, writing straight into the database (a bench fixture, not a way
# to load data): 20 reps in two teams, N calls (default 5,000,000) over
# the 365 days up to now on working days, with a plausible mix of
# dispositions and durations, each rep's attendance (check-in, lunch, a
# short break, check-out) per working day, and a follow-up for each
# callback with most of them kept, some late and some missed. On schema
# 12 on it fills in where each call's lead was as callq would: the hour
# of the week in the lead's first zone at the call's start, the lead's
# region and source.
#
#   gen_calls.py DB [CALLS] [SEED]      (now: CALLQ_NOW, else the clock)
import os
import random
import sqlite3
import sys
import time
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

db = sqlite3.connect(sys.argv[1])
ncalls = int(sys.argv[2]) if len(sys.argv) > 2 else 5000000
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
now = int(os.environ.get("CALLQ_NOW") or time.time())
REPS = 20
DAY = 86400

# disposition: (share of calls, talk seconds lo, hi)
MIX = {"No answer": (44, 0, 0), "Busy": (10, 0, 0),
       "Wrong number": (4, 5, 40), "Not interested": (15, 20, 180),
       "Interested": (8, 120, 900), "Callback requested": (9, 60, 400),
       "Qualified": (4, 300, 1200), "Converted": (4, 400, 1800),
       "Do not call": (2, 10, 60)}

cur = db.cursor()
cur.execute("PRAGMA synchronous=OFF")
disp = dict(cur.execute("SELECT name, id FROM dispositions"))
names = [n for n in MIX if n in disp]
weights = [MIX[n][0] for n in names]
pause = dict(cur.execute("SELECT name, id FROM choices WHERE list = 'pause'"))
lo, hi = cur.execute("SELECT min(id), max(id) FROM leads").fetchone()
if lo is None:
    sys.exit("gen_calls.py: the floor has no leads; import some first")

cur.execute("BEGIN")
teams = []
for t in ("Bench A", "Bench B"):
    cur.execute("INSERT OR IGNORE INTO teams (name, created_at) VALUES (?, ?)",
                (t, now - 400 * DAY))
    teams.append(cur.execute("SELECT id FROM teams WHERE name = ?",
                             (t,)).fetchone()[0])
reps = []
for i in range(REPS):
    login = "benchrep%02d" % (i + 1)
    cur.execute("INSERT OR IGNORE INTO users (login, name, role, team_id,"
                " created_at) VALUES (?, ?, 'rep', ?, ?)",
                (login, "Bench Rep %d" % (i + 1), teams[i % 2], now - 400 * DAY))
    reps.append(cur.execute("SELECT id FROM users WHERE login = ?",
                            (login,)).fetchone()[0])

# Working days (Mon-Fri, UTC) of the last 365 days, today up to now.
today = now - now % DAY
days = [d for d in range(today - 364 * DAY, today + 1, DAY)
        if time.gmtime(d).tm_wday < 5]
per_day = ncalls // (len(days) * REPS)
extra = ncalls - per_day * len(days) * REPS
WORK_FROM, WORK_TO = 9 * 3600, 17 * 3600 + 1800

slots = any(r[1] == "local_slot" for r in cur.execute(
    "PRAGMA table_info(calls)"))
place = {}
if slots:
    place = {i: (z.split(" ")[0] if z else None, r, s) for i, z, r, s in
             cur.execute("SELECT id, timezone, region_id, source_id"
                         " FROM leads")}
offsets = {}


def local_slot(zone, at):
    """Monday 00:00 is 0; None without a zone (as callq_local_slot)."""
    if not zone:
        return None
    key = (zone, at // 900)
    if key not in offsets:
        try:
            tz = ZoneInfo(zone)
        except Exception:
            tz = timezone.utc
        offsets[key] = int(datetime.fromtimestamp(at, tz).utcoffset()
                           .total_seconds())
    local = at + offsets[key]
    return (local // DAY + 3) % 7 * 24 + local % DAY // 3600


def placed(c):
    zone, region, source = place.get(c[1], (None, None, None))
    return c + (local_slot(zone, c[4]), region, source)


calls, followups, attendance = [], [], []
call_id = (cur.execute("SELECT max(id) FROM calls").fetchone()[0] or 0)


def flush():
    if slots:
        cur.executemany("INSERT INTO calls (id, lead_id, user_id,"
                        " disposition_id, started_at, ended_at, duration_s,"
                        " state, local_slot, region_id, source_id) VALUES"
                        " (?,?,?,?,?,?,?,'logged',?,?,?)",
                        [placed(c) for c in calls])
    else:
        cur.executemany("INSERT INTO calls (id, lead_id, user_id,"
                        " disposition_id, started_at, ended_at, duration_s,"
                        " state) VALUES (?,?,?,?,?,?,?,'logged')", calls)
    cur.executemany("INSERT INTO followups (lead_id, user_id, due_at, state,"
                    " done_at, call_id, created_at) VALUES (?,?,?,?,?,?,?)",
                    followups)
    cur.executemany("INSERT INTO attendance (user_id, state, reason_id, at)"
                    " VALUES (?,?,?,?)", attendance)
    calls.clear()
    followups.clear()
    attendance.clear()


for day in days:
    day_calls = []
    for r, user in enumerate(reps):
        k = per_day + (1 if r < extra % REPS and day == days[-1] else 0)
        start = day + WORK_FROM + rng.randint(-600, 600)
        lunch = day + 12 * 3600 + 1800 + rng.randint(-900, 900)
        brk = day + 15 * 3600 + rng.randint(-900, 900)
        end = day + WORK_TO + rng.randint(-600, 600)
        events = [(start, "in", None), (lunch, "paused", pause.get("Lunch")),
                  (lunch + rng.randint(40, 70) * 60, "in", None),
                  (brk, "paused", pause.get("Short break")),
                  (brk + rng.randint(8, 20) * 60, "in", None),
                  (end, "out", None)]
        attendance.extend((user, s, why, at) for at, s, why in events
                          if at <= now)
        for name in rng.choices(names, weights, k=k):
            at = rng.randint(start, end)
            if at > now:
                continue
            _, tlo, thi = MIX[name]
            day_calls.append((at, user, name, rng.randint(tlo, thi)))
    day_calls.sort()
    for at, user, name, secs in day_calls:
        call_id += 1
        lead = rng.randint(lo, hi)
        calls.append((call_id, lead, user, disp[name], at, at + secs, secs))
        if name != "Callback requested":
            continue
        due = at + rng.randint(1, 3) * DAY + rng.randint(-3, 3) * 3600
        fate = rng.random()
        if due > now or fate < 0.15:
            followups.append((lead, user, due, "open", None, None, at))
        elif fate < 0.25:
            followups.append((lead, user, due, "cancelled", None, None, at))
        else:
            done = due + (rng.randint(-3600, 0) if fate < 0.75
                          else rng.randint(1, 2 * DAY))
            followups.append((lead, user, due, "done", min(done, now),
                              None, at))
    if len(calls) > 200000:
        flush()
flush()
db.commit()
print("gen_calls.py: %d calls, %d reps, %d working days" %
      (cur.execute("SELECT count(*) FROM calls").fetchone()[0], REPS,
       len(days)))
