"""Stage 3, extraction: one document model in, one table of records per question out.

Enters: a plan's :class:`~cityplans.reading.outline.Outline`. Leaves: long
tables whose every row carries the span of its source characters. One
module per question asked of a document:

- who does what: ``attributions`` (clauses naming lead and co-operating
  departments; their words in ``clause_words``), ``clauses``;
- what is promised: ``targets`` (numbers, units and comparators in
  ``quantities``; indicator tables that lost their separators in
  ``flattened_tables``);
- what it covers: ``taxonomy`` (the codebook and the classifier;
  ``word_search`` finds hundreds of fixed words in one pass);
- how it acts: ``instruments`` (policy instruments per clause), ``pmc``
  (the PMC index with its evidence), ``agreement`` (rules against a
  hand-coded sample).

Nothing here compares plans with each other.
"""
