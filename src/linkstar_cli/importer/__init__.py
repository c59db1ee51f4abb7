"""``linkstar import``: products from ERP and PIM exports (CSV, XLSX) into SKU folders.

``table`` and ``xlsx`` read the file into text cells, and ``encoding`` decodes
CSV bytes. ``plan`` matches a mapping (``presets/*.yaml`` or the user's file)
against the header. ``extract`` turns rows into products, and ``merge`` writes
them into SKU folders without losing hand edits. ``run`` calls the steps in order.
"""
