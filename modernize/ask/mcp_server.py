"""A Model Context Protocol server over the analysed estate, for AI assistants (Claude, Copilot,
Cursor, Continue …): read-only tools on the facts, graph, documents and plan.

It never sends anything anywhere itself: the assistant that connects decides what goes to its
model. stdio by default; streamable HTTP only on 127.0.0.1 unless the user binds elsewhere.
"""

from __future__ import annotations

from typing import Any

from mcp.server.mcpserver import MCPServer
from mcp.types import ToolAnnotations

from modernize.ask import questions
from modernize.ask.search import index_for
from modernize.pipeline.estate import Estate

READ_ONLY = ToolAnnotations(readOnlyHint=True, destructiveHint=False, idempotentHint=True, openWorldHint=False)
INSTRUCTIONS = """Tools over one analysed legacy mainframe estate (COBOL, copybooks, JCL, CICS, DB2).
Names are mainframe names (programs, copybooks, jobs, datasets like TSL.PROD.PERSOON, tables,
transactions); node ids look like program:TSB010. Graph tools answer exactly; search_estate ranks
summaries, paragraphs and business rules, each with file and line. Cite file:line from the results."""


def create_server(estate: Estate) -> MCPServer:
    """The server with its tools bound to ``estate``."""
    server = MCPServer("modernize", instructions=INSTRUCTIONS)

    @server.tool(annotations=READ_ONLY)
    def search_estate(query: str, limit: int = 8) -> dict[str, Any]:
        """Search module summaries, paragraphs (with their source and comments) and business rules."""
        found = index_for(estate).search(query, max(1, min(limit, 50)))
        return {"results": [dict(p.to_dict(), where=p.where, score=round(score, 4)) for p, score in found]}

    @server.tool(annotations=READ_ONLY)
    def get_module(name: str) -> dict[str, Any]:
        """A module's fact-based document (Markdown) and its facts: kind, path, metrics, references."""
        node = estate.node(name)
        module = estate.by_node.get(node) if node else None
        if module is None:
            return {"error": f"{name} is not a module of the estate"}
        facts = module.to_dict()
        facts["symbols"] = [s for s in facts["symbols"] if s["kind"] != "data"]  # layouts are in the document
        return {"node": node, "document": estate.document(node), "facts": facts}

    @server.tool(annotations=READ_ONLY)
    def callers(name: str) -> dict[str, Any]:
        """Who calls, links to, starts or runs this program (programs, transactions, job steps)."""
        return questions.callers(estate, name).to_dict()

    @server.tool(annotations=READ_ONLY)
    def callees(name: str) -> dict[str, Any]:
        """What this program calls, links to or starts (or what a job step runs)."""
        return questions.callees(estate, name).to_dict()

    @server.tool(annotations=READ_ONLY)
    def impact(name: str, include_navigation: bool = False) -> dict[str, Any]:
        """Everything that depends on this module, transitively, each with the path through which.
        include_navigation also follows CICS RETURN TRANSID (the next screen of a conversation),
        which is no dependency."""
        return questions.impact(estate, name, include_navigation).to_dict()

    @server.tool(annotations=READ_ONLY)
    def who_reads(name: str) -> dict[str, Any]:
        """Programs and job steps that read a dataset, table, file or queue."""
        return questions.readers(estate, name).to_dict()

    @server.tool(annotations=READ_ONLY)
    def who_writes(name: str) -> dict[str, Any]:
        """Programs and job steps that write a dataset, table, file or queue."""
        return questions.writers(estate, name).to_dict()

    @server.tool(annotations=READ_ONLY)
    def plan_step(name: str) -> dict[str, Any]:
        """The replacement-plan step that replaces this module (or the steps that own or share data)."""
        return questions.plan_step(estate, name).to_dict()

    @server.tool(annotations=READ_ONLY)
    def paragraph_source(program: str, paragraph: str) -> dict[str, Any]:
        """The source lines of one paragraph or section of a program, with file and line numbers."""
        module = estate.module(program)
        if module is None:
            return {"error": f"{program} is not a module of the estate"}
        symbol = next((s for s in module.symbols if s.kind in ("paragraph", "section") and s.name == paragraph.strip().upper()), None)
        if symbol is None or not symbol.line:
            return {"error": f"{module.name} has no paragraph {paragraph}",
                    "paragraphs": [s.name for s in module.symbols if s.kind == "paragraph"]}
        path = symbol.path or module.path
        end = symbol.end_line or symbol.line
        lines = estate.source_lines(path)[symbol.line - 1:end]
        return {"program": module.name, "paragraph": symbol.name, "path": path, "line": symbol.line, "end_line": end,
                "source": "\n".join(lines)}

    return server


TOOLS = ("search_estate", "get_module", "callers", "callees", "impact", "who_reads", "who_writes", "plan_step", "paragraph_source")
