"""Asynchronous work: mail delivery from the outbox, the daily sweeps, the scheduler."""
