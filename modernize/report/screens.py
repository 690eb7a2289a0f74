"""OUT/screens/: every BMS map drawn as its 3270 screen, and the drawings the module pages embed.

A page per map (``screens/MAPSET.MAP.html``: the drawing, a legend, the notes on what did not fit,
the programs that SEND or RECEIVE it with their lines, a table of fields with the symbolic-map names
linked to the copybook's lines), a page per mapset with all its maps, and ``screens/index.html``.
The drawing is an HTML grid of one cell per character with the fields' text, real input elements for
unprotected fields and hidden DRK fields; CSS inline, nothing loaded. The program that uses a map,
the copybook holding its symbolic map and the mapset show the drawing on their own module pages.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from markupsafe import Markup

from modernize.graph.screens import Screen, ScreenUse, build_screens
from modernize.model import Module, NodeKind, node_id
from modernize.output import Output, safe_stem, utf8


@dataclass(frozen=True)
class Embedded:
    """A screen shown on another page: where its own page is, and why it is shown there."""

    screen: Screen
    href: str
    why: str = ""


@dataclass(frozen=True)
class Use:
    program: str
    command: str
    path: str
    line: int | None
    href: str | None
    line_href: str | None


def screen_page(screen: Screen) -> str:
    return f"screens/{safe_stem(screen.mapset)}.{safe_stem(screen.name)}.html"


def mapset_page(mapset: str) -> str:
    return f"screens/{safe_stem(mapset)}.html"


def module_page(name: str, kind: str, documented: Collection[str]) -> str | None:
    """modules/NAME.KIND.html when the module has a page (report.page_name's form)."""
    return f"modules/{safe_stem(name)}.{kind}.html" if f"{kind}:{name}" in documented else None


def uses_of(uses: list[ScreenUse]) -> str:
    """'RECEIVE MAP at line 89; SEND MAP at lines 159, 165': how one program uses a map."""
    commands: dict[str, list[str]] = {}
    for use in uses:
        commands.setdefault(use.command or "uses", []).append(str(use.line or "?"))
    return "; ".join(f"{command} at line{'s' if len(lines) > 1 else ''} {', '.join(lines)}" for command, lines in commands.items())


def screen_outputs(name: str, modules: list[Module], documented: Collection[str]) -> dict[str, Output]:
    """screens/index.html, a page per mapset and a page per map."""
    from modernize.report import environment

    env = environment()
    screens = build_screens(modules)
    outputs: dict[str, Output] = {}
    by_mapset: dict[str, list[Screen]] = {}
    for screen in screens:
        by_mapset.setdefault(screen.mapset, []).append(screen)
        copybook = module_page(screen.copybook, "copybook", documented) if screen.copybook else None
        users = [Use(u.program, u.command, u.path, u.line, f"../{page}" if (page := module_page(u.program, "program", documented)) else None,
                     f"../{page}#L-{u.line}" if page and u.line else None) for u in screen.users]
        outputs[screen_page(screen)] = utf8(env.get_template("screen.html.j2").render(
            title=f"{name}: screen {screen.name}", name=name, depth="../", screen=screen, users=users,
            mapset_href=mapset_page(screen.mapset).removeprefix("screens/"), copybook_href=f"../{copybook}" if copybook else None))
    mapsets = []
    for mapset, items in by_mapset.items():
        entries = [Embedded(s, screen_page(s).removeprefix("screens/"), ", ".join(sorted({u.program for u in s.users}))) for s in items]
        outputs[mapset_page(mapset)] = utf8(env.get_template("mapset.html.j2").render(
            title=f"{name}: mapset {mapset}", name=name, depth="../", mapset=mapset, path=items[0].path, entries=entries))
        mapsets.append({"name": mapset, "path": items[0].path, "href": mapset_page(mapset).removeprefix("screens/"),
                        "rows": [{"screen": s, "href": screen_page(s).removeprefix("screens/"), "inputs": sum(f.is_input for f in s.fields),
                                  "programs": sorted({u.program for u in s.users})} for s in items]})
    outputs["screens/index.html"] = utf8(env.get_template("screens.html.j2").render(
        title=f"{name}: screens", name=name, depth="../", screens=screens, mapsets=mapsets))
    return outputs


def module_screens(modules: list[Module]) -> dict[str, Markup]:
    """``kind:name`` of a module page -> the screens it shows: a program's the maps it sends or
    receives, a copybook's the maps whose symbolic map it holds, a mapset's its maps."""
    from modernize.report import environment

    shown: dict[str, list[Embedded]] = {}
    for screen in build_screens(modules):
        href = screen_page(screen)
        for program in sorted({u.program for u in screen.users}):
            mine = [u for u in screen.users if u.program == program]
            shown.setdefault(f"program:{program}", []).append(Embedded(screen, href, uses_of(mine)))
        if screen.copybook:
            shown.setdefault(f"copybook:{screen.copybook}", []).append(Embedded(screen, href, "its symbolic map is this copybook"))
        shown.setdefault(f"mapset:{screen.mapset}", []).append(Embedded(screen, href))
    macro = environment().get_template("_screen.html.j2").module.embed  # type: ignore[attr-defined]
    return {key: Markup(macro(items, "../")) for key, items in shown.items()}


def screen_node_pages(modules: list[Module]) -> dict[str, str]:
    """Graph node id -> its page here, for a screen and a mapset (module pages link them)."""
    pages: dict[str, str] = {}
    for screen in build_screens(modules):
        pages.setdefault(node_id(NodeKind.SCREEN, screen.name), screen_page(screen))
        pages.setdefault(node_id(NodeKind.MAPSET, screen.mapset), mapset_page(screen.mapset))
    return pages
