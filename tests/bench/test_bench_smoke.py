"""The benchmarks still run (architecture.md "Benchmarks"): B1, B2 and small-N B3/B4 on
the test database. Their own assertions check that ours and the baseline agree (same
JSON, same status changes, same counts); here B2's no-N+1 ratio must be exactly 1."""

from __future__ import annotations

from bench import b1_record, b2_statements, b3_sweeps, b4_report


async def test_b1_record_query_same_json_as_raw_sql(db: str) -> None:
    result = await b1_record.measure(requests=3)
    assert result.ours > 0 and result.baseline > 0


async def test_b2_statements_do_not_grow_with_the_list(db: str) -> None:
    counts = await b2_statements.counts((1, 10, 30))
    assert all(len(set(per)) == 1 for per in counts.values()), counts


async def test_b3_sweeps_change_what_one_update_changes(db: str) -> None:
    result = await b3_sweeps.measure(200)
    assert "REFERRAL_45_DAY 10 (5.0%), INACTIVITY_90_DAY 10 (5.0%)" in result.notes[0]


async def test_b4_report_counts_equal_the_hand_written_aggregate(db: str) -> None:
    result = await b4_report.measure(2000, runs=1)
    assert "equal in both" in result.notes[1]
