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


@pytest.fixture
def clean_settings(monkeypatch: pytest.MonkeyPatch):
    from models.config import reset_settings

    monkeypatch.setattr("api.logs.configure_logging", lambda settings: None)
    reset_settings()
    yield monkeypatch
    monkeypatch.undo()
    reset_settings()


def test_seed_demo_is_refused_in_production(
    clean_settings: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The demo accounts share the README's password: never in prod (issue 10 §6)."""
    clean_settings.setenv("ENVIRONMENT", "prod")
    clean_settings.setenv("SECRET_KEY", "p" * 40)
    with pytest.raises(SystemExit) as exit_:
        main(["seed-demo"])
    assert exit_.value.code == 2
    assert "refused" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("SECRET_KEY", "short-Secret-Value-7", "SECRET_KEY"),
        ("SMTP_PORT", "Secret-Port-Value-7", "SMTP_PORT"),
        ("METRICS_TOKEN", "Short-Metrics-Value-7", "METRICS_TOKEN"),
    ],
)
def test_a_settings_error_names_the_setting_never_its_value(
    clean_settings: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    value: str,
    said: str,
) -> None:
    clean_settings.setenv("ENVIRONMENT", "prod")
    clean_settings.setenv("SECRET_KEY", "p" * 40)
    clean_settings.setenv(name, value)
    with pytest.raises(SystemExit) as exit_:
        main(["migrate"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert said in err and value not in err


def _subcommands() -> dict[str, object]:
    import argparse

    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


@pytest.mark.parametrize("command", sorted(_subcommands()))
def test_every_command_explains_itself_and_its_options(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 17 §4: what it does, every option with a help text and its default, and no
    reference to a file outside the repository."""
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args([command, "--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    sub = _subcommands()[command]
    assert sub.description and len(sub.description) > 40, "a description of the command"  # type: ignore[attr-defined]
    for action in sub._actions:  # type: ignore[attr-defined]
        if action.dest == "help":
            continue
        assert action.help, f"--{action.dest} has no help text"
        if action.default not in (None, False) and not action.required:
            assert f"(default: {action.default})" in " ".join(text.split())
    for outside in ("architecture.md", "program-rules", "../shared", "contract.graphql"):
        assert outside not in text


def test_the_top_level_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--help"])
    text = capsys.readouterr().out
    assert "architecture.md" not in text
    for command in _subcommands():
        assert command in text
