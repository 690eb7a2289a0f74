"""Dependency graph: build and resolve from module facts, analyses, exports, the browser viewer."""
