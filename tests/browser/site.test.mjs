// The example site in a real browser (Debian's Chromium through playwright-core), served under
// a GitHub Pages sub-path: the home page's filter and its URL state, the theme toggle, keyboard
// use, the 404 page at depth, the page without JavaScript, and a paginated site whose filter
// still finds every paper. Every test fails on a console error or a failed request.
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";

import { REPO, buildSite, examplePapers, fold, launch, serve, watchedPage } from "./harness.mjs";

const PREFIX = "/repo/";
let browser;
let site;
const papers = examplePapers();

before(async () => {
  browser = await launch();
  site = await serve(buildSite(REPO, `https://example.github.io${PREFIX}`), PREFIX);
});

after(async () => {
  await browser?.close();
  await site?.close();
});

/** Opens `path` of the example site; returns the page and a check that nothing went wrong. */
async function open(path, options, allow) {
  const watched = await watchedPage(browser, options, allow);
  const response = await watched.page.goto(site.url + path, { waitUntil: "load" });
  return {
    response,
    page: watched.page,
    context: watched.context,
    async done() {
      assert.deepEqual(watched.problems, [], "console errors or failed requests");
      await watched.context.close();
    },
  };
}

const visibleSlugs = (page) =>
  page.$$eval("main .paper", (all) => all.filter((p) => !p.closest("[hidden]") && !p.hidden).map((p) => p.id));
const countText = (page) => page.textContent("#filter-count");

function expected(filter) {
  return papers.filter(filter).map((p) => p.slug).sort();
}

describe("the home page's filter", () => {
  test("lists every paper and counts them before any filter, without shifting the layout", async () => {
    const { page, done } = await open("");
    const shift = await page.evaluate(
      () =>
        new Promise((done) => {
          let total = 0;
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) { total += entry.value; }
          }).observe({ type: "layout-shift", buffered: true });
          setTimeout(() => done(total), 500);
        }),
    );
    assert.ok(shift < 0.01, `cumulative layout shift ${shift}`);
    assert.equal(await page.isVisible("#filter-q"), true);
    assert.equal((await visibleSlugs(page)).length, papers.length);
    assert.equal(await countText(page), `${papers.length} papers`);
    await done();
  });

  test("free text narrows the list, the count follows and the URL holds the query", async () => {
    const { page, done } = await open("");
    for (const word of ["bayesian", "Wilson", "ensembles"]) {
      await page.fill("#filter-q", word);
      const want = expected((p) => fold([p.title, p.authors.join(", "), p.venue, p.body].join(" ")).includes(fold(word)));
      assert.ok(want.length > 0 && want.length < papers.length, `${word}: a query that selects some papers`);
      assert.deepEqual((await visibleSlugs(page)).sort(), want, word);
      assert.equal(await countText(page), `${want.length} of ${papers.length} papers`);
      assert.equal(new URL(page.url()).searchParams.get("q"), word);
    }
    await page.fill("#filter-q", "zzzz-no-such-paper");
    assert.equal((await visibleSlugs(page)).length, 0);
    assert.equal(await countText(page), "No paper matches the filter");
    await page.click(".filter-clear");
    await page.waitForFunction(() => !location.search);
    assert.equal((await visibleSlugs(page)).length, papers.length);
    await done();
  });

  test("topic and year select papers, empty year groups disappear", async () => {
    const { page, done } = await open("");
    await page.selectOption("#filter-topic", "CV");
    assert.deepEqual((await visibleSlugs(page)).sort(), expected((p) => p.topics.includes("CV")));
    const year = papers.find((p) => p.topics.includes("CV")).year;
    await page.selectOption("#filter-year", year);
    assert.deepEqual(
      (await visibleSlugs(page)).sort(),
      expected((p) => p.topics.includes("CV") && p.year === year),
    );
    const groups = await page.$$eval("main .year-group", (all) => all.filter((g) => !g.hidden).map((g) => g.querySelector("h2").id));
    assert.deepEqual(groups, [`y${year}`]);
    assert.equal(new URL(page.url()).search, `?topic=CV&year=${year}`);
    await done();
  });

  test("a shared URL opens with its filter applied", async () => {
    const { page, done } = await open("?q=deep&topic=LG");
    assert.equal(await page.inputValue("#filter-q"), "deep");
    assert.equal(await page.inputValue("#filter-topic"), "LG");
    const want = expected((p) => p.topics.includes("LG") && fold([p.title, p.authors.join(" "), p.body].join(" ")).includes("deep"));
    assert.deepEqual((await visibleSlugs(page)).sort(), want);
    assert.equal(await countText(page), `${want.length} of ${papers.length} papers`);
    await done();
  });

  test("/ focuses the filter from anywhere on the page", async () => {
    const { page, done } = await open("");
    await page.keyboard.press("Tab");
    await page.keyboard.press("/");
    assert.equal(await page.evaluate(() => document.activeElement.id), "filter-q");
    await page.keyboard.type("swa");
    assert.equal(await page.inputValue("#filter-q"), "swa", "the slash is not typed into the filter");
    await done();
  });

  test("without JavaScript every paper is listed and the filter is not shown", async () => {
    const { page, done } = await open("", { javaScriptEnabled: false });
    assert.equal(await page.isVisible(".filter"), false);
    assert.equal((await page.$$("main .paper")).length, papers.length);
    await done();
  });
});

