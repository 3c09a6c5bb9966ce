import os
import sys

from common.stepdiff.cli import main

try:
    main()
except BrokenPipeError:  # piped into head or less, which stopped reading
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(1)
