"""The companion parsers (UniKix scripts, IMS DBD/PSB, DDL in a job's SYSIN) on mangled input: facts or
diagnostics, never an exception, and every diagnostic names its file."""

import random
from pathlib import Path

import pytest

from modernize.model import SourceFile
from modernize.parsers import ParseContext, ims, jcl, unikix
from tests.parsers.test_fuzz import mutate
from tests.parsers.test_ims import DBD, PSB
from tests.parsers.test_jcl_instream_ddl import CRETB
from tests.parsers.test_unikix import PROC, SCRIPT

CASES = [(unikix.parse, "unikix", SCRIPT), (unikix.parse, "unikix", PROC), (ims.parse, "ims", DBD), (ims.parse, "ims", PSB), (jcl.parse, "jcl", CRETB)]


@pytest.mark.slow
def test_mangled_companion_sources_give_facts_or_diagnostics():
    rng = random.Random(23065)
    context = ParseContext(Path("."), {})
    for round_ in range(40):
        for parse, language, text in CASES:
            mangled = mutate(rng, text.encode()).decode("utf-8", "replace")
            source = SourceFile(f"src/case{round_}", language, "jcl", "ascii", "fixed", "", 0, 0)
            result = parse(source, mangled, context)
            problems = result.diagnostics + [d for m in result.modules for d in m.diagnostics]
            assert all(d.path for d in problems)
            assert not [d for d in problems if d.code.endswith("-internal")], (language, round_, [str(d) for d in problems])
