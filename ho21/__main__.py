"""python -m ho21"""

from ho21.cli import main

main()
