"""Reads of strategies and Action Plans within the reader's scope."""
