"""Module documents: deterministic fact-based documents, the LLM narrative layer, grounding checks."""
