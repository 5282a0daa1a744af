"""Stage 1, reading: a plan file in, its text and document model out.

Enters: a file as people save it (text in any Chinese encoding, a saved web
page, a Word file, a PDF) and, when there is one, the manifest row that
describes it. Leaves: :class:`~cityplans.reading.textio.PlanText` (the text
exactly as published), its NFKC view with a map back to every original
offset (:mod:`~cityplans.reading.normalize`), and the
:class:`~cityplans.reading.outline.Outline`: headings, tasks, segments and
anomalies, each with the span of its characters.

Modules, in the order a file passes through them: ``textio`` (bytes to
text), ``formats`` (web pages, Word, PDF), ``normalize``, ``debris`` and
``line_breaks`` (page furniture and broken lines), ``document`` (the
records), ``outline`` with ``task_tables`` and ``outline_checks``,
``metadata`` (what a plan says about itself), ``manifest`` (``plans.csv``)
and ``source`` (a record back to its text). Nothing here knows of the
registry, the extractors or the comparison.
"""
