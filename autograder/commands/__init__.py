"""Commands: one module per verb behind `cli.py`. `batch` (grade, report), `local` (check),
`devcheck` (dev check), `demo` and `bench` (make demo, make bench)."""
