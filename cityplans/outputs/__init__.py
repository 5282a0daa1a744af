"""Stage 5, outputs: tables and graphs in, files for other tools out.

Every folder is written through :mod:`cityplans.staging` (whole or not at
all, and only over what cityplans wrote); ``exports`` writes networks for Gephi, UCINET, R and
igraph; ``workbook`` the Excel workbook; ``dictionary`` checks every table
against its documented columns; ``batch`` parses thousands of plans on all
cores (``cityplans parse``).
"""
