"""OpsDesk benchmarks: each figure is a ratio against a baseline measured in the same run.

Run from the project root with ``.venv/bin/python -m bench`` or ``bench/run``
(which also sets ``QT_QPA_PLATFORM=offscreen``). Machines are noisy, so nothing
here asserts: the table says whether each aim is met, and the numbers are for people.

Figures:

* ``startup`` — process start to the OpsDesk main window's first paint on the demo
  database, against a bare PySide6 ``QMainWindow`` in a fresh process (aim ≤ 2.5×).
* ``import`` — importing a 5,000-row register CSV with OpsDesk's importer, against
  ``csv`` + ``sqlite3`` inserting the same rows in one transaction (aim ≤ 3×).

Options: ``--only NAME`` (repeatable), ``--repeat N`` (default 5; median and min
are shown), ``--budget SECONDS`` (the import figure stops repeating once it has
spent this long, so a slow importer cannot stretch the run past ~2 minutes), and
``--profile DIR`` (one more OpsDesk run of each figure under cProfile: hot spots
printed, ``.prof`` files kept in DIR).
"""
