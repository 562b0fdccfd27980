// What the browser tests share: the pubsite binary, a site built into a temporary folder, a
// loopback server that serves it the way GitHub Pages serves a project page, and Chromium.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve } from "node:path";
import { chromium } from "playwright-core";

export const REPO = resolve(import.meta.dirname, "../..");
export const PUBSITE = process.env.PUBSITE || join(REPO, "target/release/pubsite");
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

/** Builds the site at `root` for `baseUrl` into a fresh folder and returns the folder. */
export function buildSite(root, baseUrl) {
  const out = join(mkdtempSync(join(tmpdir(), "pubsite-browser-")), "public");
  execFileSync(PUBSITE, ["build", "--root", root, "--output", out, "--base-url", baseUrl], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  return out;
}

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml",
  ".bib": "text/plain; charset=utf-8", ".txt": "text/plain", ".png": "image/png", ".jpg": "image/jpeg",
};

/** Serves `dir` under `prefix` on 127.0.0.1 (a free port) like GitHub Pages: only paths under
 * the prefix exist, folders serve index.html, anything missing gets 404.html with status 404. */
export async function serve(dir, prefix) {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
    const send = (status, file, headers = {}) => {
      response.writeHead(status, { "Content-Type": TYPES[extname(file)] || "application/octet-stream", ...headers });
      response.end(readFileSync(file));
    };
    if (path + "/" === prefix) {
      response.writeHead(301, { Location: prefix });
      return response.end();
    }
    let file = path.startsWith(prefix) ? normalize(join(dir, path.slice(prefix.length))) : null;
    if (file && file.startsWith(dir) && existsSync(file) && statSync(file).isDirectory()) {
      if (!path.endsWith("/")) {
        response.writeHead(301, { Location: path + "/" });
        return response.end();
      }
      file = join(file, "index.html");
    }
    if (file && file.startsWith(dir) && existsSync(file) && statSync(file).isFile()) {
      return send(200, file);
    }
    return send(404, join(dir, "404.html"));
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  const url = `http://127.0.0.1:${server.address().port}${prefix}`;
  return { url, close: () => new Promise((done) => server.close(done)) };
}

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
}

/** A new page that records every console error, page error and failed or >= 400 request;
 * `allow(url, status)` exempts expected ones. */
export async function watchedPage(browser, options = {}, allow = () => false) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const problems = [];
  page.on("console", (message) => {
    if (message.type() === "error" && !allow(message.location().url, 0, message.text())) {
      problems.push(`console error: ${message.text()}`);
    }
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
  page.on("response", (response) => {
    if (response.status() >= 400 && !allow(response.url(), response.status())) {
      problems.push(`HTTP ${response.status()}: ${response.url()}`);
    }
  });
  return { page, context, problems };
}

/** The example site's papers read from their files, independently of pubsite: title, authors,
 * venue, year, topics and the Markdown abstract, for expected filter results. */
export function examplePapers() {
  const dir = join(REPO, "content/papers");
  return readdirSync(dir).filter((f) => f.endsWith(".md")).map((name) => {
    const text = readFileSync(join(dir, name), "utf8");
    const [, front, body] = text.match(/^\+\+\+\n([\s\S]*?)\n\+\+\+\n([\s\S]*)$/);
    const field = (key) => (front.match(new RegExp(`^${key} = (.*)$`, "m")) || [])[1] || "";
    const list = (key) => [...field(key).matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`));
    const string = (key) => (field(key).match(/^"((?:[^"\\]|\\.)*)"/) || [, ""])[1];
    return {
      slug: name.replace(/\.md$/, ""),
      title: JSON.parse(`"${string("title")}"`),
      authors: list("authors"),
      venue: string("venue"),
      year: field("date").slice(0, 4),
      topics: list("topics"),
      body,
    };
  });
}

/** Lower case without accents, as a reader expects a filter to compare. */
export function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}
