"""Reviews bound to content, the SKU × target status, and releases recorded as Git tags.

``fingerprints`` hashes what each review layer covers. ``reviews`` and ``roles``
record and judge verdicts, and ``readiness`` lists what blocks a release. ``status``,
``release``, ``history`` and ``diff`` implement the commands of the same names, and
``tags`` reads and writes the release tags.
"""
