"""How likely and how grave each kind of risk the plan finds is, and what mitigates it: the risk
table of plan.md and the annex (build.py names the risk and its evidence; this rates it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rating:
    likelihood: str  # low, medium, high
    impact: str
    mitigation: str
    mitigation_nl: str

    def mitigation_in(self, lang: str) -> str:
        return self.mitigation_nl if lang == "nl" else self.mitigation


RATINGS = {
    "ALTER changes the control flow at run time": Rating("high", "high", "trace the ALTERed paragraphs in tests before rewriting the flow",
                                                         "leg de geALTERde paragrafen vast in tests voordat de programmaloop wordt herschreven"),
    "high GO TO density": Rating("medium", "medium", "restructure with characterization tests in place; review every jump",
                                 "herstructureer met karakteriseringstests als vangnet; beoordeel elke sprong"),
    "dynamic target not resolved": Rating("medium", "high", "establish the run-time values of the variable (logs, configuration) before the step starts",
                                          "stel de waarden van de variabele tijdens de uitvoering vast (logboeken, configuratie) voordat de stap begint"),
    "missing source": Rating("high", "high", "obtain the missing source from the owner before the step starts",
                             "verkrijg de ontbrekende broncode bij de eigenaar voordat de stap begint"),
    "IMS DL/I access": Rating("medium", "high", "map the IMS segments to the new data model and test the access paths",
                              "breng de IMS-segmenten in kaart in het nieuwe gegevensmodel en test de toegangspaden"),
    "data set name not resolved": Rating("medium", "medium", "resolve the symbols from the scheduler or the production JCL",
                                         "los de symbolen op uit de jobplanner of de productie-JCL"),
    "writes data that other parts use": Rating("high", "high", "synchronise the data both ways and reconcile daily until the data migration",
                                               "synchroniseer de gegevens in beide richtingen en sluit dagelijks aan tot de gegevensmigratie"),
    "data written by several components": Rating("medium", "high", "reconcile record counts and checksums before switching over",
                                                 "sluit aantallen records en controletotalen aan voordat wordt overgeschakeld"),
}
UNRATED = Rating("medium", "medium", "review before the step starts", "beoordeel voordat de stap begint")


def rating(risk: str) -> Rating:
    return RATINGS.get(risk, UNRATED)
