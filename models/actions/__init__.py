"""Use cases: the only code that writes rows. Mutations, sweeps and the CLI call these."""
