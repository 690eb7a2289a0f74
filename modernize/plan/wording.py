"""The plan's words in the reader's language: labels, and the sentences build.py writes in English.

build.py composes its sentences in English (plan.json keeps them so); the Markdown and the annex
translate them at render time, part by part (build.py joins parts with "; "), through a table of
patterns keyed by the English sentence. A sentence without a pattern stays English.
"""

from __future__ import annotations

import re

LABELS_NL = {
    "CRUD matrix": "CRUD-matrix", "Program": "Programma", "Data store": "Gegevensopslag",
    "Replacement plan": "Vervangingsplan", "Step": "Stap", "wave": "golf", "Why here": "Waarom hier", "Scope": "Omvang",
    "programs": "programma's", "code lines": "coderegels", "complexity": "complexiteit", "Interfaces to keep stable": "Stabiel te houden koppelvlakken",
    "Interfaces": "Koppelvlakken", "Coexistence": "Samenleving oud en nieuw", "Risks": "Risico's", "Effort": "Inspanning",
    "Acceptance criteria": "Acceptatiecriteria", "Rollback": "Terugval", "Depends on": "Hangt af van", "Dependencies": "Afhankelijkheden",
    "none": "geen", "Estate": "Landschap", "Effort model": "Inspanningsmodel", "Work packages": "Werkpakketten", "Assumptions": "Aannames",
    "Exclusions": "Uitsluitingen", "Quantities": "Hoeveelheden", "steps": "stappen", "waves": "golven", "Owned data": "Eigen gegevens",
    "Shared data": "Gedeelde gegevens", "Data owned and shared": "Eigen en gedeelde gegevens", "person-days": "persoonsdagen",
    "Used outside the programs": "Gebruikt buiten de programma's", "Element": "Element", "Type": "Soort", "Why": "Waarom", "Function points": "Functiepunten", "Interface contract": "Koppelvlakcontract", "Copybooks": "Copyboeken", "Glossary": "Verklarende woordenlijst",
    "Contents": "Inhoud", "Organisation": "Organisatie", "Version": "Versie", "Date": "Datum", "Status": "Status", "draft": "concept",
    "Annex": "Bijlage", "Page": "Pagina", "Risk": "Risico", "Likelihood": "Kans", "Impact": "Impact", "Mitigation": "Maatregel",
    "Evidence": "Bewijs", "Formula": "Formule", "Term": "Term", "Meaning": "Betekenis", "Item": "Onderdeel", "Number": "Aantal",
    "low": "laag", "medium": "middel", "high": "hoog", "Right-click and choose Update Field to fill in the table of contents.":
    "Klik met de rechtermuisknop en kies Veld bijwerken om de inhoudsopgave te vullen.",
    "program": "programma", "copybook": "copyboek", "jcl": "job", "proc": "procedure (PROC)", "transaction": "transactie",
    "screen": "scherm", "dataset": "dataset", "table": "tabel", "file": "bestand", "queue": "wachtrij", "class": "Java-klasse",
    "service": "z/OS Connect-service", "api": "API", "code_lines": "coderegels", "call": "aanroep", "cicsfile": "CICS-bestand",
    "csd": "CICS-definities (CSD)", "jclinclude": "JCL-include", "mapset": "BMS-mapset", "tablespace": "tablespace", "database": "database",
    "view": "DB2-view",
}
LABELS_EN = {"jcl": "job", "proc": "procedure (PROC)", "api": "API", "code_lines": "code lines", "class": "Java class",
             "service": "z/OS Connect service", "call": "call", "draft": "draft", "cicsfile": "CICS file", "csd": "CICS definitions (CSD)",
             "jclinclude": "JCL include", "mapset": "BMS mapset", "view": "DB2 view"}
NODE_ID = re.compile(r"\b(dataset|table|file|queue|program|transaction|screen|class|service|api):(?=\S)")

