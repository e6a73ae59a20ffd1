import sys

from aostime.entry import main

sys.exit(main())
