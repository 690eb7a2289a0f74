"""The static HTML report: templates and inlined assets, so it opens offline."""
