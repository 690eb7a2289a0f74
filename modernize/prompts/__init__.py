"""Prompt templates (*.j2), one per LLM task, each with a version, and their loader."""
