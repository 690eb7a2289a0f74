"""Step names a bidder reads: what a unit is about, not which program happens to be largest.

A unit is named after the entity most of its programs work on (among equals: the one it owns,
then one it writes, then the one fewest steps share), else its transactions, else its job stream. The data's own name is kept, title-cased ("CUSTOMER" ->
"Customer", "KLANT" -> "Klant"): a Dutch estate's steps read in its own words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import networkx as nx

# Qualifiers of a data set name that say how it is stored, not what it holds.
STORAGE_WORDS = frozenset({"DATA", "DAT", "FILE", "FILES", "PS", "KSDS", "ESDS", "RRDS", "VSAM", "SEQ", "GDG", "BASE",
                           "CLUSTER", "INDEX", "PATH", "AIX", "TXT", "DB", "DB2", "MASTER", "IN", "OUT", "NEW", "OLD", "TEMP"})


def entity_word(graph: nx.MultiDiGraph, node: str) -> str:
    """'table:CUSTOMER_ACCOUNT' -> 'Customer Account'; a data set by its last qualifier that names
    content ('PROD.ACCT.DATA' -> 'Acct'); symbolic qualifiers (``&HLQ``, ``@PREFIX@``) are skipped."""
    data = graph.nodes[node]
    name = str(data.get("display") or data.get("name") or node.split(":", 1)[-1])
    if data.get("kind") == "dataset":
        qualifiers = [q for q in name.split(".") if q and not re.search(r"[&@$<>{}()]", q) and not q.upper().startswith("G0")]
        meaningful = [q for q in qualifiers if q.upper() not in STORAGE_WORDS]
        name = (meaningful or qualifiers or [name])[-1]
    words = [w for w in re.split(r"[_\-.\s]+", name) if w]
    return " ".join(w[:1].upper() + w[1:].lower() for w in words) or name


def domain(graph: nx.MultiDiGraph, programs: list[str], owned: list[str], writes: Mapping[str, set[str]],
           reads: Mapping[str, set[str]], sharing: Mapping[str, int]) -> str:
    """What the unit is about, or '' when it touches no data and nothing starts it. Stores of one name
    (a production and a test data set, the table and its file) count as one entity; temporary data
    sets and queues name a unit only when nothing else does."""
    by_word: dict[str, list[str]] = {}
    for node in sorted(set(writes) | set(reads)):
        if not graph.nodes[node].get("temporary"):
            by_word.setdefault(entity_word(graph, node), []).append(node)

    def rank(word: str) -> tuple:
        nodes = by_word[word]
        users = {p for n in nodes for p in (*writes.get(n, ()), *reads.get(n, ()))}
        queue = all(graph.nodes[n].get("kind") == "queue" for n in nodes)
        return (queue, -len(users), not set(nodes) & set(owned), not set(nodes) & set(writes), min(sharing.get(n, 0) for n in nodes), word)

    if by_word:
        return min(by_word, key=rank)
    transactions = sorted({graph.nodes[u].get("name", u) for p in programs for u, _, d in graph.in_edges(p, data=True)
                           if d.get("kind") == "starts" and graph.nodes[u].get("kind") == "transaction"})
    if transactions:
        shown = ", ".join(transactions[:3]) + (f" +{len(transactions) - 3}" if len(transactions) > 3 else "")
        return f"Transaction{'s' if len(transactions) > 1 else ''} {shown}"
    jobs = sorted({str(graph.nodes[u].get("name", u)).split(".")[0] for p in programs for u, _, d in graph.in_edges(p, data=True)
                   if d.get("kind") == "executes" and graph.nodes[u].get("kind") == "step"})
    if jobs:
        return f"Job stream {', '.join(jobs[:3])}" + (f" +{len(jobs) - 3}" if len(jobs) > 3 else "")
    return ""
