"""Authoring: the commands that change the archive (new-case, new-meeting, renumber).

Every change goes through `fs.Transaction` under `fs.archive_lock`: all files change or
none do, new files are created exclusively, and no two commands run at once.
"""

from ho21.authoring.fs import AuthoringError

__all__ = ["AuthoringError"]
