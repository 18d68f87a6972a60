#!/usr/bin/env bash
# The `commonweal` command line as a user meets it: help and version, exit code 2 on bad usage with
# the error on stderr, `pb check` agreeing with every published Pabulib outcome, `pb count` of several
# files and of ballots that list a project twice, `stv count --json`, `audit verify` on a fresh and on a
# tampered database, `backup` and `restore` and what restore refuses.
# Usage: tests/cli/cli_test.sh path/to/commonweal   (run from the repository root)
set -uo pipefail
bin=$1
failures=0
check() {  # check "description" expected_exit command...
  local what=$1 want=$2; shift 2
  "$@" >/tmp/cli_out.$$ 2>/tmp/cli_err.$$
  local got=$?
  if [ "$got" -ne "$want" ]; then
    echo "FAIL $what: exit $got, wanted $want"; sed 's/^/     /' /tmp/cli_err.$$ | head -5; failures=$((failures + 1))
  else
    echo "ok   $what"
  fi
}

check "version prints and exits 0" 0 "$bin" version
grep -q '^commonweal [0-9]' /tmp/cli_out.$$ || { echo "FAIL version text"; failures=$((failures + 1)); }
for sub in serve migrate demo "pb count" "pb check" "stv count"; do
  # shellcheck disable=SC2086
  check "$sub --help exits 0" 0 "$bin" $sub --help
done
check "no subcommand is bad usage" 2 "$bin"
check "unknown option is bad usage" 2 "$bin" serve --no-such-option
[ -s /tmp/cli_err.$$ ] && [ ! -s /tmp/cli_out.$$ ] || { echo "FAIL bad usage must print on stderr only"; failures=$((failures + 1)); }
check "threads out of range is bad usage" 2 "$bin" serve --threads 0
check "a bad --listen is bad usage" 2 "$bin" serve --listen nowhere
check "--behind-tls without --trusted-proxy refuses to start" 2 "$bin" serve --behind-tls --listen 127.0.0.1:0
grep -q "trusted-proxy" /tmp/cli_err.$$ || { echo "FAIL the refusal names --trusted-proxy"; failures=$((failures + 1)); }
smtp_db=$(mktemp -d)
check "a bad SMTP setting does not stop migrate" 0 env COMMONWEAL_SMTP_URL=nonsense://x "$bin" migrate --db "sqlite:$smtp_db/m.db"
check "a bad SMTP setting stops serve, naming it" 1 env COMMONWEAL_SMTP_URL=nonsense://x "$bin" serve --db "sqlite:$smtp_db/m.db" --listen 127.0.0.1:0
grep -q "COMMONWEAL_SMTP_URL" /tmp/cli_err.$$ || { echo "FAIL the refusal names COMMONWEAL_SMTP_URL"; failures=$((failures + 1)); }
rm -rf "$smtp_db"
check "an unreadable database URL fails with 1" 1 "$bin" migrate --db mysql://nope
grep -q "commonweal:" /tmp/cli_err.$$ || { echo "FAIL database error names the program"; failures=$((failures + 1)); }

