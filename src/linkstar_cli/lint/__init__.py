"""``linkstar lint``: the rule engine, one module per rule family, and the reporters."""
