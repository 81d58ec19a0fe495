"""The website as a reader's browser shows it: headless Chromium on the built site, with the network unused.

Run by ``make test-browser`` (which sets ``EMBSTAB_BROWSER_TEST=1`` and builds the site first if it is missing); CI
(``.ci/run``) installs Chromium and runs it after ``make test``.  Inside ``make test`` this module does not run the
browser: it reports a visible skip saying why (Chromium missing, with the one install command; or "run make
test-browser"), never a silent pass.

Every page of the table of contents is opened over a local HTTP server (127.0.0.1) with every other host made
unresolvable, and the rendered DOM is checked: formulas typeset by the site's own MathJax (no raw ``\\(`` or ``$$``
left in the visible text, no MathJax error, its fonts loaded), figures loaded, the Colab and download buttons, the
language switch in the header leading to the twin page, no horizontal overflow at 390 px and 1 280 px, nothing
fetched from another host.  Search is tried with an English and a Vietnamese term, and the site is opened from
``file://`` too.  Screenshots of every page go to ``_build/screenshots/`` (the build artefact).
"""

import functools
import http.server
import json
import os
import re
import shutil
import tempfile
import threading
import urllib.request
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

INSTALL = "apt-get install -y chromium chromium-driver"
SITE_ROOT = Path(os.environ.get("EMBSTAB_SITE_ROOT", ROOT))  # another book's root, for developing this test
SITE = SITE_ROOT / "_build" / "html"
SHOTS = SITE_ROOT / "_build" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
REQUESTED = os.environ.get("EMBSTAB_BROWSER_TEST") == "1"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    # the network is unused: every host but the local server is unresolvable
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
WIDTHS = {"phone": 390, "desktop": 1280}


def _missing() -> str | None:
    """Why the browser cannot run here, or None."""
    if CHROMIUM is None or CHROMEDRIVER is None:
        return f"Chromium is missing: the website's browser test did not run. Install it with `{INSTALL}`"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "the Python package selenium is missing: `make setup` installs requirements.txt"
    return None


if not REQUESTED:
    reason = _missing()
    pytest.skip(
        f"{reason}, then run `make test-browser`."
        if reason
        else "the browser test runs with `make test-browser` (CI runs it after `make test`).",
        allow_module_level=True,
    )


