"""Where the benchmarks write what they measured: each its own section of docs/performance.md."""
from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "performance.md"


def write_section(section: str, text: str, doc: Path = DOC) -> None:
    """Replace the section headed `section` (up to the next "## " heading) with `text`, leaving the
    others alone; append it the first time."""
    old = doc.read_text(encoding="utf-8") if doc.exists() else "# Performance\n"
    pattern = re.compile(rf"^{re.escape(section)}\n.*?(?=^## |\Z)", re.S | re.M)
    text = text.rstrip("\n") + "\n"
    new = pattern.sub(lambda _: text + "\n", old, count=1) if pattern.search(old) else old.rstrip("\n") + "\n\n" + text
    doc.write_text(new.rstrip("\n") + "\n", encoding="utf-8")
