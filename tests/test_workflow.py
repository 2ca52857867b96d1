"""CI and pre-commit: the workflow validates against GitHub's schema and does what users rely on."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOW = REPO / ".github/workflows/build.yml"


def _check_jsonschema() -> list[str]:
    exe = Path(sys.executable).with_name("check-jsonschema")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("check-jsonschema")
    if found is None:
        pytest.skip("check-jsonschema is not installed (pip install -e '.[test]')")
    return [found]


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def _runs(workflow: dict) -> list[str]:
    return [step.get("run", "").strip() for step in _steps(workflow)]


def test_workflow_validates_against_the_github_schema() -> None:
    result = subprocess.run(
        [*_check_jsonschema(), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_validator_rejects_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    steps: []\n")  # no runs-on
    result = subprocess.run(
        [*_check_jsonschema(), "--builtin-schema", "vendor.github-workflows", str(broken)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1


def test_runs_on_every_push(workflow: dict) -> None:
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads `on` as true
    assert "push" in triggers
    assert triggers["push"] is None or not {"branches", "paths"} & set(triggers["push"])


def test_steps_install_check_build_and_upload(workflow: dict) -> None:
    runs = _runs(workflow)
    uses = [step.get("uses", "") for step in _steps(workflow)]
    assert uses[0].startswith("actions/checkout@")
    install = next(i for i, r in enumerate(runs) if "pip install ." in r)
    check = runs.index("ho21 check")
    build = runs.index("ho21 build")
    assert install < check < build
    upload = next(i for i, u in enumerate(uses) if u == "actions/upload-artifact@v4")
    assert build < upload
    assert _steps(workflow)[upload]["with"]["path"].rstrip("/") == "build"


def test_public_documents_on_main_only(workflow: dict) -> None:
    step = next(s for s in _steps(workflow) if s.get("run", "").strip() == "ho21 build --public")
    assert step["if"] == "github.ref == 'refs/heads/main'"


def test_check_is_not_told_to_ignore_failures(workflow: dict) -> None:
    for step in _steps(workflow):
        if step.get("run", "").startswith("ho21"):
            assert not step.get("continue-on-error")
            assert "|| true" not in step["run"]


def test_pre_commit_hook_definition() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "ho21-check")
    assert hook["entry"] == "ho21 check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False


def test_pre_commit_config_runs_ho21_check() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [h for repo in config["repos"] for h in repo["hooks"]]
    hook = next(h for h in hooks if h["id"] == "ho21-check")
    assert hook["entry"] == "ho21 check"
    assert hook["pass_filenames"] is False
