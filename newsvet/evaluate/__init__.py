"""Evaluations of newsvet's parts on public benchmarks, one module per benchmark; each takes its
split's files explicitly and returns one dict whose ``score`` is the benchmark's headline metric."""
