"""Stage 4, comparison: the corpus's tables in, what is computed across plans out.

Enters: the tables of :class:`~cityplans.corpus.Corpus`. Leaves: new
DataFrames and networkx graphs: collaboration networks and their summaries
(``network``), policy coverage, similarity and clustering (``coverage``),
targets against the national benchmarks (``national``), and every derived
table the build writes (``tables``).
"""
