"""The domain: values and rules, no I/O. Money, rates, the timer's rules, invoicing, report
periods and grouping, name folding, the time grammar, the clock and zones, currencies, the
models and the settings' checks. Nothing here imports Typer, Rich, HTTP or a database driver
(tests/storage/test_sql_rules.py checks the imports)."""
