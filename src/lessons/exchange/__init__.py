"""The course exchange of a JupyterHub class: a folder the teacher releases into, students
fetch from and hand in to, and the teacher collects from, with no root step after the hub's
admin made its parent once.

``layout`` (the folders, their permissions, which exchange to use), ``publish`` (release
into it, close an assessment), ``fetching`` (a student's fetch, and the rule that keeps a
changed notebook) and ``collecting`` (the teacher's collect, with each file's owner). The
student's side of the exchange (mode from the teacher's release, hand-in into the inbox)
lives in :mod:`lessons.student`, below this package. Design and why:
docs/design-notes.md, "The course exchange". Import the module you need: importing
this package loads none of them.
"""

__all__: list[str] = []
