"""Reporters: the same findings as text for people, JSON, SARIF or GitHub workflow commands."""

from __future__ import annotations

FORMATS = ("human", "json", "sarif", "github")
