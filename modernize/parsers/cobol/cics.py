"""What CICS commands add to a program's facts beyond the resource they name: the handlers a program
registers (HANDLE ABEND, HANDLE CONDITION, HANDLE AID), whose labels CICS passes control to, and the
channels and containers a LINK, XCTL, START or RUN passes data in.

Names are resolved through a ``Values`` function (the facts' order-aware resolution of a variable),
so this module knows CICS and nothing of the program's flow.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from modernize.parsers.cobol.exec_blocks import ExecInfo

HANDLE_COMMANDS = frozenset(["HANDLE ABEND", "HANDLE CONDITION", "HANDLE AID"])
CHANNEL_COMMANDS = frozenset(["LINK", "XCTL", "START", "RUN"])
CHANNEL_NAME_LENGTH = 16  # channel and container names are up to 16 characters

# A variable's values where a command runs: name -> candidate values (trimmed, upper-case).
Values = Callable[[str], set[str]]


def registrations(info: ExecInfo) -> list[tuple[str, str | None, str | None]]:
    """(condition, label, program) of each handler a HANDLE command registers. A condition without
    a label (back to the default action), HANDLE ABEND CANCEL and RESET register none."""
    if info.language != "CICS" or info.command not in HANDLE_COMMANDS:
        return []
    options = info.options
    if info.command == "HANDLE ABEND":
        if options.get("LABEL"):
            return [("ABEND", label_of(options["LABEL"]), None)]
        if options.get("PROGRAM"):
            return [("ABEND", None, (options["PROGRAM"] or "").strip().upper())]
        return []
    return [(condition, label_of(label), None) for condition, label in options.items() if label]


def label_of(value: str | None) -> str:
    """The paragraph or section a handler names (``LABEL(X)``, ``PF3(X)``), upper-case like paragraph names."""
    return (value or "").strip().upper()


def option_names(info: ExecInfo, option: str, values: Values) -> list[str]:
    """The names an option holds: its literal, trimmed as CICS trims it, or what its variable can hold."""
    value = info.options.get(option)
    if not value:
        return []
    if option in info.literal_options:
        return [value.strip().upper()]
    return sorted(values(value.split("(")[0].strip()))


def channel_key(info: ExecInfo, values: Values) -> tuple[str, ...]:
    """The channel a command names, as the names it can have (the variable itself where none is known)."""
    value = info.options.get("CHANNEL")
    if not value:
        return ()
    return tuple(option_names(info, "CHANNEL", values)) or (value.upper(),)


def containers_by_channel(infos: list[tuple[ExecInfo, Values]]) -> dict[tuple[str, ...], set[str]]:
    """Channel -> the containers the program PUTs into it (``()`` is the channel the program was given)."""
    found: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for info, values in infos:
        if info.language == "CICS" and info.command == "PUT" and "CONTAINER" in info.options:
            names = option_names(info, "CONTAINER", values) or [(info.options["CONTAINER"] or "").upper()]
            found[channel_key(info, values)].update(names)
    return found


def channel_attributes(info: ExecInfo, values: Values, containers: dict[tuple[str, ...], set[str]]) -> dict[str, Any]:
    """``channel`` (its name, or the variable where no name is known), ``channel_variable`` and the
    ``containers`` PUT into it, for a command that passes a channel."""
    if info.command not in CHANNEL_COMMANDS or not info.options.get("CHANNEL"):
        return {}
    key = channel_key(info, values)
    attributes: dict[str, Any] = {"channel": ", ".join(key)}
    if "CHANNEL" not in info.literal_options:
        attributes["channel_variable"] = (info.options["CHANNEL"] or "").upper()
    put = containers.get(key)
    if put:
        attributes["containers"] = sorted(put)
    return attributes
