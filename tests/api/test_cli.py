"""The `rent-assist` command's process subcommands."""

from __future__ import annotations

import pytest

from api.cli import build_parser, main


def test_the_operating_commands_exist() -> None:
    parser = build_parser()
    for argv in (
        ["dev"],
        ["serve", "--workers", "4", "--host", "127.0.0.1", "--port", "8000"],
        ["worker", "--threads", "4", "--metrics-port", "0", "--drain-seconds", "5"],
        ["scheduler"],
        ["migrate"],
        ["seed-demo"],
        ["export-schema"],
    ):
        assert parser.parse_args(argv).command == argv[0]


@pytest.mark.parametrize("command", ["worker", "scheduler"])
def test_worker_and_scheduler_refuse_to_run_without_redis(
    command: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("api.logs.configure_logging", lambda settings: None)
    with pytest.raises(SystemExit) as exit_:
        main([command])
    assert exit_.value.code == 2
    assert "REDIS_URL is not set" in capsys.readouterr().err
