"""`python -m dashboard.geodata check PATH [--crs EPSG:27700] [--name-field F]`."""
import sys

from dashboard.geodata import main

sys.exit(main())