describe("the theme", () => {
  test("the toggle switches to dark, is remembered on reload, and the page starts dark", async () => {
    const { page, context, done } = await open("", { colorScheme: "light" });
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(await background(), "rgb(255, 255, 255)");
    assert.equal(await page.getAttribute(".theme-toggle", "aria-pressed"), "false");
    await page.click(".theme-toggle");
    assert.equal(await page.getAttribute("html", "data-theme"), "dark");
    assert.equal(await page.getAttribute(".theme-toggle", "aria-pressed"), "true");
    assert.equal(await background(), "rgb(15, 18, 22)");
    // On the next page load the theme must be set before <body> exists: no flash of light.
    await context.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.body) {
          window.__themeAtBody = document.documentElement.getAttribute("data-theme");
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.waitForLoadState("networkidle");
    await page.reload();
    assert.equal(await page.evaluate(() => window.__themeAtBody), "dark");
    assert.equal(await background(), "rgb(15, 18, 22)");
    await page.click(".theme-toggle");
    assert.equal(await background(), "rgb(255, 255, 255)");
    await done();
  });

  test("without a choice the system setting rules", async () => {
    const { page, done } = await open("", { colorScheme: "dark" });
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), "rgb(15, 18, 22)");
    assert.equal(await page.getAttribute(".theme-toggle", "aria-pressed"), "true");
    await done();
  });
});

test("the 404 page is styled at any depth of the sub-path", async () => {
  const missing = (url, status) => status === 404 && url.endsWith("/a/b/missing");
  const { page, response, done } = await open(
    "a/b/missing",
    {},
    (url, status, text = "") => missing(url, status) || text.includes("404"),
  );
  assert.equal(response.status(), 404);
  assert.equal(await page.textContent("h1"), "Page not found");
  const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  assert.match(font, /system-ui/, "the site's stylesheet applies");
  const home = await page.getAttribute(".site-title", "href");
  assert.equal(home, PREFIX);
  await done();
});

test("a paper page loads cleanly, with its theme toggle and BibTeX copy button", async () => {
  const slug = papers[0].slug;
  const { page, done } = await open(`papers/${slug}/`);
  assert.equal(await page.textContent("h1"), papers[0].title);
  assert.equal(await page.isVisible(".theme-toggle"), true);
  assert.equal(await page.isVisible("button[data-copy]"), true);
  await done();
});

describe("a paginated site", () => {
  let paged;
  before(async () => {
    const root = mkdtempSync(join(tmpdir(), "pubsite-paged-"));
    mkdirSync(join(root, "content/papers"), { recursive: true });
    writeFileSync(join(root, "site.toml"), `title = "Paged"\nbase_url = "https://x.github.io/p/"\npaginate = 10\n[topics.LG]\nname = "Learning"\n`);
    for (let i = 1; i <= 35; i++) {
      const word = i === 31 ? "Zeppelin" : "Study";
      writeFileSync(
        join(root, `content/papers/paper-${i}.md`),
        `+++\ntitle = "${word} number ${i}"\ndate = 2020-01-${String((i % 28) + 1).padStart(2, "0")}\nauthors = ["A. Author"]\ntopics = ["LG"]\n+++\nAbstract ${i}.\n`,
      );
    }
    paged = await serve(buildSite(root, "https://x.github.io/p/"), "/p/");
  });
  after(async () => paged?.close());

  test("the filter searches every paper, not only those of the page", async () => {
    const watched = await watchedPage(browser);
    await watched.page.goto(paged.url, { waitUntil: "load" });
    assert.equal((await watched.page.$$("main .paper")).length, 10, "page one holds 10 papers");
    await watched.page.fill("#filter-q", "zeppelin");
    await watched.page.waitForSelector(".search-results li");
    assert.deepEqual(await watched.page.$$eval(".search-results li a", (a) => a.map((x) => x.textContent)), ["Zeppelin number 31"]);
    assert.equal(await watched.page.textContent("#filter-count"), "1 of 35 papers");
    assert.equal(await watched.page.isVisible(".pager"), false);
    await watched.page.fill("#filter-q", "");
    assert.equal(await watched.page.isVisible(".search-results"), false);
    assert.equal(await watched.page.isVisible(".pager"), true);
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });
});
