"""The set-up files agree with each other and the package imports offline."""
import re
import tomllib

from analysis.paths import REPO_ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip().strip('"'), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_names_the_pyproject_packages():
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())
    wanted = {_name(d) for d in pyproject["project"]["dependencies"]}
    pip_lines = re.findall(r"^\s{4}- (.+)$", (REPO_ROOT / "environment.yml").read_text(), flags=re.M)
    listed = {_name(line) for line in pip_lines if not line.strip('"').startswith("-e")}
    assert listed == wanted


def test_pinned_versions_match():
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())
    yml = (REPO_ROOT / "environment.yml").read_text()
    for requirement in pyproject["project"]["dependencies"]:
        assert f'"{requirement}"' in yml
