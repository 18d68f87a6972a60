#!/usr/bin/env python3
"""Sets up the budget ballots benchmark in a demo SQLite database: a budget open for voting now, with
three projects, and N one-time voting codes written one a line to CODES_FILE (only their fingerprints go
in the database, as the site keeps them). Prints "<budget id> <first project id>".
Usage: bench/budget_codes_setup.py DB N CODES_FILE"""
import hashlib
import secrets
import sqlite3
import sys
import time

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # modules/ballots/ballot_box.cpp


def fingerprint(code):  # ballots::receipt_hash
    return hashlib.sha256(("commonweal ballot receipt " + code).encode()).hexdigest()


def main():
    db, n, codes_file = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    now = int(time.time() * 1_000_000)
    day = 86_400_000_000
    con = sqlite3.connect(db)
    locality = con.execute("SELECT id FROM localities ORDER BY id LIMIT 1").fetchone()[0]
    cur = con.execute(
        "INSERT INTO budget_processes (locality_id, title, pot, rule, ballot_type, min_projects, max_projects, "
        "ideas_from, costing_from, shortlist_from, voting_from, results_from, delivery_from, created_at, "
        "updated_at) VALUES (?, 'Benchmark budget', 100000000, 'equalshares/add1', 'approval', 1, 0, ?, ?, ?, ?, "
        "?, ?, ?, ?)",
        (locality, now - 4 * day, now - 3 * day, now - 2 * day, now - day, now + day, now + 30 * day, now, now))
    budget = cur.lastrowid
    projects = [con.execute("INSERT INTO budget_projects (process_id, title, cost, created_at) VALUES (?, ?, ?, ?)",
                            (budget, f"Benchmark project {i}", 1_000_000 * i, now)).lastrowid for i in (1, 2, 3)]
    codes = ["".join(secrets.choice(ALPHABET) for _ in range(12)) for _ in range(n)]
    con.executemany("INSERT INTO budget_codes (process_id, code_hash, created_at) VALUES (?, ?, ?)",
                    [(budget, fingerprint(c), now) for c in codes])
    con.commit()
    with open(codes_file, "w") as f:
        f.write("\n".join(codes) + "\n")
    print(budget, projects[0])


if __name__ == "__main__":
    main()
