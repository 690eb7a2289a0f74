"""Ask the estate: exact answers from the graph, ranked passages from the documents and rules,
an optional LLM answer whose citations are checked, and the same tools over MCP.

Everything here reads the store and the facts; nothing writes outside the store, and nothing is
sent anywhere unless ``--model`` is given (the MCP server never sends anything itself).
"""
