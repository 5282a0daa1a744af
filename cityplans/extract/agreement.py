"""How well do two codings agree? Per-code comparisons, as NVivo's coding comparison reports them.

A coding gives each item (a task, a clause) a set of codes. For each code,
:func:`compare_codings` counts the items both codings give it or both
leave out (agreement), Cohen's kappa for that yes/no decision, and the
precision, recall and F1 of one coding (the rules) against the other (the
hand). :func:`category_comparison` does this for the taxonomy's primary
categories against a hand-coded sample of tasks, per category and per
domain, with the overall primary agreement first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import pandas as pd

__all__ = ["COMPARISON_COLUMNS", "category_comparison", "compare_codings", "compare_flags"]

COMPARISON_COLUMNS = ["code", "level", "n_hand", "n_rules", "agreement", "kappa", "precision", "recall", "f1"]


def compare_flags(hand: Sequence[bool], rules: Sequence[bool]) -> tuple[int, int, float, float, float, float, float]:
    """``n_hand, n_rules, agreement, kappa, precision, recall, f1`` of two yes/no codings of the same items.

    Examples
    --------
    >>> compare_flags([True, True, False, False], [True, False, False, False])
    (2, 1, 0.75, 0.5, 1.0, 0.5, 0.6666666666666666)
    """
    n = len(hand)
    both = sum(h and r for h, r in zip(hand, rules, strict=True))
    agree = sum(h == r for h, r in zip(hand, rules, strict=True)) / n
    ph, pr = sum(hand) / n, sum(rules) / n
    expected = ph * pr + (1 - ph) * (1 - pr)
    kappa = (agree - expected) / (1 - expected) if expected < 1 else 1.0
    precision = both / sum(rules) if sum(rules) else float("nan")
    recall = both / sum(hand) if sum(hand) else float("nan")
    f1 = 2 * both / (sum(hand) + sum(rules)) if sum(hand) + sum(rules) else float("nan")
    return sum(hand), sum(rules), agree, kappa, precision, recall, f1


def compare_codings(hand: Sequence[set[str]], rules: Sequence[set[str]],
                    labels: Iterable[tuple[str, str, Callable[[set[str]], bool]]]) -> pd.DataFrame:
    """One row per label (:data:`COMPARISON_COLUMNS`): ``labels`` are ``(name, level, has)``, ``has(codes)`` a test.

    Examples
    --------
    >>> hand, rules = [{"a"}, {"a", "b"}, {"b"}], [{"a"}, {"a"}, {"b"}]
    >>> t = compare_codings(hand, rules, [(c, "code", lambda s, c=c: c in s) for c in "ab"])
    >>> t[["code", "n_hand", "n_rules", "recall"]].values.tolist()
    [['a', 2, 2, 1.0], ['b', 2, 1, 0.5]]
    """
    rows = [(name, level, *compare_flags([has(x) for x in hand], [has(x) for x in rules]))
            for name, level, has in labels]
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)


def category_comparison(tasks: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    """The taxonomy's primary categories against a hand-coded sample (``task_id, primary``).

    The first row (``code`` ``all``, ``level`` ``primary``) is the share of
    sampled tasks whose primary category both give, with the multi-class
    kappa (:func:`cityplans.extract.taxonomy.agreement`); then one row per domain
    and per category that either coding uses, in the codebook's order.

    Examples
    --------
    >>> tasks = pd.DataFrame({"task_id": ["t1", "t2", "t3", "t4"], "primary_category": ["L1", "L1", "E2", "O1"]})
    >>> sample = pd.DataFrame({"task_id": ["t1", "t2", "t3", "t4"], "primary": ["L1", "L3", "E2", "O1"]})
    >>> category_comparison(tasks, sample)[["code", "level", "agreement"]].values.tolist()[:3]
    [['all', 'primary', 0.75], ['L', 'domain', 1.0], ['E', 'domain', 1.0]]
    """
    from cityplans.extract.taxonomy import agreement, codebook  # noqa: PLC0415

    coded = tasks.set_index("task_id")["primary_category"]
    missing = sorted(set(sample["task_id"]) - set(coded.index))
    if missing:
        raise ValueError(f"the sample names tasks the corpus does not have: {missing[:3]}")
    rules = [str(coded[t]) for t in sample["task_id"]]
    hand = [str(p) for p in sample["primary"]]
    overall = agreement(rules, hand)
    used = set(rules) | set(hand)
    order = [c for c in codebook()["code"] if c in used]
    domains = list(dict.fromkeys(c[0] for c in order))
    labels = [(d, "domain", lambda s, d=d: any(c.startswith(d) for c in s)) for d in domains]
    labels += [(c, "category", lambda s, c=c: c in s) for c in order]
    table = compare_codings([{h} for h in hand], [{r} for r in rules], labels)
    first = pd.DataFrame([("all", "primary", len(hand), len(rules), overall["accuracy"], overall["kappa"],
                           *[float("nan")] * 3)], columns=COMPARISON_COLUMNS)
    return pd.concat([first, table], ignore_index=True)
