"""Draw the curated timeline's HTML page in headless Chromium: docs/ant-timeline.png.

    python docs/screenshot.py [OUTPUT.png] [--width 1280] [--height 2000] [--fragment '#tag=fine']

The page is the one `ant-timeline export html` writes (the same exporter, through the registry),
for the curated dataset at the top of the repository. `make screenshot` runs this, installing
Debian's chromium first when it is missing.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ant_timeline import export, store
from ant_timeline.export import ExportOptions

REPO = Path(__file__).resolve().parent.parent
# Headless, as root, with no network: none of Chromium's own background connections.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", default=str(REPO / "docs" / "ant-timeline.png"))
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=2645)
    parser.add_argument("--fragment", default="", help="e.g. '#tag=fine' to draw a filtered view")
    args = parser.parse_args()
    browser = shutil.which("chromium")
    if browser is None:
        print("error: chromium is not installed (make screenshot installs it)", file=sys.stderr)
        return 2
    timeline = store.load(REPO / "events.yaml")
    page = export.get("html").render(timeline, ExportOptions())
    output = Path(args.output).resolve()
    with tempfile.TemporaryDirectory(prefix="ant-timeline-screenshot-") as work:
        html = Path(work) / "ant.html"
        html.write_text(page, encoding="utf-8")
        command = [
            browser,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={Path(work) / 'profile'}",
            f"--window-size={args.width},{args.height}",
            f"--screenshot={output}",
            html.as_uri() + args.fragment,
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not output.is_file():
        print(done.stderr[-2000:], file=sys.stderr)
        print("error: chromium did not write the screenshot", file=sys.stderr)
        return 1
    print(f"wrote {output.relative_to(REPO) if output.is_relative_to(REPO) else output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
