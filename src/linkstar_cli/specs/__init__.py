"""Platform specs: marketplace rules and render plans kept as data, built in or local to a content repo."""
