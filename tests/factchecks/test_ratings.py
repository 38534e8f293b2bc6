import pytest

from newsvet.document import Stance
from newsvet.factchecks import RATING_TABLE, Rating, rating_to_stance

S, R, U = Stance.SUPPORTS, Stance.REFUTES, Stance.UNRELATED


@pytest.mark.parametrize(
    ("text", "stance", "weight"),
    [
        ("False", R, 1.0),
        ("Pants on Fire!", R, 1.0),
        ("pants-on-fire", R, 1.0),
        ("FAKE", R, 1.0),
        ("Incorrect", R, 1.0),
        ("Mostly False", R, 0.8),
        ("Misleading", R, 0.6),
        ("False. The photo was taken in 2015.", R, 1.0),
        ("Not true", R, 1.0),
        ("True", S, 1.0),
        ("Correct", S, 1.0),
        ("Accurate", S, 1.0),
        ("Mostly true", S, 0.8),
        ("Half True", U, 0.0),
        ("Mixture", U, 0.0),
        ("Unproven", U, 0.0),
        ("Satire", U, 0.0),
        ("Labeled Satire", U, 0.0),
        ("Missing context", R, 0.3),
    ],
)
def test_rating_words_map_to_stance_and_weight(text: str, stance: Stance, weight: float) -> None:
    assert rating_to_stance(Rating(text=text)) == (stance, weight)


def test_longer_phrase_wins_over_a_phrase_inside_it() -> None:
    assert (
        rating_to_stance(Rating(text="mostly false"))[1] < rating_to_stance(Rating(text="false"))[1]
    )
    assert rating_to_stance(Rating(text="mostly true"))[0] is S


@pytest.mark.parametrize(
    ("value", "best", "worst", "stance", "weight"),
    [
        (1, 5, 1, R, 1.0),
        (2, 5, 1, R, 0.5),
        (3, 5, 1, U, 0.0),
        (5, 5, 1, S, 1.0),
        (9, 10, 0, S, 0.8),
        (1, None, None, R, 1.0),  # schema.org's default scale is 1..5
        (7, 5, 1, U, 0.0),  # off the scale: no reading
    ],
)
def test_numeric_ratings_are_read_by_position_on_their_scale(
    value: float, best: float | None, worst: float | None, stance: Stance, weight: float
) -> None:
    assert rating_to_stance(Rating(value=value, best=best, worst=worst)) == (stance, weight)


def test_words_take_precedence_over_the_number() -> None:
    # A publisher's scale position can disagree with its words; readers see the words.
    assert rating_to_stance(Rating(text="True", value=1, best=5, worst=1)) == (S, 1.0)


def test_unknown_words_fall_back_to_the_number_then_to_unrelated() -> None:
    assert rating_to_stance(Rating(text="Zombie claim", value=5, best=5, worst=1)) == (S, 1.0)
    assert rating_to_stance(Rating(text="Zombie claim")) == (U, 0.0)
    assert rating_to_stance(Rating()) == (U, 0.0)


def test_table_is_consistent() -> None:
    phrases = [p for p, _, _ in RATING_TABLE]
    assert len(phrases) == len(set(phrases))
    for _, stance, weight in RATING_TABLE:
        assert 0.0 <= weight <= 1.0
        assert (weight == 0.0) == (stance is U)
