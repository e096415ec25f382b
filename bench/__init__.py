"""The benchmark suite (architecture.md "Benchmarks"): ratios measured in one run,
never absolute gates. `make bench` runs every benchmark and prints a table."""
