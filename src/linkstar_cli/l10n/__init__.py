"""Exchanging translations with translators: what needs translating, XLIFF 2.0 and PO files, writing translations back.

``fields`` contains what lint needs too (source texts, hashes, stale fields) and
imports nothing heavy; the file formats load only in the ``l10n`` commands.
"""
