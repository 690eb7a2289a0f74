"""The annex's glossary: modernize's terms, the estate's module kinds and call mechanisms, and the
estate's own data names (where the plan names them), in English or Dutch."""

from __future__ import annotations

from typing import Any

from modernize.plan.build import Step
from modernize.plan.wording import label

TERMS = {  # term -> (English, Dutch)
    "step": ("a work package: programs replaced together, with their interfaces kept stable",
             "een werkpakket: programma's die samen worden vervangen, met stabiel gehouden koppelvlakken"),
    "wave": ("steps that can run in parallel because none needs another's result",
             "stappen die tegelijk kunnen lopen omdat geen ervan het resultaat van een andere nodig heeft"),
    "strangler": ("replacing a system part by part while old and new run side by side",
                  "een systeem deel voor deel vervangen terwijl oud en nieuw naast elkaar draaien"),
    "characterization test": ("a test that records what the legacy program does today, so a replacement can be compared with it",
                              "een test die vastlegt wat het bestaande programma nu doet, zodat een vervanging ermee vergeleken kan worden"),
    "golden master": ("the outputs of the legacy program for a recorded input, the expected result of a characterization test",
                      "de uitvoer van het bestaande programma bij een vastgelegde invoer, het verwachte resultaat van een karakteriseringstest"),
    "KLOC": ("a thousand lines of code (comments and blank lines not counted)", "duizend regels code (zonder commentaar en lege regels)"),
    "LINKAGE": ("the COBOL section that describes the parameters a program receives", "de COBOL-sectie die de parameters beschrijft die een programma ontvangt"),
    "COMMAREA": ("the memory area CICS passes between programs", "het geheugengebied dat CICS tussen programma's doorgeeft"),
    "copybook": ("a shared piece of source text included by programs (record layouts, constants)",
                 "een gedeeld stuk brontekst dat programma's opnemen (recordindelingen, constanten)"),
}
KINDS = {  # module or data kind -> (English, Dutch)
    "program": ("a COBOL, PL/I, Natural, Fortran or C program", "een COBOL-, PL/I-, Natural-, Fortran- of C-programma"),
    "jcl": ("a batch job in JCL", "een batchjob in JCL"), "proc": ("a reusable JCL procedure", "een herbruikbare JCL-procedure"),
    "transaction": ("a CICS transaction id a user or system starts", "een CICS-transactiecode die een gebruiker of systeem start"),
    "screen": ("a BMS map (a terminal screen)", "een BMS-map (een terminalscherm)"),
    "dataset": ("a data set (file) on z/OS", "een dataset (bestand) op z/OS"), "table": ("a DB2 table", "een DB2-tabel"),
    "file": ("a file a program opens by its CICS or COBOL name", "een bestand dat een programma opent onder zijn CICS- of COBOL-naam"),
    "cicsfile": ("a file defined to CICS", "een bestand dat in CICS is gedefinieerd"), "queue": ("a message or temporary storage queue", "een berichten- of tijdelijke-opslagwachtrij"),
    "class": ("a Java class that calls the programs", "een Java-klasse die de programma's aanroept"),
    "service": ("a z/OS Connect service in front of a program", "een z/OS Connect-service vóór een programma"),
    "api": ("a REST API published through z/OS Connect", "een REST-API die via z/OS Connect wordt aangeboden"),
}
MECHANISMS = {  # how a program is called -> (English, Dutch)
    "static": ("a CALL of a literal program name", "een CALL met een vaste programmanaam"),
    "dynamic": ("a CALL through a variable holding the program name", "een CALL via een variabele met de programmanaam"),
    "link": ("EXEC CICS LINK: call and return", "EXEC CICS LINK: aanroep met terugkeer"),
    "xctl": ("EXEC CICS XCTL: transfer of control without return", "EXEC CICS XCTL: overdracht zonder terugkeer"),
}


def glossary(steps: list[Step], estate: dict[str, Any], lang: str = "en") -> list[tuple[str, str]]:
    """(term, meaning) pairs, sorted by term: the fixed terms, the kinds and mechanisms this estate
    has, and the data stores the plan names with where they are used."""
    pick = 1 if lang == "nl" else 0
    entries = {term: meaning[pick] for term, meaning in TERMS.items()}
    for kind in estate.get("counts", {}):
        if kind in KINDS:
            entries[label(kind, lang)] = KINDS[kind][pick]
    for mechanism in sorted({m for s in steps for i in s.interfaces for m in i.get("mechanisms", []) if m}):
        if mechanism in MECHANISMS:
            entries[f"CALL via {mechanism}"] = MECHANISMS[mechanism][pick]
    stores: dict[str, list[str]] = {}
    for s in steps:
        for node in [*s.owned_data, *s.shared_data]:
            stores.setdefault(node, []).append(s.id)
    for node, ids in stores.items():
        kind, name = node.split(":", 1)
        where = ("gebruikt in stap " if lang == "nl" else "used in step ") + ", ".join(sorted(set(ids)))
        entries[name] = f"{label(kind, lang)}; {where}"
    return sorted(entries.items(), key=lambda item: item[0].lower())
