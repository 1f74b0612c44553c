#!/usr/bin/python3
# Writes a deterministic regional lead list in callq's default CSV format,
# with the variety of a real one: several countries and ways of writing a
# number, extensions, invalid numbers, duplicates written differently,
# quoted fields holding commas, quotes and newlines, bad coordinates.
#
#   gen_leads.py ROWS [SEED] > leads.csv
import random
import sys

rows = int(sys.argv[1])
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
out = sys.stdout

TRADES = ["Plumbing", "Bakery", "Dental Care", "Auto Repair", "Florist",
          "Law Office", "Roofing", "Pet Grooming", "Print Shop", "Cafe"]
NAMES = ["Acme", "Bright", "Cedar", "Delta", "Evergreen", "Foster", "Granite",
         "Harbor", "Iris", "Juniper", "Keystone", "Lakeside", "Maple"]
STREETS = ["Main St", "Oak Ave", "High Street", "Station Road", "King St W",
           "Elm Street", "George St", "Hauptstrasse", "MG Road"]

# country: (Country column spellings, [(city, region, lat, lng, number maker)])
def us(area):
    def make():
        n = "%03d%03d%04d" % (area, rng.randint(200, 999), rng.randint(0, 9999))
        return "1", n
    return make

def ca(area):
    def make():
        return "1", "%03d%03d%04d" % (area, rng.randint(200, 999), rng.randint(0, 9999))
    return make

def gb(prefix, rest):
    def make():
        return "44", prefix + "".join(str(rng.randint(0, 9)) for _ in range(rest))
    return make

def au(prefix):
    def make():
        return "61", prefix + "%07d" % rng.randint(0, 9999999)
    return make

def de(prefix, rest):
    def make():
        return "49", prefix + "".join(str(rng.randint(0, 9)) for _ in range(rest))
    return make

def india():
    def make():
        return "91", "9" + "%09d" % rng.randint(0, 999999999)
    return make

COUNTRIES = [
    (40, "US", ["US", "USA", "United States", "us", ""], [
        ("New York", "NY", 40.71, -74.0, us(212)),
        ("Boise", "ID", 43.61, -116.2, us(208)),
        ("Miami", "Florida", 25.76, -80.19, us(305)),
        ("Austin", "TX", 30.27, -97.74, us(512)),
        ("Seattle", "WA", 47.6, -122.33, us(206)),
        ("Chicago", "IL", 41.88, -87.63, us(312))]),
    (10, "CA", ["CA", "Canada", "CAN"], [
        ("Toronto", "ON", 43.65, -79.38, ca(416)),
        ("Vancouver", "BC", 49.28, -123.12, ca(604))]),
    (20, "GB", ["GB", "UK", "United Kingdom", "GBR"], [
        ("London", "", 51.5, -0.12, gb("207", 7)),
        ("Manchester", "", 53.48, -2.24, gb("161", 7)),
        ("Mobile", "", 52.0, -1.0, gb("7400", 6))]),
    (10, "AU", ["AU", "Australia"], [
        ("Sydney", "NSW", -33.87, 151.21, au("29")),
        ("Melbourne", "VIC", -37.81, 144.96, au("39"))]),
    (10, "DE", ["DE", "Germany", "DEU"], [
        ("Berlin", "", 52.52, 13.4, de("30", 8)),
        ("Munich", "", 48.14, 11.58, de("89", 8))]),
    (10, "IN", ["IN", "India"], [
        ("Mumbai", "MH", 19.07, 72.88, india())]),
]
WEIGHTS = [c[0] for c in COUNTRIES]
NATIONAL_PREFIX = {"1": "", "44": "0", "61": "0", "49": "0", "91": "0"}


def written(cc, nsn, style):
    """One of the ways people write a number."""
    if style == 0:
        return "+" + cc + nsn
    if style == 1:
        return "+%s %s %s %s" % (cc, nsn[:3], nsn[3:6], nsn[6:])
    if cc == "1":
        if style == 2:
            return "(%s) %s-%s" % (nsn[:3], nsn[3:6], nsn[6:])
        return "%s.%s.%s" % (nsn[:3], nsn[3:6], nsn[6:])
    national = NATIONAL_PREFIX[cc] + nsn
    if style == 2:
        return national
    return "%s %s" % (national[:5], national[5:])


def csv_field(s):
    if any(ch in s for ch in ',"\r\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


out.write("Name,Formatted phone number,Street number,Street,City,Region,"
          "Postal code,Country,Url,Website present (Y/N),Lat,Lng\r\n")
seen = []
for i in range(rows):
    weight, code, spellings, places = rng.choices(COUNTRIES, WEIGHTS)[0]
    city, region, lat, lng, make = rng.choice(places)
    roll = rng.random()
    if roll < 0.05 and seen:
        # A duplicate, written anew, of the same country.
        cc, nsn, spellings, city, region, lat, lng = rng.choice(seen)
    else:
        cc, nsn = make()
        kept = (cc, nsn, spellings, city, region, lat, lng)
        if len(seen) < 50000:
            seen.append(kept)
        elif rng.random() < 0.1:
            seen[rng.randrange(len(seen))] = kept
    phone = written(cc, nsn, rng.randrange(4))
    if roll > 0.97:
        phone = phone[:-4]                   # too short: invalid
    elif roll > 0.96:
        phone = "n/a"
    elif roll > 0.95:
        phone += " ext. %d" % rng.randint(1, 999)
    name = "%s %s" % (rng.choice(NAMES), rng.choice(TRADES))
    if i % 7 == 0:
        name += ", Inc."
    if i % 11 == 0:
        name = '%s "%s"' % (name, rng.choice(NAMES))
    street = rng.choice(STREETS)
    if i % 97 == 0:
        street += "\nUnit %d" % rng.randint(1, 40)
    la = "%.5f" % (lat + rng.uniform(-0.2, 0.2))
    ln = "%.5f" % (lng + rng.uniform(-0.2, 0.2))
    if i % 101 == 0:
        la, ln = "", ""
    elif i % 211 == 0:
        la = "95.1"                          # out of range: a warning
    site = rng.choice("YN")
    url = "https://example.com/%d" % i if site == "Y" else ""
    fields = [name, phone, str(rng.randint(1, 9999)), street, city, region,
              "%05d" % rng.randint(1000, 99999), rng.choice(spellings), url,
              site, la, ln]
    out.write(",".join(csv_field(f) for f in fields) + "\r\n")
