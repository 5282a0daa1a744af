"""Stage 6, plots: tables in, figures and report pages out.

Every plot function takes a tidy table first, keyword options, ``ax=None``
(a new axes is made when none is given), and returns the axes; nothing here
but the figure build saves a file. One module per question:

- ``outline``: how each plan is built (:func:`plot_outline`);
- ``targets``: target levels, ambition, change from baseline;
- ``networks``: each plan's department network, who leads, who is central;
- ``coverage``: the taxonomy each plan covers, and how alike the plans are;
- ``instruments`` and ``pmc``: policy instruments and the PMC index.

``theme`` holds the look in one place (palettes, labels, the CJK font, the
language); ``figures`` is the figure build, the only place that saves a
figure; ``report`` runs the notebooks into static HTML pages.

This namespace is ``cp.plot``: every plot function, and the theme's names
(``plot.style()``, ``plot.set_language("zh")``, ``plot.CITY_PALETTE``).

Examples
--------
>>> import cityplans as cp
>>> cp.plot.plot_target_levels is cp.plot.targets.plot_target_levels
True
"""

from cityplans.plots.coverage import plot_coverage_heatmap, plot_similarity
from cityplans.plots.instruments import plot_instrument_domains, plot_instrument_shares
from cityplans.plots.networks import place_labels, plot_lead_shares, plot_network, plot_top_departments, sector_legend
from cityplans.plots.outline import plot_outline
from cityplans.plots.pmc import plot_pmc_radar, plot_pmc_surface
from cityplans.plots.targets import plot_ambition, plot_baseline_change, plot_target_levels, year_legend
from cityplans.plots.theme import (
    CHANGE_PALETTE,
    CITY_PALETTE,
    KIND_PALETTE,
    SECTOR_PALETTE,
    city_colors,
    city_labels,
    cjk_font,
    get_language,
    sector_group,
    set_language,
    short_name,
    style,
    unit_label,
    use_style,
)

__all__ = [
    "CHANGE_PALETTE",
    "CITY_PALETTE",
    "KIND_PALETTE",
    "SECTOR_PALETTE",
    "city_colors",
    "city_labels",
    "cjk_font",
    "get_language",
    "place_labels",
    "plot_ambition",
    "plot_baseline_change",
    "plot_coverage_heatmap",
    "plot_instrument_domains",
    "plot_instrument_shares",
    "plot_lead_shares",
    "plot_network",
    "plot_outline",
    "plot_pmc_radar",
    "plot_pmc_surface",
    "plot_similarity",
    "plot_target_levels",
    "plot_top_departments",
    "sector_group",
    "sector_legend",
    "set_language",
    "short_name",
    "style",
    "unit_label",
    "use_style",
    "year_legend",
]
