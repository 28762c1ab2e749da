"""Open `raqqa brief --format html` in a real headless browser: a phone's screen, a desktop's,
and print to PDF.

    python benchmarks/check_html.py [--briefing FILE] [--out FOLDER]

Writes FOLDER/brief.html, brief-phone.png (390 px wide), brief-desktop.png (1280 px) and
brief.pdf (A4, as a browser prints it), and checks that each is there and not empty, that
the page loaded from the file alone (the browser is cut off from the network, and the
page's Content-Security-Policy allows nothing to be fetched), and that the PDF has pages.
Look at the PNGs: that is the point. Exits 0 with the reason when no Chromium or Chrome is
installed (`apt-get install -y chromium`), 1 when a check fails.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Headless, with nothing of the user's, nothing in the background and no way out: a proxy
# that does not exist takes every request that is not the file itself.
FLAGS = (
    "--headless",
    "--disable-gpu",
    "--no-sandbox",  # as root in a container, Chromium's sandbox cannot start
    "--no-first-run",
    "--disable-extensions",
    "--disable-background-networking",
    "--disable-sync",
    "--disable-default-apps",
    "--mute-audio",
    "--hide-scrollbars",
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
)


def browser() -> str | None:
    """The first Chromium-like browser on PATH."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def run(command: list[str]) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=180)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--briefing", help="the knowledge file (default: the embedded one)")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out/html"))
    args = parser.parse_args()
    chromium = browser()
    if chromium is None:
        print("check_html: skipped: no Chromium or Chrome installed (apt-get install -y chromium)")
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    page = args.out / "brief.html"
    file = ["-f", args.briefing] if args.briefing else []
    run([sys.executable, "-m", "raqqa_cli", *file, "brief", "-o", str(page)])
    url = page.resolve().as_uri()
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as profile:
        flags = [chromium, *FLAGS, f"--user-data-dir={profile}"]
        for name, width, height in (("phone", 390, 2400), ("desktop", 1280, 2000)):
            shot = args.out / f"brief-{name}.png"
            run([*flags, f"--window-size={width},{height}", f"--screenshot={shot}", url])
            if not shot.is_file() or shot.stat().st_size < 10_000:
                failures.append(f"{shot}: missing or blank")
        pdf = args.out / "brief.pdf"
        run([*flags, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", url])
        data = pdf.read_bytes() if pdf.is_file() else b""
        pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
        if not data.startswith(b"%PDF") or pages < 2:
            failures.append(f"{pdf}: not a PDF of several pages ({pages} pages)")
        dom = subprocess.run(
            [*flags, "--dump-dom", url], check=True, capture_output=True, text=True, timeout=180
        ).stdout
        if 'id="sources"' not in dom or "<script" in dom:
            failures.append("the browser's DOM lacks the sources, or has a script")
    for failure in failures:
        print(f"check_html: FAIL: {failure}")
    if not failures:
        print(
            f"check_html: ok: {page}, brief-phone.png, brief-desktop.png, brief.pdf ({pages} pages)"
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
