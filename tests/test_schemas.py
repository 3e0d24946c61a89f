"""The schemas are the single description of the content: valid, complete, titled, wired to editors."""
import json

import pytest
import yaml
from jsonschema import Draft202012Validator

from lkjip.validate import KINDS
from tests.conftest import ROOT

SCHEMAS = sorted((ROOT / "schema").glob("*.schema.json"))


@pytest.mark.parametrize("path", SCHEMAS, ids=[p.name for p in SCHEMAS])
def test_schema_is_valid_draft_2020_12(path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema.get("$schema") == "https://json-schema.org/draft/2020-12/schema"
    assert "$id" not in schema  # relative $refs must resolve next to the file, for editors too


def _properties(node, where=""):
    if isinstance(node, dict):
        for name, sub in (node.get("properties") or {}).items():
            yield f"{where}.{name}", sub
        for key, value in node.items():
            yield from _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _properties(value, f"{where}[{i}]")


@pytest.mark.parametrize("path", SCHEMAS, ids=[p.name for p in SCHEMAS])
def test_every_field_has_an_indonesian_title(path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    untitled = [where for where, sub in _properties(schema)
                if isinstance(sub, dict) and "title" not in sub and "$ref" not in sub]
    assert untitled == []


# a data table's rows and the values stated for them take the table's own column keys
OPEN_BY_DESIGN = {"Baris data", "Nilai tertulis di tabel data"}


def test_objects_reject_unknown_fields():
    loose = []
    for path in SCHEMAS:
        schema = json.loads(path.read_text(encoding="utf-8"))
        for where, sub in [("", schema)] + list(_properties(schema)) + [(f"/$defs/{k}", v) for k, v in schema.get("$defs", {}).items()]:
            if isinstance(sub, dict) and sub.get("type") == "object" and "properties" in sub and sub.get("title") not in OPEN_BY_DESIGN:
                if sub.get("additionalProperties") is not False:
                    loose.append(f"{path.name}{where}")
    assert loose == []


@pytest.mark.parametrize("kind", KINDS)
def test_content_files_name_their_schema_for_editors(kind):
    first = (ROOT / "content" / "2025" / f"{kind}.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../../schema/{kind}.schema.json"
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert f"content/*/{kind}.yaml" in settings["yaml.schemas"][f"./schema/{kind}.schema.json"]
    assert f"content/*/*/{kind}.yaml" in settings["yaml.schemas"][f"./schema/{kind}.schema.json"]  # several agencies
    assert settings["yaml.yamlVersion"] == "1.1"


def test_agency_file_names_its_schema():
    first = (ROOT / "content" / "instansi.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/instansi.schema.json"


def test_pre_commit_runs_the_projects_own_validator():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert [hook["entry"] for hook in hooks] == ["lkjip validate"]
