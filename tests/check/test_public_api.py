import newsvet


def test_public_names_are_exactly_the_exported_ones() -> None:
    public = {name for name in dir(newsvet) if not name.startswith("_") and not _is_module(name)}
    assert public <= set(newsvet.__all__) | {"annotations"}
    for name in newsvet.__all__:
        assert hasattr(newsvet, name), name


def _is_module(name: str) -> bool:
    return type(getattr(newsvet, name)).__name__ == "module"
