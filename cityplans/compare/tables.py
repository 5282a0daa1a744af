"""The derived tables of the build: what the CSV files, the workbook and the figures share.

:func:`derived_tables` computes, from a :class:`~cityplans.corpus.Corpus`,
every table the build writes beside the corpus tables (national targets,
the comparison with them, network summary and centrality, coverage,
similarity). :func:`all_tables` is the corpus tables followed by these, in
the order of the workbook's sheets.
"""

from __future__ import annotations

import pandas as pd

from cityplans.corpus import Corpus

__all__ = ["all_tables", "derived_tables"]


def derived_tables(corpus: Corpus) -> dict[str, pd.DataFrame]:
    """The derived tables by file name stem (centrality per city, then pooled), computed once per corpus.

    The CSV files, the workbook and the figures all read these; the build
    computes them before its workers fork, so every process shares them.
    Treat them as read-only.
    """
    cached = getattr(corpus, "_derived", None)
    if cached is None:
        cached = _compute(corpus)
        object.__setattr__(corpus, "_derived", cached)
    return cached


def _compute(corpus: Corpus) -> dict[str, pd.DataFrame]:
    # Imported here: networkx and the coverage tables are needed only when tables are derived.
    from cityplans.compare.coverage import (  # noqa: PLC0415
        category_coverage,
        domain_coverage,
        hca_coverage,
        nhc_coverage,
        plan_similarity,
        unique_and_missing,
    )
    from cityplans.compare.national import compare_targets, national_targets  # noqa: PLC0415
    from cityplans.compare.network import centrality_table, collaboration_graph, network_summary  # noqa: PLC0415
    from cityplans.compare.quality import quality_table  # noqa: PLC0415
    from cityplans.extract.instruments import (  # noqa: PLC0415
        instrument_domains,
        instrument_lead_sectors,
        instrument_shares,
        instruments_table,
    )
    from cityplans.extract.pmc import pmc_index, pmc_table  # noqa: PLC0415

    centrality = [centrality_table(collaboration_graph(corpus.assignments, c)) for c in [*corpus.cities, None]]
    instruments = instruments_table(corpus)
    pmc = pmc_table(corpus, instruments)
    return {
        "national_targets": national_targets(),
        "target_comparison": compare_targets(corpus.targets),
        "network_summary": network_summary(corpus.assignments),
        "category_coverage": category_coverage(corpus.tasks),
        "domain_coverage": domain_coverage(corpus.tasks),
        "hca_coverage": hca_coverage(corpus.tasks),
        "nhc_coverage": nhc_coverage(corpus.tasks),
        "plan_similarity": plan_similarity(corpus.tasks),
        "unique_and_missing": unique_and_missing(corpus.tasks),
        "centrality": pd.concat(centrality, ignore_index=True),
        "instruments": instruments,
        "instrument_shares": instrument_shares(instruments),
        "instrument_domains": instrument_domains(instruments, corpus.tasks),
        "instrument_lead_sectors": instrument_lead_sectors(instruments, corpus.assignments, corpus.departments),
        "pmc": pmc,
        "pmc_index": pmc_index(pmc),
        "quality": quality_table(corpus),
    }


def all_tables(corpus: Corpus, derived: dict[str, pd.DataFrame] | None = None) -> dict[str, pd.DataFrame]:
    """The corpus tables, then the derived ones (computed unless given)."""
    return {**corpus.tables(), **(derived if derived is not None else derived_tables(corpus))}
