"""Finding the content repo, reading and writing its files safely, and Git access."""
