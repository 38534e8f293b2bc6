"""The accuracy gate: CI fails when a component falls below its floor in eval-floors.toml."""

from pathlib import Path

import pytest

from newsvet.errors import InputError
from newsvet.evaluate.floors import RUNNERS, read_floors, run_floors

ROOT = Path(__file__).resolve().parents[2]
FLOORS = ROOT / "eval-floors.toml"
DATA = ROOT.parent / "shared" / "data"


def test_every_benchmark_in_the_floors_file_has_a_runner() -> None:
    floors = read_floors(FLOORS)
    assert set(floors) == set(RUNNERS)
    for entry in floors.values():
        assert 0 < float(entry["floor"]) <= 1 and int(entry["limit"]) > 0


def test_an_unknown_benchmark_in_the_floors_file_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "floors.toml"
    bad.write_text("[no-such-benchmark]\nlimit = 1\nfloor = 0.5\n")
    with pytest.raises(InputError, match="no-such-benchmark"):
        read_floors(bad)


@pytest.mark.slow
@pytest.mark.skipif(
    not DATA.exists(), reason="the evaluation data in ../shared/data is not present"
)
@pytest.mark.parametrize("benchmark", sorted(RUNNERS))
def test_benchmark_subset_reaches_its_floor(benchmark: str, tmp_path: Path) -> None:
    entry = read_floors(FLOORS)[benchmark]
    single = tmp_path / "floors.toml"
    single.write_text(f'["{benchmark}"]\nlimit = {entry["limit"]}\nfloor = {entry["floor"]}\n')
    (row,) = run_floors(single, DATA)
    assert row["ok"], f"{benchmark}: {row['score']:.4f} is below its floor {row['floor']}"
