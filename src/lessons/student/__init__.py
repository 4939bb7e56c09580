"""A student's workspace: names, progress, hand-in files."""
