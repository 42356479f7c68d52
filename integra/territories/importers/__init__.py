"""Parsers for the official territorial files. They only read and validate; services write."""
