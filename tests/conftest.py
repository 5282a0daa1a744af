"""pytest configuration: the tests import their helpers from ``synthetic``."""

import matplotlib

matplotlib.use("Agg")
