"""The store-read benchmark keeps running and reads back every post it stored."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "store_read.py"


def test_the_store_read_benchmark_reads_every_stored_post(
    capsys: pytest.CaptureFixture[str],
) -> None:
    module = runpy.run_path(str(SCRIPT))
    status = module["main"](["--quick"])
    out = capsys.readouterr().out
    found = re.search(r"^([\d,]+) stored posts read in [\d.]+ s of CPU", out)
    assert found is not None, out
    assert int(found.group(1).replace(",", "")) == 12 * 20  # the quick workload, all of it
    assert "MiB of Python memory" in out and status == 0
