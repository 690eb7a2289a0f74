"""``modernize scan`` (inventory and facts) and ``modernize findings`` (credentials, personal data)."""

from __future__ import annotations

from pathlib import Path

import click

from modernize.cli.options import EXIT_ERRORS, EXIT_OK, Options, analysis_options
from modernize.cli.render import add_row, out, say, table
from modernize.cli.session import finish, session
from modernize.cli.tables import DIAGNOSTICS_SHOWN, print_summary
from modernize.findings import findings_json
from modernize.findings import summary as findings_summary
from modernize.model import dumps
from modernize.output import write_text_atomic


@click.command("scan")
@analysis_options
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), help="Write files, modules and diagnostics as JSON to this file.")
def scan_command(options: Options, json_path: Path | None) -> None:
    """Inventory and parse PATH: files by kind and language, lines, facts, diagnostics.

    Unchanged files are not parsed again: their facts come from the store (--cache-dir).
    """
    with session(options) as estate:
        result = estate.scanned
    if not options.quiet:
        print_summary(result, options.path, options.verbose)
    if json_path:
        write_text_atomic(json_path, dumps(result.to_dict()))
        if not options.quiet:
            say(f"wrote {json_path}")
    finish(estate)


@click.command("findings")
@analysis_options
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), help="Write the findings as JSON to this file.")
@click.option("--mask", "mask_values", is_flag=True, help="Show and write masked values only (kind and fingerprint stay).")
def findings_command(options: Options, json_path: Path | None, mask_values: bool) -> None:
    """Hard-coded credentials, BSNs, IBANs and e-mail addresses in PATH's sources and data files.

    \b
    Credentials: PASSWORD= on JOB cards and in connection strings, user:password@ in URLs, SQL
    CONNECT ... USING / IDENTIFIED BY literals, COBOL password items with a literal VALUE or MOVE.
    BSNs must pass the 11-proof and IBANs the mod-97 check. Exit code 0 when nothing is found,
    1 when something is.
    """
    with session(options) as estate:
        findings = estate.findings
    if json_path:
        write_text_atomic(json_path, findings_json(findings, mask_values))
    if not options.quiet:
        listing = table(f"Sensitive data in {options.path}: {findings_summary(findings)}", "kind", "rule", "where", "value")
        for finding in findings[:DIAGNOSTICS_SHOWN] if not options.verbose else findings:
            add_row(listing, finding.kind, finding.rule, f"{finding.path}:{finding.line}:{finding.column}",
                    finding.masked if mask_values else finding.value)
        out.print(listing)
        if len(findings) > DIAGNOSTICS_SHOWN and not options.verbose:
            say(f"… and {len(findings) - DIAGNOSTICS_SHOWN} more (--verbose lists all, --json writes all)")
        if json_path:
            say(f"wrote {json_path}")
    raise click.exceptions.Exit(EXIT_ERRORS if findings else EXIT_OK)


COMMANDS = [scan_command, findings_command]
