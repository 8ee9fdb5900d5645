"""The test suite as a package: with ``--import-mode=importlib`` (pyproject.toml) shared helpers are imported as
``tests.helpers.plotly_arrays`` and ``tests.pages.apptest_pages``, and two test files may share a basename."""
