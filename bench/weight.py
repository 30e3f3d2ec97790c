"""Page weight and time to usable of the volunteer's first screen, first load.

A signed-in volunteer opens the app with an empty cache and no service worker yet, in
headless chromium at 360x640, throttled through CDP (Network.emulateNetworkConditions)
and with the CPU slowed 4x like a cheap phone. "Usable" is the moment the page marks
`usable`: the near-me list drawn and its buttons live. Transfer is every byte the page
received (headers and compressed bodies) until then. The primary figures are on
Chromium DevTools' own "Slow 3G" preset (2 s latency per request, 400 kbit/s down);
WebPageTest's milder "3G Slow" (400 ms RTT) is reported beside them. "App" is when the
app's modules, loaded behind the first screen, have taken it over (and the bytes by
then). The service worker's later copy of the whole shell for offline use is measured
separately (shell_kb).

Writes bench/out/page.json; prints the figures.
"""
import json
import sys
import tempfile
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.server import PASSWORD, seed, start, stop  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# Chromium DevTools' own "Slow 3G" preset (2 s latency, 500 kbit/s x 0.8 each way), the
# primary figure; WebPageTest's "3G Slow" (400 ms round trip, 400 kbit/s) beside it.
PRIMARY = "devtools_slow_3g"
PROFILES = {
    "slow_3g": {"latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8},
    "devtools_slow_3g": {"latency": 2000, "downloadThroughput": 500_000 / 8 * 0.8,
                         "uploadThroughput": 500_000 / 8 * 0.8},
}
BUDGET_KB, BUDGET_S = 150, 3.0


def measure(browser, base: str, phone: str, profile: dict) -> dict:
    context = browser.new_context(viewport={"width": 360, "height": 640}, base_url=base, locale="zh-CN",
                                  timezone_id="Asia/Shanghai", service_workers="block", is_mobile=True,
                                  has_touch=True)
    try:
        answer = context.request.post("/api/v1/auth/login", data={"phone": phone, "password": PASSWORD})
        assert answer.ok, answer.text()
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        received = {}
        cdp.on("Network.loadingFinished", lambda e: received.__setitem__(e["requestId"], e["encodedDataLength"]))
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", {"offline": False, **profile})
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        page.goto("/#/nearby", wait_until="commit")
        page.wait_for_function("() => document.body.dataset.screen === 'nearby' && "
                               "performance.getEntriesByName('usable').length > 0", timeout=60_000)
        usable_ms = page.evaluate("performance.getEntriesByName('usable')[0].startTime")
        transfer, requests = sum(received.values()), len(received)
        cards = page.locator("[data-need]").count()
        page.wait_for_function("() => performance.getEntriesByName('app').length > 0", timeout=120_000)
        app_ms = page.evaluate("performance.getEntriesByName('app')[0].startTime")
        return {"transfer_kb": round(transfer / 1024, 1), "usable_s": round(usable_ms / 1000, 2),
                "requests": requests, "need_cards": cards, "app_s": round(app_ms / 1000, 2),
                "app_kb": round(sum(received.values()) / 1024, 1)}
    finally:
        context.close()


def shell_kb(base: str) -> float:
    """Compressed bytes of every file the service worker keeps for offline use."""
    sw = urllib.request.urlopen(f"{base}/sw.js").read().decode()
    files = [line.strip().strip(",").strip("'") for line in sw.split("const SHELL = [")[1].split("];")[0].split("'")
             if line.strip().startswith("/")]
    total = 0
    for path in files:
        request = urllib.request.Request(f"{base}{path}", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as r:
            total += len(r.read())
    return round(total / 1024, 1)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/weight.db"
        people = seed(url, open_needs=12)
        proc, base = start(url, Path(tmp) / "server.log")
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                results = {name: measure(browser, base, people["helper"]["phone"], profile)
                           for name, profile in PROFILES.items()}
                browser.close()
            shell = shell_kb(base)
        finally:
            stop(proc)
    main_figures = results[PRIMARY]
    mild = results["slow_3g"]
    report = {"transfer_kb": main_figures["transfer_kb"], "usable_s": main_figures["usable_s"],
              "slow_3g_400ms": {"transfer_kb": mild["transfer_kb"], "usable_s": mild["usable_s"]},
              "shell_kb": shell, "viewport": "360x640", "cpu_slowdown": 4,
              "network": "Chromium DevTools Slow 3G: 2000 ms latency, 400 kbit/s down and up",
              "profiles": results, "budget": {"transfer_kb": BUDGET_KB, "usable_s": BUDGET_S}}
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "page.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    for name, figures in results.items():
        print(f"{name:>17}: {figures['transfer_kb']:6.1f} KB in {figures['requests']} requests, "
              f"usable after {figures['usable_s']:.2f} s ({figures['need_cards']} needs listed); "
              f"app took over after {figures['app_s']:.2f} s, {figures['app_kb']:.1f} KB")
    print(f"offline shell (gzip): {shell} KB; budget {BUDGET_KB} KB and {BUDGET_S} s on {PRIMARY}")
    print(f"wrote {out / 'page.json'}")
    ok = main_figures["transfer_kb"] <= BUDGET_KB and main_figures["usable_s"] <= BUDGET_S
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
