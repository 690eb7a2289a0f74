"""The Python API, used exactly as README.md shows it."""

import re
import shutil

import networkx as nx
import pytest

from tests.conftest import EXAMPLES, ROOT


@pytest.mark.slow  # a run of its own
def test_the_readme_example_runs_as_written(tmp_path, monkeypatch):
    readme = (ROOT / "README.md").read_text()
    example = re.search(r"### From Python\n.*?```python\n(.*?)```", readme, re.S).group(1)
    shutil.copytree(EXAMPLES, tmp_path / "examples" / "cobol")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(example.replace("print(", "(lambda *a: None)("), "README.md", "exec"), namespace)  # noqa: S102 - our own README
    estate = namespace["estate"]
    assert isinstance(estate.graph, nx.MultiDiGraph) and "program:TSB010" in estate.graph
    assert estate.plan.steps and estate.documents["TSB010"].text.startswith("# program TSB010")
    assert (tmp_path / "out" / "index.html").is_file() and (tmp_path / "out" / "plan" / "plan.docx").is_file()
    assert estate.write("out").up_to_date  # an unchanged estate writes nothing the second time
