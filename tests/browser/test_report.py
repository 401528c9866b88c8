"""The report in a real browser: headless Chromium opens `strike-impact report`'s page from
disk at 1280 and 390 pixels wide, through the DevTools protocol, and checks what a reader
gets: no console error, no request leaving the file, every chart drawn with a size, no
horizontal scrolling of the page, and the summary tables' figures equal to `summary.csv` of
the same run. The screenshots are kept in target/report-screenshots/ to be looked at.

Needs `chromium` (Debian's package; scripts/test-browser installs it where it can) and the
binary in STRIKE_IMPACT_BIN.
"""

import base64
import csv
import json
import os
import pathlib
import shutil
import subprocess
import tempfile
import time
import urllib.request

import pytest
import websocket

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("STRIKE_IMPACT_BIN", str(ROOT / "target" / "debug" / "strike-impact"))
SHOTS = ROOT / "target" / "report-screenshots"
RUN = ["--paths", "2000", "--seed", "5"]


class Page:
    """One browser tab, driven over the DevTools protocol."""

    def __init__(self, ws_url):
        self.ws = websocket.create_connection(ws_url, timeout=60, suppress_origin=True)
        self.next_id = 0
        self.events = []

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, method, timeout=60):
        end = time.time() + timeout
        while time.time() < end:
            if any(e.get("method") == method for e in self.events):
                return
            self.events.append(json.loads(self.ws.recv()))
        raise TimeoutError(method)

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"]["value"]


@pytest.fixture(scope="module")
def files():
    if shutil.which("chromium") is None:
        pytest.fail("chromium is not installed (scripts/test-browser installs it as root)")
    work = pathlib.Path(tempfile.mkdtemp())
    for args in (["report", "--out", "report.html", "--backtest-paths", "200"], ["project", "--out", "o"]):
        done = subprocess.run([BIN, "--quiet", *args, *RUN], cwd=work, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    yield work
    shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="module")
def browser(files):
    profile = files / "profile"
    proc = subprocess.Popen(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--remote-debugging-port=0", f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    port_file = profile / "DevToolsActivePort"
    for _ in range(300):
        if port_file.exists() and port_file.read_text().strip():
            break
        time.sleep(0.1)
    port = port_file.read_text().split()[0]
    yield port
    proc.terminate()
    proc.wait(timeout=30)


def open_page(port, path, width):
    new = urllib.request.Request(f"http://127.0.0.1:{port}/json/new?about:blank", method="PUT")
    with urllib.request.urlopen(new, timeout=30) as r:
        tab = json.load(r)
    page = Page(tab["webSocketDebuggerUrl"])
    for domain in ("Page", "Runtime", "Log", "Network"):
        page.call(f"{domain}.enable")
    page.call("Emulation.setDeviceMetricsOverride", width=width, height=900,
              deviceScaleFactor=1, mobile=width < 500)
    page.call("Page.navigate", url=path.as_uri())
    page.wait_for("Page.loadEventFired")
    return page


@pytest.mark.parametrize("width", [1280, 390])
def test_the_report_reads_in_a_browser(files, browser, width):
    page = open_page(browser, files / "report.html", width)
    facts = page.evaluate("""JSON.stringify({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
        charts: [...document.querySelectorAll('figure svg')].map(s => {
            const r = s.getBoundingClientRect(); return [r.width, r.height]; }),
        cells: [...document.querySelectorAll('td[data-key]')].map(td => [td.dataset.key, td.dataset.value]),
        answers: [...document.querySelectorAll('.answer')].map(p => p.textContent),
    })""")
    facts = json.loads(facts)
    shot = page.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / f"report-{width}.png").write_bytes(base64.b64decode(shot["data"]))

    errors = [e for e in page.events
              if e.get("method") == "Runtime.exceptionThrown"
              or (e.get("method") == "Runtime.consoleAPICalled" and e["params"]["type"] == "error")
              or (e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")]
    assert errors == []
    requests = [e["params"]["request"]["url"] for e in page.events
                if e.get("method") == "Network.requestWillBeSent"]
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []

    # Every chart drawn with a size; the page itself never scrolls sideways.
    # Seven charts of the refinery side (fuels among them), six of the power side (hours
    # without power among them), both sides.
    assert len(facts["charts"]) == 7 + 6 + 1
    assert all(w > 100 and h > 50 for w, h in facts["charts"]), facts["charts"]
    assert facts["scroll"] <= facts["client"], (facts["scroll"], facts["client"])
    assert len(facts["answers"]) == 2

    # The summary tables hold summary.csv's cells of the same run, row by row.
    cells = [tuple(c) for c in facts["cells"]]
    for group in ("ru-refining", "ua-power"):
        with open(files / "o" / group / "summary.csv", newline="") as f:
            for row in csv.DictReader(f):
                wanted = tuple(row.items())
                assert any(cells[i:i + len(wanted)] == list(wanted) for i in range(len(cells))), row
