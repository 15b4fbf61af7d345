"""`manage.py` whose imports stop once a given number of rows is written, so a test can kill the worker there.

    python -m tests.support.paused_import ROWS import_models FILE ...

Once the import's bulk writer has written ROWS rows (inside the import's transaction) it says so on stderr,
`import paused after <done> of <total> rows`, and sleeps.
"""

import os
import sys
import time

PAUSE_SECONDS = 600


def pause_imports_after(rows):
    from catalogue.services import importing

    advance = importing.BulkWriter.advance
    paused = False

    def advance_then_pause(writer, count):
        nonlocal paused
        advance(writer, count)
        if not paused and writer.done >= rows:
            paused = True
            print(f"import paused after {writer.done} of {writer.total} rows", file=sys.stderr, flush=True)
            time.sleep(PAUSE_SECONDS)

    importing.BulkWriter.advance = advance_then_pause


def main(argv):
    rows, command = int(argv[1]), argv[2:]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.core.management import execute_from_command_line

    django.setup()
    pause_imports_after(rows)
    execute_from_command_line(["manage.py", *command])


if __name__ == "__main__":
    main(sys.argv)
