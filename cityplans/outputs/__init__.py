"""Stage 5, outputs: tables and graphs in, files for other tools out.

``staging`` writes a whole output folder or nothing (staged, locked, swapped
in at the end); ``exports`` writes networks for Gephi, UCINET, R and
igraph; ``workbook`` the Excel workbook; ``dictionary`` checks every table
against its documented columns; ``batch`` parses thousands of plans on all
cores (``cityplans parse``).
"""
