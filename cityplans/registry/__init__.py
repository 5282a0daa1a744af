"""Stage 2, the registry: what the extractors resolve names against.

Enters: a name or phrase read from a plan. Leaves: a canonical id with its
attributes: departments (:mod:`~cityplans.registry.departments`: level,
actor type, sector and the 2018 renamings, from ``departments.tsv`` and
``department_aliases.tsv``) and indicators
(:mod:`~cityplans.registry.indicators`, from ``indicators.tsv``). The
knowledge is in the data files; these modules only read them.
"""
