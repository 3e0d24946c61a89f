"""The GitHub Actions workflow shipped for content repositories: valid YAML that only calls
`lkjip` commands that this test suite runs."""
import re

import yaml

from tests.conftest import ROOT

TESTED = {"validate --format github", "check --format github", "build", "diff"}


def test_workflow_is_valid_and_calls_only_tested_lkjip_commands():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "lkjip.yml").read_text(encoding="utf-8"))
    assert {"periksa", "terbitkan"} <= set(workflow["jobs"])
    runs = [step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]
    calls = [m.group(1).strip() for run in runs for m in re.finditer(r"\blkjip ([^>\n|&]+)", run)]
    assert calls, "the workflow calls lkjip"
    for call in calls:
        command = call.split()[0]
        assert any(call.startswith(t) or (command == "diff" and t == "diff") for t in TESTED), call
    assert any(step.get("uses", "").startswith("actions/deploy-pages") for step in workflow["jobs"]["terbitkan"]["steps"])
