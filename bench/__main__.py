"""`python -m bench [B1 B5 ...]`: run the benchmarks, print a table, keep the JSON."""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from pathlib import Path

from bench.harness import Result, database_url, table

BENCHMARKS = {
    "B1": "bench.b1_record",
    "B2": "bench.b2_statements",
    "B3": "bench.b3_sweeps",
    "B4": "bench.b4_report",
    "B5": "bench.b5_mail",
    "B8": "bench.b8_login_burst",
}


async def main(wanted: list[str]) -> list[Result]:
    results = []
    for bid, module in BENCHMARKS.items():
        if wanted and bid not in wanted:
            continue
        print(f"running {bid} …", flush=True)
        results.append(await importlib.import_module(module).run(database_url()))
    return results


if __name__ == "__main__":
    results = asyncio.run(main(sys.argv[1:]))
    print(table(results))
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(
        json.dumps([r.__dict__ | {"ratio": r.ratio} for r in results], indent=2)
    )
