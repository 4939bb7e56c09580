"""The teacher's side: exercises, releases, the printed key."""
