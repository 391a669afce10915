#!/usr/bin/env bash
# Fault: concurrency. Parallel requests racing for the last place, for the next invoice number, and two
# users saving the same placement. Runs the PostgreSQL barrier tests of the apps that own the rules on a
# database of its own (pytest-django creates test_bench_faults_conc and drops it afterwards).
#   scripts/faults/concurrency.sh        # about 1–2 minutes
set -euo pipefail
cd "$(dirname "$0")/../.."
export DATABASE_URL="${FAULTS_CONC_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/bench_faults_conc}"
unset CELERY_BROKER_URL
tests=()
# Racing for the last place: 8 parallel starts for 1 free place (participants).
[ -f participants/tests/test_postgres_concurrency.py ] && tests+=(participants/tests/test_postgres_concurrency.py)
# Next invoice number: invoices submitted at the same moment get gap-free unique numbers (invoicing).
if [ -f invoicing/tests/test_numbering.py ]; then
  tests+=(invoicing/tests/test_numbering.py)
else
  echo "skipped: invoice numbering race (invoicing/tests/test_numbering.py not there yet)"
fi
# Two users saving the same placement: one saves, the other is told it changed (optimistic locking).
tests+=(tests/bench/test_concurrent_edit.py)
started=$(date +%s)
set +e
timeout 600 .venv/bin/python -m pytest "${tests[@]}" -q -p no:cacheprovider -rs
rc=$?
set -e
ok=$([ $rc -eq 0 ] && echo true || echo false)
echo "FAULT-RESULT {\"script\": \"concurrency\", \"ok\": $ok, \"tests\": \"${tests[*]}\", \"seconds\": $(( $(date +%s) - started ))}"
exit $rc
