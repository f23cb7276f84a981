#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "directory.settings")
    from django.core.management import execute_from_command_line
    from multidb.pinning import pin_this_thread

    # Commands (imports, the demo, rebuilds) read what they write: with a read replica
    # (DATABASE_REPLICA_URL), every read of theirs goes to the primary.
    pin_this_thread()
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