for f in tests/data/pabulib/*.pb; do
  check "pb check $(basename "$f")" 0 "$bin" pb check "$f"
done
check "pb count --json gives selected projects" 0 "$bin" pb count --json tests/data/pabulib/Poland_Warszawa_2019_Grochow_Kinowa.pb
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["selected"], d' /tmp/cli_out.$$ \
  || { echo "FAIL pb count --json output"; failures=$((failures + 1)); }
check "pb count on a missing file fails with 1" 1 "$bin" pb count /nonexistent.pb
grep -q "/nonexistent.pb" /tmp/cli_err.$$ || { echo "FAIL pb count names the missing file"; failures=$((failures + 1)); }

# A ballot that lists a project twice (real files do) is counted once, with a warning: in the JSON, or on
# stderr; pb check accepts the file too.
pb_dir=$(mktemp -d)
printf '%s\n' META key\;value budget\;100 vote_type\;approval rule\;greedy PROJECTS 'project_id;cost;selected' \
  '1;60;1' '2;50;0' '3;40;1' VOTES 'voter_id;vote' 'v1;1,3,1' 'v2;2,3' 'v3;1' >"$pb_dir/twice.pb"
check "pb count --json accepts a project listed twice on a ballot" 0 "$bin" pb count --json "$pb_dir/twice.pb"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); w=d["warnings"]
assert d["selected"]==["1","3"] and len(w)==1 and "twice.pb:13: voter \"v1\" names project \"1\" twice" in w[0], d' \
  /tmp/cli_out.$$ || { echo "FAIL pb count --json warnings"; failures=$((failures + 1)); }
check "pb count reports a project listed twice on stderr" 0 "$bin" pb count "$pb_dir/twice.pb"
grep -q '^warning: .*twice.pb:13: voter "v1" names project "1" twice; counted once$' /tmp/cli_err.$$ \
  || { echo "FAIL pb count warning on stderr"; failures=$((failures + 1)); }
check "pb check accepts a project listed twice, with a warning" 0 "$bin" pb check "$pb_dir/twice.pb"
grep -q '^warning: .*names project "1" twice' /tmp/cli_err.$$ || { echo "FAIL pb check warning"; failures=$((failures + 1)); }

# Several files: one JSON object per line, in file order; a bad file in the middle gets an error line
# naming it (and a message on stderr), the files after it are still counted, and the exit status is 1.
good=tests/data/pabulib/Poland_Warszawa_2019_Grochow_Kinowa.pb
check "pb count --json of two files" 0 "$bin" pb count --json "$good" "$pb_dir/twice.pb"
python3 -c 'import json,sys; lines=open(sys.argv[1]).read().splitlines(); d=[json.loads(l) for l in lines]
assert len(d)==2 and d[0]["file"].endswith("Grochow_Kinowa.pb") and d[1]["file"].endswith("twice.pb"), lines
assert d[0]["selected"] and d[0]["warnings"]==[] and d[1]["selected"]==["1","3"], d' /tmp/cli_out.$$ \
  || { echo "FAIL pb count --json of two files: one line each, in order"; failures=$((failures + 1)); }
printf 'META\nkey;value\n' >"$pb_dir/broken.pb"
check "pb count --json with a bad file among good ones fails with 1" 1 "$bin" pb count --json "$good" \
  "$pb_dir/broken.pb" "$pb_dir/twice.pb"
python3 -c 'import json,sys; d=[json.loads(l) for l in open(sys.argv[1]).read().splitlines()]
assert len(d)==3 and d[0]["selected"] and d[2]["selected"]==["1","3"], d
assert d[1]["file"].endswith("broken.pb") and "broken.pb:2: the file ends without a PROJECTS section" in d[1]["error"], d' \
  /tmp/cli_out.$$ || { echo "FAIL pb count --json error line for the bad file"; failures=$((failures + 1)); }
grep -q "broken.pb:2: the file ends without a PROJECTS section" /tmp/cli_err.$$ \
  || { echo "FAIL pb count names the bad file on stderr"; failures=$((failures + 1)); }
check "pb count of several files as reports" 1 "$bin" pb count "$good" "$pb_dir/broken.pb" "$pb_dir/twice.pb"
[ "$(grep -c '^File: ' /tmp/cli_out.$$)" -eq 2 ] && grep -q "^File: .*twice.pb$" /tmp/cli_out.$$ \
  || { echo "FAIL pb count reports name each good file"; failures=$((failures + 1)); }
rm -rf "$pb_dir"
check "stv count --json" 0 "$bin" stv count --json tests/data/stv/glasgow-2007/blt/scotland/Govan-2007.blt
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["method"]=="scottish" and len(d["elected"])==d["seats"], d' /tmp/cli_out.$$ \
  || { echo "FAIL stv count --json output"; failures=$((failures + 1)); }
check "stv count --method meek" 0 "$bin" stv count --method meek tests/data/stv/glasgow-2007/blt/SC.blt
check "stv count on a bad method is bad usage" 2 "$bin" stv count --method borda tests/data/stv/glasgow-2007/blt/SC.blt

# audit verify: a fresh database is an intact, empty log; a forged entry (inserted behind the program's
# back, with a made-up hash) is found and named.
audit_dir=$(mktemp -d)
check "audit without a subcommand is bad usage" 2 "$bin" audit
check "audit verify with an unknown option is bad usage" 2 "$bin" audit verify --no-such-option
check "audit verify on a fresh database" 0 "$bin" audit verify --db "sqlite:$audit_dir/fresh.db"
grep -qx 'audit log intact: 0 rows' /tmp/cli_out.$$ || { echo "FAIL audit verify text"; failures=$((failures + 1)); }
sqlite3 "$audit_dir/fresh.db" "INSERT INTO audit_log (id, at, actor_label, action, object_type, object_id, ip_prefix,
  before_summary, after_summary, prev_hash, hash) VALUES (1, 0, 'x', 'role.grant', 'user', '1', '', '', '', '', 'forged')"
check "audit verify finds a forged entry" 1 "$bin" audit verify --db "sqlite:$audit_dir/fresh.db"
grep -q '^audit log broken at row 1: ' /tmp/cli_out.$$ || { echo "FAIL audit verify broken text"; failures=$((failures + 1)); }
rm -rf "$audit_dir"

# `import geo`: a locality from files, all or nothing.
geo_dir=$(mktemp -d)
check "import geo with a malformed locality code is bad usage" 2 "$bin" import geo --db "sqlite:$geo_dir/g.db" \
  --locality Sutton --name Sutton --wards data/demo/wards.geojson
check "import geo of wards from another authority fails with 1" 1 "$bin" import geo --db "sqlite:$geo_dir/g.db" \
  --locality E09000008 --name Croydon --wards data/demo/wards.geojson
grep -q "the wards are in E09000029, not E09000008" /tmp/cli_err.$$ || { echo "FAIL import geo names the mismatch"; failures=$((failures + 1)); }
check "import geo loads wards, LSOAs and postcodes" 0 "$bin" import geo --db "sqlite:$geo_dir/g.db" \
  --locality E09000029 --name Sutton --wards data/demo/wards.geojson --lsoa data/demo/lsoa.geojson \
  --imd data/demo/imd.csv --postcodes data/demo/postcodes.csv
grep -qx 'Loaded Sutton: 20 wards, 121 LSOAs, 3856 postcodes' /tmp/cli_out.$$ || { echo "FAIL import geo summary"; failures=$((failures + 1)); }
printf '%s' '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"ward_code":"E05013754",
"ward_name":"X","lad_code":"E09000029","lad_name":"Sutton"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1]]]}}]}' \
  >"$geo_dir/short.geojson"
check "import geo refuses a ring of three positions" 1 "$bin" import geo --db "sqlite:$geo_dir/g.db" \
  --locality E09000029 --name Sutton --wards "$geo_dir/short.geojson"
grep -q "short.geojson: feature 1: geometry: a ring needs at least four positions" /tmp/cli_err.$$ \
  || { echo "FAIL import geo names the bad feature"; failures=$((failures + 1)); }

# `user add` for an organisation admin: the grant needs the organisation's number and the locality.
check "user add organisation_admin without --organisation is bad usage" 2 "$bin" user add --db "sqlite:$geo_dir/g.db" \
  --email org@example.org --role organisation_admin --locality E09000029
check "user add organisation_admin" 0 "$bin" user add --db "sqlite:$geo_dir/g.db" \
  --email org@example.org --role organisation_admin --organisation 7 --locality E09000029
grep -q '^org@example.org is now Organisation admin of organisation 7 in E09000029\.$' /tmp/cli_out.$$ \
  || { echo "FAIL user add organisation_admin text"; failures=$((failures + 1)); }
# The printed link uses the same base URL `serve` would (COMMONWEAL_BASE_URL), without a doubled slash.
check "user add with the site's address" 0 env COMMONWEAL_BASE_URL=https://cw.example/ "$bin" user add \
  --db "sqlite:$geo_dir/g.db" --email new.officer@example.org --role council_officer --locality E09000029
grep -q '^Set your password with this link (valid for 7 days, also mailed): https://cw.example/account/reset/' \
  /tmp/cli_out.$$ || { echo "FAIL user add prints the site's link"; failures=$((failures + 1)); }
# A lost phone and lost recovery codes: the second factor is removed from the command line.
check "user reset-second-factor" 0 "$bin" user reset-second-factor --db "sqlite:$geo_dir/g.db" --email Org@example.org
grep -q 'second factor of Org@example.org is removed' /tmp/cli_out.$$ \
  || { echo "FAIL user reset-second-factor text"; failures=$((failures + 1)); }
check "user reset-second-factor of nobody fails with 2" 2 "$bin" user reset-second-factor \
  --db "sqlite:$geo_dir/g.db" --email nobody@example.org
rm -rf "$geo_dir"

# backup and restore: one file from a site, loaded only into an empty database, refused when damaged.
bk_dir=$(mktemp -d)
check "backup without --out is bad usage" 2 "$bin" backup --db "sqlite:$bk_dir/site.db"
check "restore without --db is bad usage" 2 env -u COMMONWEAL_DB "$bin" restore --in tests/cli/cli_test.sh
check "restore of a missing file is bad usage" 2 "$bin" restore --in "$bk_dir/none.gz" --db "sqlite:$bk_dir/x.db"
"$bin" user add --db "sqlite:$bk_dir/site.db" --email admin@example.org --role admin >/dev/null 2>&1
check "backup of a site" 0 "$bin" backup --db "sqlite:$bk_dir/site.db" --out "$bk_dir/site.jsonl.gz"
grep -q '^backed up [0-9]* tables, [0-9]* rows and [0-9]* schema versions to .*site.jsonl.gz$' /tmp/cli_out.$$ \
  || { echo "FAIL backup summary"; failures=$((failures + 1)); }
[ -s "$bk_dir/site.jsonl.gz" ] && [ ! -e "$bk_dir/site.jsonl.gz.partial" ] \
  || { echo "FAIL backup leaves the file and no .partial"; failures=$((failures + 1)); }
check "restore into an empty database" 0 "$bin" restore --in "$bk_dir/site.jsonl.gz" --db "sqlite:$bk_dir/copy.db"
grep -q '^restored [0-9]* tables and [0-9]* rows from a backup made .* on sqlite$' /tmp/cli_out.$$ \
  || { echo "FAIL restore summary"; failures=$((failures + 1)); }
grep -q '^audit log intact: [0-9]* rows$' /tmp/cli_out.$$ || { echo "FAIL restore checks the audit log"; failures=$((failures + 1)); }
check "audit verify on the restored copy" 0 "$bin" audit verify --db "sqlite:$bk_dir/copy.db"
[ "$(sqlite3 "$bk_dir/copy.db" 'SELECT email FROM users')" = "admin@example.org" ] \
  || { echo "FAIL the restored copy has the account"; failures=$((failures + 1)); }
check "restore into a database that is not empty fails with 1" 1 "$bin" restore --in "$bk_dir/site.jsonl.gz" \
  --db "sqlite:$bk_dir/copy.db"
grep -q "the database is not empty" /tmp/cli_err.$$ && grep -q "Nothing was restored" /tmp/cli_err.$$ \
  || { echo "FAIL restore says the database is not empty"; failures=$((failures + 1)); }
head -c 300 "$bk_dir/site.jsonl.gz" >"$bk_dir/cut.jsonl.gz"
check "restore of a cut-short backup fails with 1" 1 "$bin" restore --in "$bk_dir/cut.jsonl.gz" --db "sqlite:$bk_dir/cut.db"
grep -q "cut.jsonl.gz is damaged" /tmp/cli_err.$$ || { echo "FAIL restore names the damaged file"; failures=$((failures + 1)); }
[ "$(sqlite3 "$bk_dir/cut.db" "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'")" = "0" ] \
  || { echo "FAIL a refused restore leaves no tables"; failures=$((failures + 1)); }
check "backup into a missing directory fails with 1" 1 "$bin" backup --db "sqlite:$bk_dir/site.db" \
  --out "$bk_dir/no/such/dir/b.gz"
grep -q "No backup was written" /tmp/cli_err.$$ || { echo "FAIL backup says nothing was written"; failures=$((failures + 1)); }
rm -rf "$bk_dir"

rm -f /tmp/cli_out.$$ /tmp/cli_err.$$
[ "$failures" -eq 0 ] && echo "cli: all passed" || echo "cli: $failures failed"
exit $((failures > 0))
