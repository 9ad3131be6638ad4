"""The benchmark scripts keep running (their figures are in the README)."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def test_the_size_benchmark_runs_and_reports_every_theme(
    capsys: pytest.CaptureFixture[str],
) -> None:
    module = runpy.run_path(str(BENCHMARKS / "size.py"))
    status = module["main"]()
    out = capsys.readouterr().out
    for theme in ("default", "dkfds", "high-contrast"):
        assert f"| {theme} |" in out
    assert "widget.js:" in out
    assert status == 0, out


def test_the_speed_benchmark_runs_quick_and_reports_every_figure(
    capsys: pytest.CaptureFixture[str],
) -> None:
    module = runpy.run_path(str(BENCHMARKS / "speed.py"))
    status = module["main"](["--quick"])
    out = capsys.readouterr().out
    for figure in (
        "warm `--offline` build, dk-i-verden",
        "cold build from recordings, dk-i-verden",
        "21 feeds",
        "peak memory",
        "-post archive",
        "`widget inject`",
        "second run",
        "`widget --help`",
        "preview: save → reload event",
    ):
        assert figure in out, out
    rows = [line for line in out.splitlines() if line.startswith("| ") and "×" in line]
    assert len(rows) >= 7, out
    assert status == 0


def test_the_webp_benchmark_measures_every_method_on_the_example_pictures() -> None:
    module = runpy.run_path(str(BENCHMARKS / "webp.py"))
    pictures = module["pictures"]()
    assert len(pictures) >= 3  # the examples' pictures and the invented photo-like ones
    sizes = [module["measure"](pictures[-1:], method)[1] for method in (0, 6)]
    assert sizes[0] > sizes[1] > 0  # more effort, smaller file: what the table weighs
