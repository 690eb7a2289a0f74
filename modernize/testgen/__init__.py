"""Test generation: record codecs from copybooks, characterization test stubs, golden masters."""
