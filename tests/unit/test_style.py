"""Colours, icons and thresholds are written once (dashboard/ui/style.py); the browser
gets them from the generated assets/00_style.js, which must be up to date."""
import re
from pathlib import Path

from dashboard.ui import style

ASSETS = Path(style.__file__).parent / "assets"


def test_the_generated_asset_is_up_to_date():
    assert style.ASSET.read_text() == style.asset_text(), "run `python -m dashboard.ui.style`"


def test_no_other_asset_or_module_writes_a_status_colour_or_type_icon_again():
    values = [*style.STATUS_COLOUR.values(), *style.TYPE_ICON.values(), style.STALE_COLOUR]
    sources = [p for p in ASSETS.glob("*.js") if p != style.ASSET]
    sources += [p for p in (ASSETS.parent).rglob("*.py") if p.name != "style.py"]
    again = [f"{p.name}: {v}" for p in sources for v in values
             if re.search(re.escape(v) + r"\b", p.read_text(), re.IGNORECASE)]
    assert not again