# English sentence (a regular expression over one "; "-part) -> its Dutch wording.
# The patterns below are matched against build.py's sentences with the estate's names in them; a
# part longer than this stays English, so their backtracking is bounded whatever the estate holds
# (tests/security/test_redos.py times ``sentence`` on a hostile text instead of each pattern).
MAX_TRANSLATED = 2_000
SENTENCES_NL: list[tuple[str, str]] = [
    # function points (function_points.py): the summary, its comparison and each element's reason
    (r"indicative (?P<i>.+?) = (?P<ti>\d+); estimated (?P<e>.+?) = (?P<te>\d+); effort (?P<d>\S+) person-days \((?P<n>\S+) FP × (?P<h>\S+) h/FP / "
     r"(?P<p>\S+) h per day\), (?P<c>.+)",
     r"indicatief \g<i> = \g<ti>; geschat \g<e> = \g<te>; inspanning \g<d> persoonsdagen (\g<n> FP × \g<h> u/FP / \g<p> u per dag), \g<c>"),
    (r"written by (?P<w>.+), read by no program: a report, print or export file",
     r"geschreven door \g<w>, door geen programma gelezen: een rapport, afdruk of exportbestand"),
    (r"written by (?P<w>.+), read by (?P<r>.+)", r"geschreven door \g<w>, gelezen door \g<r>"),
    (r"table written by (?P<w>.+)", r"tabel geschreven door \g<w>"),
    (r"read by (?P<r>.+), written by (?P<w>.+) \(maintained elsewhere\)", r"gelezen door \g<r>, geschreven door \g<w> (elders onderhouden)"),
    (r"(?P<k>\S+) read by (?P<r>.+), written by no program \(maintained by another application\)",
     r"\g<k> gelezen door \g<r>, door geen programma geschreven (onderhouden door een andere toepassing)"),
    (r"input data set read by (?P<r>.+) and written by no program: processed into their data",
     r"invoerbestand gelezen door \g<r> en door geen programma geschreven: verwerkt tot hun gegevens"),
    (r"data set read by (?P<r>.+), written by no program; they write nothing",
     r"bestand gelezen door \g<r>, door geen programma geschreven; zij schrijven niets"),
    (r"shown by (?P<p>\S+), which only reads", r"getoond door \g<p>, dat alleen leest"),
    (r"shown by (?P<p>\S+), which changes data(?P<t>.*)", r"getoond door \g<p>, dat gegevens wijzigt\g<t>"),
    (r"starts (?P<p>\S+) \(no screen\), which only reads", r"start \g<p> (geen scherm), dat alleen leest"),
    (r"starts (?P<p>\S+) \(no screen\), which changes data(?P<t>.*)", r"start \g<p> (geen scherm), dat gegevens wijzigt\g<t>"),
    (r"Shared services: (?P<x>.+)", r"Gedeelde diensten: \g<x>"),
    (r"shared services: (?P<n>\d+) program\(s\) and component\(s\) call these and they call no business program, so they come first "
     r"and stay one library that both the legacy programs and the new components call until the last caller is replaced",
     r"gedeelde diensten: \g<n> programma('s) en component(en) roepen deze aan en zij roepen geen bedrijfsprogramma aan, dus ze komen "
     r"als eerste en blijven één bibliotheek die de bestaande programma's en de nieuwe componenten allebei aanroepen tot de laatste "
     r"aanroeper is vervangen"),
    (r"calls into them do not tie the other steps together", "aanroepen ervan binden de andere stappen niet aan elkaar"),
    (r"it holds (?P<n>\d+) of the estate's (?P<t>\d+) programs, all shared services, replaced as one library",
     r"de stap bevat \g<n> van de \g<t> programma's van het landschap, allemaal gedeelde diensten, vervangen als één bibliotheek"),
    (r"it holds (?P<n>\d+) of the estate's (?P<t>\d+) programs, more than (?P<p>\S+), because programs that call each other in a cycle "
     r"\((?P<c>.+)\) are replaced together",
     r"de stap bevat \g<n> van de \g<t> programma's van het landschap, meer dan \g<p>, omdat programma's die elkaar in een kringloop "
     r"aanroepen (\g<c>) samen worden vervangen"),
    (r"it holds (?P<n>\d+) of the estate's (?P<t>\d+) programs, more than (?P<p>\S+), because the plan's settings pin them together",
     r"de stap bevat \g<n> van de \g<t> programma's van het landschap, meer dan \g<p>, omdat de instellingen van het plan ze samen vastzetten"),
    (r"Beside it, function points \(NESMA, ISO/IEC 24570\): indicative count = ILF × 35 \+ EIF × 15; estimated count = ILF × 7 \+ EIF × 5 "
     r"\+ EI × 4 \+ EO × 5 \+ EQ × 4 \(data functions Low, transactional functions Average\); effort \(person-days\) = estimated "
     r"count × hours_per_fp / hours_per_day\. Every counted element is listed with the fact behind it, for a certified counter to check\.",
     "Daarnaast functiepunten (NESMA, ISO/IEC 24570): indicatieve telling = ILF × 35 + EIF × 15; geschatte telling = ILF × 7 + EIF × 5 "
     "+ EI × 4 + EO × 5 + EQ × 4 (gegevensfuncties Laag, transactionele functies Gemiddeld); inspanning (persoonsdagen) = geschatte "
     "telling × hours_per_fp / hours_per_day. Elk geteld element staat erbij met het feit erachter, zodat een gecertificeerd teller het kan nagaan."),
    (r"keep these programs as one library under their names and LINKAGE/COMMAREA layouts: the legacy programs and the new components "
     r"both call it, so it moves once, first, and stays until its last caller is replaced",
     "houd deze programma's als één bibliotheek onder hun namen en LINKAGE/COMMAREA-indelingen: de bestaande programma's en de nieuwe "
     "componenten roepen haar allebei aan, dus ze verhuist één keer, als eerste, en blijft tot haar laatste aanroeper is vervangen"),
    (r"calls into (?P<x>.+), which is replaced before it, so the programs it calls already run in the new world",
     r"roept \g<x> aan, dat eerder wordt vervangen, zodat de aangeroepen programma's al in de nieuwe omgeving draaien"),
    (r"calls into (?P<x>.+), which are replaced before it, so the programs it calls already run in the new world",
     r"roept \g<x> aan, die eerder worden vervangen, zodat de aangeroepen programma's al in de nieuwe omgeving draaien"),
    (r"calls no other part of the estate \(only system programs or nothing\), so it can be replaced first",
     "roept geen ander deel van het landschap aan (alleen systeemprogramma's of niets), dus kan als eerste worden vervangen"),
    (r"it only reads data, so it can run against the legacy data stores unchanged",
     "het leest alleen gegevens, dus kan ongewijzigd tegen de bestaande gegevensopslag draaien"),
    (r"it writes data that other steps also use, so those stores stay synchronised until the data migration step",
     "het schrijft gegevens die ook andere stappen gebruiken, dus die opslag blijft gesynchroniseerd tot de gegevensmigratiestap"),
    (r"it writes data that other steps or components outside the programs also use, so those stores stay synchronised until the data migration step",
     "het schrijft gegevens die ook andere stappen of componenten buiten de programma's gebruiken, dus die opslag blijft gesynchroniseerd tot de gegevensmigratiestap"),
    (r"data migration comes last: every program that reads or writes these stores has been replaced",
     "gegevensmigratie komt als laatste: elk programma dat deze opslag leest of schrijft is dan vervangen"),
    (r"the components outside the programs that use them \(Java classes\) move to the new stores in this step",
     "de componenten buiten de programma's die ze gebruiken (Java-klassen) gaan in deze stap over op de nieuwe opslag"),
    (r"route the same transaction ids and screens to the new component \(CICS front, one transaction at a time\)",
     "leid dezelfde transactiecodes en schermen naar de nieuwe component (CICS-voorkant, één transactie tegelijk)"),
    (r"replace behind the same CALL/LINK interface: a wrapper with the same LINKAGE layout serves the remaining legacy callers",
     "vervang achter hetzelfde CALL/LINK-koppelvlak: een wrapper met dezelfde LINKAGE-indeling bedient de overige bestaande aanroepers"),
    (r"keep the program names and COMMAREA layouts the Java classes and z/OS Connect services call, or repoint them to the new component",
     "behoud de programmanamen en COMMAREA-indelingen die de Java-klassen en z/OS Connect-services aanroepen, of verwijs ze naar de nieuwe component"),
    (r"synchronise the shared data both ways until its last legacy writer is replaced",
     "synchroniseer de gedeelde gegevens in beide richtingen tot de laatste bestaande schrijver is vervangen"),
    (r"read the shared legacy data stores in place \(through a data access layer\) until the data migration step",
     "lees de gedeelde bestaande gegevensopslag ter plekke (via een gegevenstoegangslaag) tot de gegevensmigratiestap"),
    (r"wrap and replace: no other part of the estate depends on it at run time",
     "omhullen en vervangen: geen ander deel van het landschap hangt er tijdens de uitvoering van af"),
    (r"stop the synchronisation; the new data stores become the only source",
     "stop de synchronisatie; de nieuwe gegevensopslag wordt de enige bron"),
    (r"stop the synchronisation", "stop de synchronisatie"),
    (r"the new data stores become the only source", "de nieuwe gegevensopslag wordt de enige bron"),
    (r"route the entry points \(JCL steps, transactions, CALL wrappers\) back to the legacy programs, which stay deployed until the step is accepted",
     "leid de ingangen (JCL-stappen, transacties, CALL-wrappers) terug naar de bestaande programma's, die geïnstalleerd blijven tot de stap is geaccepteerd"),
    (r"replay or reverse the writes the new component made to data the legacy programs use",
     "herhaal of draai de schrijfacties terug die de nieuwe component deed op gegevens die de bestaande programma's gebruiken"),
    (r"discard the new component's own data stores", "verwijder de eigen gegevensopslag van de nieuwe component"),
    (r"keep the legacy stores read-only for one processing cycle and switch back if reconciliation fails",
     "houd de bestaande opslag één verwerkingscyclus alleen-lezen en schakel terug als de aansluiting mislukt"),
    (r"Migrate the shared data stores", "Migratie van de gedeelde gegevensopslag"),
    (r"(?P<x>.+) \(\+(?P<n>\d+) programs?\)", r"\g<x> (+\g<n> programma's)"),
    (r"ALTER changes the control flow at run time", "ALTER wijzigt de programmaloop tijdens de uitvoering"),
    (r"high GO TO density", "hoge dichtheid van GO TO"),
    (r"dynamic target not resolved", "dynamisch doel niet opgelost"),
    (r"missing source", "ontbrekende broncode"),
    (r"IMS DL/I access", "IMS DL/I-toegang"),
    (r"data set name not resolved", "datasetnaam niet opgelost"),
    (r"writes data that other parts use", "schrijft gegevens die andere delen gebruiken"),
    (r"data written by several components", "gegevens die door meerdere componenten worden geschreven"),
    (r"(?P<p>.+): (?P<n>\d+) ALTER statement\(s\)", r"\g<p>: \g<n> ALTER-opdracht(en)"),
    (r"(?P<p>.+): (?P<n>\d+) GO TO in (?P<m>\d+) statements", r"\g<p>: \g<n> GO TO in \g<m> opdrachten"),
    (r"(?P<x>.+?) is used by (?P<n>\d+) steps and (?P<m>\d+) component\(s\) outside the programs",
     r"\g<x> wordt gebruikt door \g<n> stappen en \g<m> component(en) buiten de programma's"),
    (r"(?P<x>.+?) is used by (?P<n>\d+) steps", r"\g<x> wordt gebruikt door \g<n> stappen"),
    (r"(?P<x>.+?) is (?P<y>.+): its symbols are set outside the repository, so it has no owner",
     r"\g<x> is \g<y>: de symbolen worden buiten de repository gezet, dus het heeft geen eigenaar"),
    (r"(?P<x>.+): writers in (?P<n>\d+) step\(s\) and (?P<m>\d+) component\(s\) outside the programs",
     r"\g<x>: schrijvers in \g<n> stap(pen) en \g<m> component(en) buiten de programma's"),
    (r"(?P<x>.+): writers in (?P<n>\d+) step\(s\)", r"\g<x>: schrijvers in \g<n> stap(pen)"),
    (r"(?P<x>.+) KLOC × (?P<h>.+) h/KLOC × complexity factor (?P<c>.+) × risk factor (?P<r>.+) / (?P<d>.+) h per day, range (?P<g>.+)",
     r"\g<x> KLOC × \g<h> uur/KLOC × complexiteitsfactor \g<c> × risicofactor \g<r> / \g<d> uur per dag, bandbreedte \g<g>"),
    (r"(?P<n>\d+) data store\(s\) × 1–3 person-days \(reconciliation included\)",
     r"\g<n> gegevensopslag(en) × 1–3 persoonsdagen (inclusief aansluiting)"),
    (r"(?P<x>.+): output identical to the legacy golden master", r"\g<x>: uitvoer gelijk aan de golden master van het bestaande systeem"),
    (r"(?P<x>.+): record counts and checksums reconcile between legacy and new store",
     r"\g<x>: aantallen records en controletotalen sluiten aan tussen bestaande en nieuwe opslag"),
]
COMPILED_NL = [(re.compile(pattern), replacement) for pattern, replacement in SENTENCES_NL]
# Phrases inside a sentence, translated wherever they stand (after the sentence's own pattern).
PHRASES_NL = [(re.compile(pattern), replacement) for pattern, replacement in [
    (r"within the code-size range \((?P<r>[^)]+)\): both models agree",
     r"binnen de bandbreedte van het coderegelmodel (\g<r>): beide modellen komen overeen"),
    (r"below the code-size range \((?P<r>[^)]+)\): much code for few functions the user sees \(logic, validations and "
     r"calculations behind few files and screens\), which the code-size model counts",
     r"onder de bandbreedte van het coderegelmodel (\g<r>): veel code voor weinig functies die de gebruiker ziet (logica, "
     r"controles en berekeningen achter weinig bestanden en schermen), die het coderegelmodel wel telt"),
    (r"above the code-size range \((?P<r>[^)]+)\): many files, screens or inputs served by little code, which the "
     r"function-point model counts whatever the code size",
     r"boven de bandbreedte van het coderegelmodel (\g<r>): veel bestanden, schermen of invoer met weinig code, die het "
     r"functiepuntenmodel telt ongeacht de omvang van de code"),
    (r"no function counted: moving data is no function the user sees, so only the code-size estimate applies",
     r"geen functie geteld: gegevens verplaatsen is geen functie die de gebruiker ziet, dus alleen de coderegelschatting geldt"),
    (r"no code-size estimate to compare with", r"geen coderegelschatting om mee te vergelijken"),
    (r"\(through (?P<x>[^)]+)\)", r"(via \g<x>)"),
]]


def label(text: str, lang: str) -> str:
    """A heading, label or kind in ``lang`` (English keys; raw keys like ``code_lines`` get words)."""
    return LABELS_NL.get(text, LABELS_EN.get(text, text)) if lang == "nl" else LABELS_EN.get(text, text)


def sentence(text: str, lang: str) -> str:
    """One of build.py's sentences in ``lang``: each "; "-part through the first pattern it matches,
    node ids (``dataset:X``) as their kind's word and name."""
    text = NODE_ID.sub(lambda m: label(m.group(1), lang) + " ", text)
    if lang != "nl" or not text:
        return text
    whole = translate_part(text)
    translated = whole if whole is not None else "; ".join(translate_part(part) or part for part in text.split("; "))
    if len(translated) > MAX_TRANSLATED:
        return translated
    for pattern, replacement in PHRASES_NL:
        translated = pattern.sub(replacement, translated)
    return translated


def translate_part(part: str) -> str | None:
    if len(part) > MAX_TRANSLATED:
        return None  # a sentence this long lists names without end: it stays as written
    for pattern, replacement in COMPILED_NL:
        match = pattern.fullmatch(part)
        if match:
            return match.expand(replacement)
    return None
