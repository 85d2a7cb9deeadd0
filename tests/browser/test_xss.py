"""Hostile feed text is shown as text, never run, and the page runs under the
Content-Security-Policy with zero violations."""
import time

XSS = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'

WATCH_CSP = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));
"""


def watch(page):
    """CSP violations seen in the console and as DOM events."""
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text)
            if "Content Security Policy" in m.text or "Refused to" in m.text else None)
    page.add_init_script(WATCH_CSP)
    return console


def test_hostile_summary_is_literal_text_and_nothing_runs(page, live_server, writer):
    console = watch(page)
    now = time.time()
    writer.unit_report({"unit": "JRU-MW-1", "ts": now, "lat": 51.395, "lon": 0.525, "officers": 2, "paramedics": 1})
    writer.incident_event({"incident": "INC-XSS", "ts": now, "lat": 51.40, "lon": 0.53, "type": "other",
                           "category": "C2", "summary": XSS})
    response = page.goto(live_server.url)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.locator(".incident-row", has_text="INC-XSS").click(timeout=20_000)
    summary = page.locator(".incident-summary")
    summary.wait_for(timeout=10_000)
    assert summary.inner_text() == XSS                     # shown literally
    page.locator("#suggestion-table").wait_for(timeout=10_000)
    page.locator(".incident-icon.incident-id-INC-XSS").hover()   # the marker tooltip too
    page.wait_for_timeout(1500)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img[src='x']").count() == 0
    assert page.evaluate("window.__csp") == [] and console == []
    assert page.js_errors == []


def test_pages_run_under_the_csp_without_violations(page, live_server, writer):
    console = watch(page)
    writer.unit_report({"unit": "JRU-MW-1", "ts": time.time(), "lat": 51.395, "lon": 0.525})
    for path, ready in (("/wall", "#page > *"), ("/stats", "#page > *"), ("/", "path.district")):
        page.goto(live_server.url + path)
        page.wait_for_selector(ready, timeout=20_000)
        page.wait_for_timeout(1500)
        assert page.evaluate("window.__csp") == [], path
    assert console == [] and page.js_errors == []
    # The control: the policy is enforced, and the watcher sees it, for an injected inline script.
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
                  " document.body.appendChild(s); }")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__ran") is None
    assert len(page.evaluate("window.__csp")) == 1 and "script-src" in page.evaluate("window.__csp")[0]
