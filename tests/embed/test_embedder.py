import numpy as np
import pytest

from newsvet.embed import DIMENSIONS, shared_embedder


@pytest.fixture(scope="module")
def vectors() -> np.ndarray:
    return shared_embedder().encode(
        [
            "Indian forces struck nine sites in Pakistan.",
            "India carried out strikes on nine targets inside Pakistan.",
            "The bakery sells fresh bread every morning.",
        ]
    )


def test_vectors_have_unit_length_and_the_model_dimensions(vectors: np.ndarray) -> None:
    assert vectors.shape == (3, DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_paraphrases_are_closer_than_unrelated_text(vectors: np.ndarray) -> None:
    similarity = vectors @ vectors.T
    assert similarity[0, 1] > 0.6
    assert similarity[0, 2] < 0.2


def test_batches_give_the_same_vectors_as_single_texts(vectors: np.ndarray) -> None:
    single = shared_embedder().encode(["The bakery sells fresh bread every morning."])
    assert np.allclose(single[0], vectors[2], atol=1e-4)


def test_no_texts_give_an_empty_matrix() -> None:
    assert shared_embedder().encode([]).shape == (0, DIMENSIONS)