# ------------------------------------------------------------------ the pages of the book
def _toc_pages() -> list[str]:
    toc = yaml.safe_load((SITE_ROOT / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [c["file"] for c in part.get("chapters", [])]
    return pages


PAGES = _toc_pages()
CHAPTERS = [p for p in PAGES if p.startswith("chapters/")]
TWINNED = [p for p in PAGES if re.search(r"(^|/)(vi|en)/", p)]


def _lang(page):
    found = re.search(r"(?:^|/)(vi|en)/", page)
    return found.group(1) if found else None


def _twin(page):
    lang = _lang(page)
    return re.sub(rf"(^|/){lang}/", rf"\g<1>{'en' if lang == 'vi' else 'vi'}/", page, count=1)


def _config():
    return yaml.safe_load((SITE_ROOT / "_config.yml").read_text(encoding="utf-8"))


# ------------------------------------------------------------------ fixtures: the site, a server, a browser
@pytest.fixture(scope="module")
def site():
    reason = _missing()
    if reason:
        pytest.fail(f"{reason}, then run `make test-browser` again.")
    if not (SITE / "index.html").is_file():
        pytest.fail(f"no website in {SITE}: build it first (`make book`; `make test-browser` does it when missing)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SITE


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(site):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser(site):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="embstab-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={WIDTHS['desktop']},900")
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_script_timeout(90)
    driver.set_page_load_timeout(90)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _viewport(driver, width, height=900):
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )


# Waits until MathJax has typeset the page (when the page loads it) and every font and image has loaded.
SETTLE = """
const done = arguments[arguments.length - 1];
const images = () => Promise.all([...document.images].map(img => img.complete ? null :
    new Promise(ok => { img.addEventListener('load', ok); img.addEventListener('error', ok); })));
const start = Date.now();
const wait = () => {
  const loading = document.querySelector('script[src*="mathjax"]');
  if (loading && !(window.MathJax && MathJax.startup && MathJax.startup.promise)) {
    if (Date.now() - start > 60000) return done('MathJax never started');
    return setTimeout(wait, 50);
  }
  const typeset = loading ? MathJax.startup.promise : Promise.resolve();
  typeset.then(() => document.fonts.ready).then(images).then(() => done('ok'), err => done('error: ' + err));
};
wait();
"""

# What a reader sees: text outside code, scripts and typeset formulas; formulas; figures; overflow.
INSPECT = """
const article = document.querySelector('main .bd-article') || document.querySelector('main') || document.body;
const skip = 'PRE, CODE, SCRIPT, STYLE, MJX-CONTAINER, TEXTAREA, .highlight';
const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {acceptNode: n =>
    n.parentElement.closest(skip) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
let text = '';
for (let n = walker.nextNode(); n; n = walker.nextNode()) text += n.nodeValue + ' ';
const maths = [...article.querySelectorAll('.math')];
const pres = [...article.querySelectorAll('pre')].filter(p => p.offsetParent !== null);
const main = document.querySelector('main') || document.body;
const sw = document.querySelector('.bd-header-article .embstab-lang-switch');
return {
  text: text,
  lang: document.documentElement.lang,
  h1: (article.querySelector('h1') || {}).textContent || '',
  maths: maths.length,
  untypeset: maths.filter(m => !m.querySelector('mjx-container')).map(m => m.textContent.slice(0, 80)),
  containers: article.querySelectorAll('mjx-container').length,
  merrors: [...document.querySelectorAll('mjx-merror')].map(e => e.textContent.slice(0, 80)),
  mjfonts: [...document.fonts].filter(f => f.family.startsWith('MJX') && f.status === 'loaded').length,
  images: [...article.querySelectorAll('img')]
      .map(i => ({src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0})),
  colab: [...document.querySelectorAll('.bd-header-article a[href*="colab.research.google.com"]')].map(a => a.href),
  download: [...document.querySelectorAll('.bd-header-article a.btn-download-source-button')].map(a => a.href),
  switchHref: sw ? sw.href : null,
  switchText: sw ? sw.textContent.trim() : null,
  switchShown: sw ? sw.getBoundingClientRect().width > 0 : false,
  pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
  mainOverflow: main.scrollWidth - main.clientWidth,
  preOverflow: pres.filter(p => p.scrollWidth > p.clientWidth + 1).map(p => p.textContent.slice(0, 60)),
  foreign: performance.getEntriesByType('resource').map(e => e.name)
      .filter(u => !u.startsWith(location.origin) && !u.startsWith('file:') && !u.startsWith('data:')),
};
"""

# Left-over TeX delimiters in what a reader sees (code excluded): \( \) \[ \] and any dollar sign (the course
# prints no prices: a visible "$" is a formula the Markdown parser did not recognise).
RAW_MATH = re.compile(r"\\\(|\\\)|\\\[|\\\]|\$")


def _built(site, page):
    """Fail clearly when the site is older than the table of contents (a page of the toc was never built)."""
    if not (site / f"{page}.html").is_file():
        pytest.fail(f"{page}.html is not in the built site, which is older than _toc.yml: rebuild it (make book)")


def _open(driver, url):
    driver.get(url)
    state = driver.execute_async_script(SETTLE)
    assert state == "ok", f"{url}: {state}"
    return driver.execute_script(INSPECT)


def _screenshot(driver, path, width, full_page):
    """A PNG of the page: the whole page (the viewport stretched to its height, at most 30 000 px), or the viewport."""
    import base64

    if full_page:
        height = driver.execute_script("return document.documentElement.scrollHeight")
        _viewport(driver, width, min(int(height), 30000))
        driver.execute_async_script(
            "const done = arguments[arguments.length - 1]; "
            "requestAnimationFrame(() => requestAnimationFrame(() => done()));"
        )
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    path.write_bytes(base64.b64decode(shot["data"]))
    if full_page:
        _viewport(driver, width)


def _shot_name(page, width):
    return page.replace("/", "__") + f"-{width}.png"


def _problems_of_page(page, seen, config):
    problems = []
    lang = _lang(page)
    if lang and seen["lang"] != lang:
        problems.append(f'<html lang="{seen["lang"]}">, expected "{lang}"')
    if seen["untypeset"]:
        problems.append(f"{len(seen['untypeset'])} formula(s) not typeset, e.g. {seen['untypeset'][:3]}")
    if seen["merrors"]:
        problems.append(f"MathJax errors: {seen['merrors'][:3]}")
    if seen["maths"] and not seen["mjfonts"]:
        problems.append("MathJax's fonts did not load")
    raw = RAW_MATH.findall(seen["text"])
    if raw:
        at = [m.start() for m in RAW_MATH.finditer(seen["text"])][:3]
        problems.append(
            f"raw TeX delimiters in the visible text: {[seen['text'][max(0, i - 40) : i + 40] for i in at]}"
        )
    broken = [i["src"] for i in seen["images"] if not i["ok"]]
    if broken:
        problems.append(f"figures not loaded: {broken[:5]}")
    if seen["foreign"]:
        problems.append(f"fetched from another host: {seen['foreign'][:5]}")
    if page.startswith("chapters/"):
        repo = config["repository"]
        url = (
            f"https://colab.research.google.com/github/{repo['url'].split('github.com/')[1]}/blob/"
            f"{repo.get('branch', 'main')}/{page}.ipynb"
        )
        if url not in seen["colab"]:
            problems.append(f"no Colab button to {url} (found {seen['colab']})")
        if not any(d.endswith(f"_sources/{page}.ipynb") for d in seen["download"]):
            problems.append(f"no download button for {page}.ipynb (found {seen['download']})")
        if not page.endswith("00_introduction") and not seen["images"]:
            problems.append("no figure on the page")
        if not seen["containers"]:
            problems.append("no typeset formula on the page")
    return problems


# ------------------------------------------------------------------ the tests
def test_no_page_loads_anything_from_another_host(site):
    """No CDN in the pages: no script, style sheet or MathJax from another host."""
    offenders = {}
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8", errors="replace")
        found = re.findall(
            r'<script[^>]+src="(?:https?:)?//[^"]+"|<link[^>]+href="(?:https?:)?//[^"]+\.css[^"]*"'
            r'|cdn\.jsdelivr[^"\s]*|https?://[^"\s]*mathjax[^"\s]*',
            text,
            flags=re.I,
        )
        if found:
            offenders[str(html.relative_to(site))] = found[:3]
    assert not offenders, f"pages loading from another host: {dict(list(offenders.items())[:5])}"
    assert (site / "_static" / "mathjax" / "tex-chtml.js").is_file(), "MathJax is not served by the site"


@pytest.mark.parametrize("page", PAGES)
def test_page_as_a_reader_sees_it(browser, server, page):
    _built(SITE, page)
    _viewport(browser, WIDTHS["desktop"])
    seen = _open(browser, f"{server}/{page}.html")
    problems = _problems_of_page(page, seen, _config())
    if seen["pageOverflow"] > 0 or seen["mainOverflow"] > 0 or seen["preOverflow"]:
        problems.append(
            f"horizontal overflow at {WIDTHS['desktop']} px: page {seen['pageOverflow']} px, main column "
            f"{seen['mainOverflow']} px, code blocks {seen['preOverflow'][:3]}"
        )
    if page in TWINNED:
        twin = _twin(page)
        if not seen["switchHref"] or not seen["switchShown"]:
            problems.append("no visible language switch in the page header")
        elif not seen["switchHref"].endswith(f"/{twin}.html"):
            problems.append(f"the language switch leads to {seen['switchHref']}, expected {twin}.html")
    _screenshot(browser, SHOTS / _shot_name(page, WIDTHS["desktop"]), WIDTHS["desktop"], full_page=True)
    if page in TWINNED and seen["switchHref"]:
        from selenium.webdriver.common.by import By

        browser.find_element(By.CSS_SELECTOR, ".bd-header-article .embstab-lang-switch").click()
        browser.execute_async_script(SETTLE)
        there = browser.execute_script(INSPECT)
        if not browser.current_url.endswith(f"/{_twin(page)}.html"):
            problems.append(f"clicking the language switch opened {browser.current_url}")
        elif there["lang"] != _lang(_twin(page)):
            problems.append(f"the twin page has lang={there['lang']}")
        number = re.match(r"\s*(\d+)\.", seen["h1"])
        if number and not re.match(rf"\s*{number.group(1)}\.", there["h1"]):
            problems.append(f"the twin page's title {there['h1']!r} is not chapter {number.group(1)}")
    assert not problems, f"{page}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("page", PAGES)
def test_page_at_phone_width(browser, server, page):
    _built(SITE, page)
    _viewport(browser, WIDTHS["phone"], 844)
    seen = _open(browser, f"{server}/{page}.html")
    _screenshot(browser, SHOTS / _shot_name(page, WIDTHS["phone"]), WIDTHS["phone"], full_page=False)
    problems = []
    if seen["pageOverflow"] > 0 or seen["mainOverflow"] > 0 or seen["preOverflow"]:
        problems.append(
            f"horizontal overflow at {WIDTHS['phone']} px: page {seen['pageOverflow']} px, main column "
            f"{seen['mainOverflow']} px, code blocks {seen['preOverflow'][:3]}"
        )
    if seen["untypeset"] or seen["merrors"]:
        problems.append(f"formulas not typeset at phone width: {(seen['untypeset'] + seen['merrors'])[:3]}")
    assert not problems, f"{page}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("page", [p for p in ("index", *CHAPTERS[:1], *CHAPTERS[-1:]) if p in PAGES])
def test_page_from_a_saved_copy(browser, site, page):
    """Opened from file:// (a saved copy of the site, no server): formulas typeset with their fonts, figures load."""
    _built(site, page)
    _viewport(browser, WIDTHS["desktop"])
    seen = _open(browser, (site / f"{page}.html").resolve().as_uri())
    problems = [p for p in _problems_of_page(page, seen, _config()) if "Colab" not in p and "download" not in p]
    assert not problems, f"{page} (file://):\n  " + "\n  ".join(problems)


def test_download_button_gives_the_notebook(browser, server):
    page = CHAPTERS[-1]
    _built(SITE, page)
    _viewport(browser, WIDTHS["desktop"])
    seen = _open(browser, f"{server}/{page}.html")
    (url,) = [d for d in seen["download"] if d.endswith(".ipynb")]
    with urllib.request.urlopen(url, timeout=30) as response:
        nb = json.loads(response.read().decode("utf-8"))
    assert nb["cells"] and nb["cells"][0]["cell_type"] == "markdown"


SEARCH = """
const done = arguments[arguments.length - 1];
const start = Date.now();
const wait = () => {
  const summary = document.querySelector('#search-results .search-summary');
  if (summary && summary.innerText.trim()) {  // the summary is written when the search has finished
    return done([...document.querySelectorAll('#search-results ul.search li a')].map(a => a.getAttribute('href')));
  }
  if (Date.now() - start > 60000) return done(null);
  setTimeout(wait, 100);
};
wait();
"""


@pytest.mark.parametrize("term, lang", [("rotation", "en"), ("phép quay", "vi"), ("huấn luyện", "vi")])
def test_search_finds_a_chapter(browser, server, term, lang):
    from urllib.parse import quote

    _viewport(browser, WIDTHS["desktop"])
    browser.get(f"{server}/search.html?q={quote(term)}")
    hits = browser.execute_async_script(SEARCH)
    assert hits is not None, f"search for {term!r} never finished"
    assert any(f"chapters/{lang}/" in h for h in hits), f"search for {term!r} found no {lang} chapter: {hits[:5]}"
