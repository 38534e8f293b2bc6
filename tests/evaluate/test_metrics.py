"""The benchmark metrics on hand-made cases with known answers."""

import pytest

from newsvet.evaluate._common import accuracy, best_thresholds, macro_f1, split
from newsvet.evaluate.calibration import reliability
from newsvet.evaluate.claimbuster import f1
from newsvet.evaluate.fnc1 import fnc_score


@pytest.mark.parametrize(
    ("gold", "predicted", "score", "maximum"),
    [
        (["unrelated"], ["unrelated"], 0.25, 0.25),
        (["agree"], ["agree"], 1.0, 1.0),
        (["agree"], ["discuss"], 0.25, 1.0),  # related is right, the stance is not
        (["agree"], ["unrelated"], 0.0, 1.0),
        (["unrelated"], ["disagree"], 0.0, 0.25),
    ],
)
def test_fnc_weighted_score(
    gold: list[str], predicted: list[str], score: float, maximum: float
) -> None:
    assert fnc_score(gold, predicted) == (score, maximum)


def test_f1_of_the_positive_class() -> None:
    assert f1([1, 1, 0, 0], [1, 0, 1, 0]) == pytest.approx(0.5)
    assert f1([0, 0], [0, 0]) == 0.0


def test_accuracy_and_macro_f1() -> None:
    gold, predicted = ["a", "a", "b", "b"], ["a", "b", "b", "b"]
    assert accuracy(gold, predicted) == 0.75
    assert macro_f1(gold, predicted, ["a", "b"]) == pytest.approx((2 / 3 + 0.8) / 2)


def test_best_thresholds_picks_the_highest_scoring_point() -> None:
    point, value = best_thresholds({"x": [0.1, 0.5, 0.9]}, lambda p: -abs(p["x"] - 0.5))
    assert point == {"x": 0.5} and value == 0


def test_split_is_stable_and_disjoint() -> None:
    items = [str(i) for i in range(200)]
    first = split(items, key=str, salt="s")
    assert first == split(items, key=str, salt="s")
    tune, held = first
    assert not set(tune) & set(held) and len(tune) + len(held) == 200 and 60 < len(held) < 140


def test_calibration_of_a_perfectly_calibrated_and_an_overconfident_model() -> None:
    calibrated = [({"a": 0.75, "b": 0.25}, "a")] * 3 + [({"a": 0.75, "b": 0.25}, "b")]
    assert reliability(calibrated).ece == pytest.approx(0.0)
    overconfident = [({"a": 0.95, "b": 0.05}, "b")] * 4
    result = reliability(overconfident)
    assert result.accuracy == 0.0 and result.ece == pytest.approx(0.95)


def test_scifact_label_only_f1_counts_right_abstracts_with_right_labels() -> None:
    from newsvet.evaluate.scifact import label_only_f1

    gold = {"1": {10: "SUPPORT"}, "2": {20: "CONTRADICT", 21: "CONTRADICT"}, "3": {}}
    predicted = {"1": {10: "SUPPORT", 11: "SUPPORT"}, "2": {20: "SUPPORT"}, "3": {30: "CONTRADICT"}}
    metrics = label_only_f1(gold, predicted)
    # right: claim 1 / doc 10 only; 4 predicted, 3 gold
    assert metrics["precision"] == pytest.approx(1 / 4)
    assert metrics["recall"] == pytest.approx(1 / 3)
    assert metrics["f1"] == pytest.approx(2 * (1 / 4) * (1 / 3) / (1 / 4 + 1 / 3))
