"""Take the README's screenshots of a built site with the system's Chromium.

    .venv/bin/digest build --out /tmp/site && .venv/bin/python docs/screenshots/capture.py /tmp/site

Serves the site on a free port of 127.0.0.1 and saves viewport-sized PNGs beside this file.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SEED = "articles/2021-12-29-biden-putin-conversaciones/index.html"
SHOTS = [  # file name, page, viewport width, height
    ("index.png", "index.html", 1280, 900),
    ("article.png", SEED, 1280, 900),
    ("article-phone.png", SEED, 375, 812),
    ("entity.png", "entities/vladimir-putin/index.html", 1280, 900),
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def main(site: Path) -> None:
    """Serve `site`, open each page and save its screenshot."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
            for name, path, width, height in SHOTS:
                page = browser.new_page(viewport={"width": width, "height": height}, color_scheme="light")
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(HERE / name))
                page.close()
                print(f"{HERE / name}: {(HERE / name).stat().st_size // 1024} KB")
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
