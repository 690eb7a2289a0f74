"""The ``modernize`` command line: one module per command, each parsing its options, asking the
estate (``modernize.pipeline``) for what it needs, and rendering the answer.

Exit codes: 0 success (diagnostics may exist), 1 analysis finished with errors in some files,
2 usage or configuration error, 130 interrupted.
"""

from __future__ import annotations

import click

from modernize import __version__
from modernize.collector import tune_for_estates


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="modernize")
def cli() -> None:
    """Understand, document and replace a legacy mainframe estate, step by step.

    Point modernize at a repository of COBOL, copybooks, JCL, CICS and DB2 sources. It works fully
    offline; a language model (your own, on-premises if you like) is only used when you ask for one.

    \b
    Start with:
      modernize run PATH -o out      every stage; open out/index.html
      modernize scan PATH            what is in the repository, and what could not be read
    """


def register() -> None:
    from modernize.cli import ask, inspect, parts, run, scan

    for module in (run, scan, parts, ask, inspect):
        for command in module.COMMANDS:
            cli.add_command(command)


register()


def main() -> None:
    tune_for_estates()
    cli(prog_name="modernize")
