"""A student's workspace, one concern a module, lowest first: ``names`` (the name rules and
slug), ``version``, ``workspace`` (the folder, what a release put there, atomic writes),
``progress`` (saved answers), ``submission`` (the hand-in file format) and ``handin``
(writing one). Nothing here imports the grader or a widget."""
