"""Settings: the example `modernize init` writes is made from the schema, so the two cannot drift."""

from modernize.config import KEYS, LLM_KEYS, PLAN_KEYS, example_config, read_config


def test_the_example_config_names_every_key_and_is_valid_when_uncommented(tmp_path):
    lines = []
    for line in example_config().splitlines():
        if line.startswith("# ") and " = " in line.split(" # ")[0]:
            line = line[2:].split(" # ")[0]
        lines.append(line)
    path = tmp_path / "modernize.toml"
    path.write_text("\n".join(lines) + "\n")
    tables = read_config(path)
    assert set(tables["modernize"]) == set(KEYS)
    assert set(tables["plan"]) == set(PLAN_KEYS)
    assert set(tables["llm"]) == set(LLM_KEYS)
    assert tables["tests"] == {"capture": True}
