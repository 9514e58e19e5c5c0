#!/usr/bin/env python3
"""Writes N synthetic mayors as a recipient CSV (example.org addresses only) for benchmarks."""
import csv
import sys

COLUMNS = ["id", "role", "name", "given_name", "family_name", "title", "jurisdiction", "state", "district",
           "party", "email", "contact_form", "phone", "address", "term_end", "source"]
GIVEN = ["Ana", "José", "Mei", "Đức", "Zoë", "Kwame", "Siobhán", "Luis", "Priya", "Jürgen"]
FAMILY = ["García", "Nguyễn", "O'Brien", "Smith", "Müller", "Chen", "Okafor", "Dubois", "Kowalski", "Lee"]


def main():
    count = int(sys.argv[1])
    path = sys.argv[2]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for index in range(count):
            given = GIVEN[index % len(GIVEN)]
            family = FAMILY[(index // len(GIVEN)) % len(FAMILY)]
            writer.writerow([
                f"bench-{index}", "mayor", f"{given} {family}", given, family, "Mayor", f"Town {index}", "CA", "",
                "", f"mayor{index}@example.org", "", "555-0100", f"{index} Main St, Town {index}, CA 90000",
                "2099-01-01", "generated",
            ])


if __name__ == "__main__":
    main()
