"""docker/: the compose file is valid, names only commands that exist, passes every
setting; the image is multi-stage, non-root, without build tools (issue 7).

`docker-compose config` runs when Debian's `docker-compose` is installed (CI installs
the apt package `docker-compose`); the structural checks always run.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from api.cli import build_parser
from models.config import Settings

DOCKER = Path(__file__).resolve().parents[2] / "docker"
COMPOSE = DOCKER / "compose.yaml"
APP_SERVICES = {"migrate", "api", "worker", "scheduler"}


def _compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


def _subcommands() -> set[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return set(action.choices)  # type: ignore[arg-type]


def test_services_of_the_topology() -> None:
    services = _compose()["services"]
    assert set(services) == APP_SERVICES | {"postgres", "redis", "mailpit"}
    assert services["scheduler"]["deploy"]["replicas"] == 1
    assert services["worker"]["deploy"]["replicas"] >= 2
    assert services["migrate"]["restart"] == "no"
    for name in ("postgres", "redis", "mailpit", "api", "worker"):
        assert services[name]["healthcheck"]["test"], name


def test_app_services_wait_for_migrate_and_their_dependencies() -> None:
    services = _compose()["services"]
    assert services["migrate"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    for name in ("api", "worker", "scheduler"):
        depends = services[name]["depends_on"]
        assert depends["migrate"] == {"condition": "service_completed_successfully"}, name
        assert depends["redis"] == {"condition": "service_healthy"}, name


def test_every_command_is_exec_form_and_exists_in_the_cli() -> None:
    services = _compose()["services"]
    known = _subcommands()
    for name in APP_SERVICES:
        command = services[name]["command"]
        assert isinstance(command, list), f"{name}: exec form, so the process is PID 1"
        assert command[0] == "rent-assist"
        args = build_parser().parse_args(command[1:])  # options exist too
        assert args.command in known
    cmd = re.search(r"^CMD (\[.*\])$", (DOCKER / "Dockerfile").read_text(), re.M)
    assert cmd is not None, "Dockerfile CMD in exec form"
    command = yaml.safe_load(cmd.group(1))
    build_parser().parse_args(command[1:])


def _setting_names() -> set[str]:
    return {name.upper() for name in Settings.model_fields}


def test_env_example_documents_every_setting() -> None:
    text = (DOCKER / ".env.example").read_text()
    documented = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", text, re.M))
    missing = _setting_names() - documented
    assert not missing, f"document these in docker/.env.example: {sorted(missing)}"


def test_compose_passes_every_setting_to_the_app() -> None:
    services = _compose()["services"]
    for name in APP_SERVICES:
        env = services[name]["environment"]
        missing = _setting_names() - set(env)
        assert not missing, f"{name} lacks {sorted(missing)}"
        assert env["ENVIRONMENT"] == "prod"
        assert env["REDIS_URL"].startswith("redis://")


def test_image_is_multi_stage_non_root_without_build_tools() -> None:
    text = (DOCKER / "Dockerfile").read_text()
    stages = re.split(r"^FROM ", text, flags=re.M)[1:]
    assert len(stages) >= 2
    final = stages[-1]
    assert final.split()[0].endswith("-slim-bookworm")
    user = re.search(r"^USER (\S+)", final, re.M)
    assert user is not None and not user.group(1).startswith(("root", "0"))
    assert "COPY --from=build /opt/venv /opt/venv" in final
    for tool in ("build-essential", "gcc", "g++", "make "):
        assert tool not in final
    # the system packages the final image adds: the PDF's fonts (R-DOC-3; issue 16:
    # DejaVu for Latin, Vietnamese and Cyrillic, WenQuanYi Micro Hei for Chinese)
    installs = re.findall(r"apt-get install [^\n\\]*", final)
    packages = [p for i in installs for p in i.split()[2:] if not p.startswith("-")]
    assert packages == ["fonts-dejavu-core", "fonts-wqy-microhei"]


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="apt package docker-compose")
@pytest.mark.parametrize("with_env", [False, True], ids=["no-env", "env-example"])
def test_docker_compose_config_accepts_the_file(tmp_path: Path, with_env: bool) -> None:
    folder = DOCKER
    if with_env:
        folder = tmp_path / "docker"
        shutil.copytree(DOCKER, folder)
        (folder / ".env").write_text((DOCKER / ".env.example").read_text())
    result = subprocess.run(
        ["docker-compose", "-f", str(folder / "compose.yaml"), "config"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    resolved = yaml.safe_load(result.stdout)
    assert set(resolved["services"]) == set(_compose()["services"])
