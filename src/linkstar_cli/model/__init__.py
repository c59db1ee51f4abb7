"""Pydantic models of every file kind in a content repo, and their JSON Schemas."""
