#!/usr/bin/env node
// Real-browser checks of built briefing sites: Debian's Chromium (/usr/bin/chromium),
// driven headless through playwright-core (which never downloads a browser here),
// against each site as a plain static file server serves it.
//
//   node browser.mjs --site NAME=URL=DIR [--site ...] [--serve NAME=ROOT]
//                    [--screenshots DIR] [--screenshot-site NAME]
//
// NAME labels the site in the results, URL is where it is served (ending in /), DIR
// is the built output folder (used only to choose pages: which companies paginate,
// which briefing has tables and code). --serve NAME=ROOT says that site NAME is
// `briefing serve --root ROOT` rather than a static file server: it gets the live
// reload checks, which edit files in ROOT (so ROOT must be a copy) and put them
// back. Every other site is static output, and must hold no live-reload code.
// Prints one `ok - ...` / `not ok - ...` line per check, details indented under
// it, and exits 1 when any check failed.
//
// What runs, per site:
//   - every page type (home, home page 2, briefing, companies, company, company
//     page 2, topics, topic, archive, search with results, 404) loads with no
//     console errors, no failed requests and no request to another origin;
//   - axe-core on each page type, light and dark: no serious or critical violation
//     (colour contrast included); moderate and minor ones are printed as notes;
//   - text alternatives: images, SVG icons, links and buttons have a text name;
//   - phone (390 px, mobile emulation): the page is not zoomed out and nothing
//     sticks out sideways, so there is no horizontal scrolling; the same on a
//     narrow phone (320 px); the header nav is on one line at 320, 390 and 1280 px;
//   - axe-core again at phone width, with WCAG 2.2's target-size rule turned on;
//   - dark mode changes the computed colours (and light text on a dark page);
//   - a reader's journey: home -> briefing -> its company -> page 2 of the company
//     timeline -> back (with the Newer link and the Back button);
//   - search: finds a briefing by its exact title, filters by company, keeps the
//     state in the address, "show more"; without JavaScript the page says so;
//   - keyboard: skip link, Tab to the search box, type, Tab to the results, Enter.
//   - images and social cards (media.mjs): the responsive hero Chromium picks at
//     390 px and 1280 px, no layout shift while images load, cards that decode;
//     the authors' pages and a briefing with a hero get every page check above.
//   - the weekly digest: the list of weeks and the busiest week's digest page get
//     every per-page check above; the week's email edition (email.html) opens at
//     600 px (desktop) and at 375 px (mobile emulation) with no horizontal scroll,
//     at the device width (not zoomed out), with no request at all;
//   - static sites only: no file of the output mentions `__briefing` (the
//     live-reload script and its event stream belong to `briefing serve` alone).
// And for --screenshot-site: home, a briefing, a company page, search and a digest at
// desktop (1280x900), phone (390x844) and narrow phone (320x640) widths in light
// and dark, written to --screenshots, and each dark screenshot must be darker
// than the light one.
//
// `briefing serve` (the --serve site): everything above, then live reload, see
// liveReloadChecks near the end.

import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { mediaChecks, mediaPages } from "./media.mjs";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
// The flags measured to keep Chromium quiet on a machine without internet.
// playwright-core adds --headless and a fresh temporary --user-data-dir itself.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];
const DESKTOP = { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 };
const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 1, // keeps the screenshots small; layout is the same as at 3x
  isMobile: true,
  hasTouch: true,
};
const NARROW = { ...PHONE, viewport: { width: 320, height: 640 } };
const STEP_TIMEOUT = 15000;
// How long a save may take to show in an open `briefing serve` page.
const LIVE_TIMEOUT = 10000;

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const opts = { sites: [], serve: new Map(), screenshots: null, screenshotSite: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--site") {
      const [name, ...rest] = value().split("=");
      const dir = rest.pop();
      const url = rest.join("=");
      if (!name || !url || !dir) throw new Error("--site wants NAME=URL=DIR");
      opts.sites.push({ name, url: url.endsWith("/") ? url : url + "/", dir });
    } else if (a === "--serve") {
      const v = value();
      const at = v.indexOf("=");
      if (at < 1) throw new Error("--serve wants NAME=ROOT");
      opts.serve.set(v.slice(0, at), v.slice(at + 1));
    } else if (a === "--screenshots") opts.screenshots = value();
    else if (a === "--screenshot-site") opts.screenshotSite = value();
    else throw new Error(`unknown argument ${a}`);
  }
  if (!opts.sites.length) throw new Error("no --site given");
  for (const name of opts.serve.keys()) {
    if (!opts.sites.some((s) => s.name === name)) throw new Error(`--serve ${name}: no --site of that name`);
  }
  return opts;
}

// ---------------------------------------------------------------- reporting

let passed = 0;
let failed = 0;

function report(name, problems, notes = []) {
  const list = [...new Set(problems.filter(Boolean))];
  notes = [...new Set(notes)];
  if (list.length) {
    failed++;
    console.log(`not ok - ${name}`);
    for (const p of list.slice(0, 40)) console.log(`    ${p}`);
    if (list.length > 40) console.log(`    ... and ${list.length - 40} more`);
  } else {
    passed++;
    console.log(`ok - ${name}`);
  }
  for (const n of notes.slice(0, 20)) console.log(`    note: ${n}`);
}

function firstLine(error) {
  return String((error && error.message) || error).split("\n").slice(0, 3).join(" | ");
}

/** Runs `fn(problems, notes)`; an exception becomes one more problem. */
async function check(name, fn) {
  const problems = [];
  const notes = [];
  try {
    await fn(problems, notes);
  } catch (e) {
    problems.push(`threw: ${firstLine(e)}`);
  }
  report(name, problems, notes);
  return problems.length === 0;
}

// ---------------------------------------------------------------- browser plumbing

let browser;

/**
 * A fresh context (own cookies, cache, colour scheme, device) with one page.
 * Everything that goes wrong in it lands in `errors`: console errors, uncaught
 * exceptions, HTTP errors, failed requests and any request to another origin
 * (a static site must not need the network).
 */
async function open(site, where, { theme = "light", device = DESKTOP } = {}) {
  const ctx = await browser.newContext({ ...device, colorScheme: theme, reducedMotion: "reduce" });
  ctx.setDefaultTimeout(STEP_TIMEOUT);
  const errors = [];
  const origin = new URL(site.url).origin;
  await ctx.route("**/*", (route) => {
    const url = route.request().url();
    if (new URL(url).origin !== origin) {
      errors.push(`request to another origin: ${url}`);
      return route.abort();
    }
    return route.continue();
  });
  ctx.on("console", (msg) => {
    if (msg.type() === "error") {
      const loc = msg.location();
      errors.push(`console error: ${msg.text()}${loc && loc.url ? ` (${short(site, loc.url)}:${loc.lineNumber})` : ""}`);
    }
  });
  ctx.on("weberror", (e) => errors.push(`uncaught exception: ${firstLine(e.error())}`));
  ctx.on("response", (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()} for ${short(site, r.url())}`);
  });
  ctx.on("requestfailed", (r) => {
    const text = (r.failure() && r.failure().errorText) || "";
    // Aborted by us (other origin, counted above) or by leaving the page.
    if (text !== "net::ERR_ABORTED" && text !== "net::ERR_FAILED") errors.push(`request failed: ${short(site, r.url())}: ${text}`);
  });
  const page = await ctx.newPage();
  if (where != null) {
    const response = await page.goto(abs(site, where), { waitUntil: "load" });
    if (!response || !response.ok()) errors.push(`${where}: HTTP ${response ? response.status() : "no response"}`);
    await settle(page);
  }
  return { ctx, page, errors, close: () => ctx.close().catch(() => {}) };
}

function abs(site, where) {
  return new URL(String(where).replace(/^\//, ""), site.url).href;
}

function short(site, url) {
  return url.startsWith(site.url) ? "/" + url.slice(site.url.length) : url;
}

function pathOf(site, href) {
  return short(site, new URL(href, site.url).href);
}

/** Waits for what the page still loads after `load`: the search index and its results. */
async function settle(page) {
  if (await page.locator("#search-status").count()) {
    await page.waitForFunction(() => {
      const s = document.getElementById("search-status");
      const text = s ? s.textContent : "";
      return text !== "" && !/Loading the search index|Searching older/.test(text);
    });
  }
  await page.evaluate(() => document.fonts && document.fonts.ready);
}

/** After typing or choosing a filter: past the client's debounce, then settled. */
async function settleSearch(page) {
  await page.waitForTimeout(300);
  await settle(page);
}

// ---------------------------------------------------------------- choosing pages

/** Reads the site (through the browser, plus the output folder) and picks the pages to test. */
async function discover(site) {
  const s = await open(site, "/");
  try {
    const { page } = s;
    const cards = await page.$$eval(".card-title a", (as) => as.map((a) => ({ title: a.textContent.trim(), href: a.getAttribute("href") })));
    if (!cards.length) throw new Error("the home page lists no briefings");
    const hasPage2 = (href) => fs.existsSync(path.join(site.dir, pathOf(site, href), "page", "2", "index.html"));

    await page.goto(abs(site, "/companies/"));
    const companies = await page.$$eval(".term-index-name", (as) =>
      as.map((a) => ({
        name: a.textContent.trim(),
        href: a.getAttribute("href"),
        count: parseInt(a.parentElement.querySelector(".count").textContent, 10),
      }))
    );
    const biggest = [...companies].sort((a, b) => b.count - a.count)[0];

    // The journey: the newest briefing naming a company whose timeline has a page 2.
    let journey = null;
    for (const card of cards) {
      await page.goto(abs(site, card.href));
      const chips = await page.$$eval(".briefing-header .chips-company a", (as) => as.map((a) => ({ name: a.textContent.trim(), href: a.getAttribute("href") })));
      const paginated = chips.find((c) => hasPage2(c.href));
      if (paginated) {
        journey = { briefing: card, company: paginated, paginated: true };
        break;
      }
      if (!journey && chips.length) journey = { briefing: card, company: chips[0], paginated: false };
    }
    if (!journey) throw new Error("no briefing on the home page names a company");

    await page.goto(abs(site, cards[0].href));
    const topic = await page.$eval(".briefing-header .chips-topic a", (a) => a.getAttribute("href")).catch(() => null);

    // The search target: the oldest briefing (last in the archive), with its first company.
    await page.goto(abs(site, "/archive/"));
    const oldest = await page.$$eval(".archive-list a", (as) => {
      const a = as[as.length - 1];
      return { title: a.textContent.trim(), href: a.getAttribute("href") };
    });
    await page.goto(abs(site, oldest.href));
    const oldestCompany = await page.$eval(".briefing-header .chips-company a", (a) => ({ name: a.textContent.trim(), href: a.getAttribute("href") })).catch(() => null);
    const filter = companies.find((c) => oldestCompany && c.href === oldestCompany.href) || biggest;

    // A briefing whose body has a table and a code block, if there is one (the generated corpus has some).
    let rich = null;
    const briefingsDir = path.join(site.dir, "briefings");
    for (const slug of fs.existsSync(briefingsDir) ? fs.readdirSync(briefingsDir).sort() : []) {
      const file = path.join(briefingsDir, slug, "index.html");
      const html = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
      if (html.includes("<table") && html.includes('<pre class="code"')) {
        rich = pathOf(site, `briefings/${slug}/`);
        break;
      }
    }

    const pages = [["home", "/"]];
    if (fs.existsSync(path.join(site.dir, "page", "2", "index.html"))) pages.push(["home page 2", "/page/2/"]);
    pages.push(["briefing", pathOf(site, cards[0].href)]);
    if (rich && rich !== pathOf(site, cards[0].href)) pages.push(["briefing with table and code", rich]);
    pages.push(["companies", "/companies/"]);
    pages.push(["company", pathOf(site, biggest.href)]);
    if (hasPage2(biggest.href)) pages.push(["company page 2", pathOf(site, biggest.href) + "page/2/"]);
    pages.push(["topics", "/topics/"]);
    if (topic) pages.push(["topic", pathOf(site, topic)]);
    const media = mediaPages(site);
    if (media.hero) pages.push(["briefing with a hero image", media.hero]);
    if (fs.existsSync(path.join(site.dir, "authors", "index.html"))) {
      pages.push(["authors", "/authors/"]);
      await page.goto(abs(site, "/authors/"));
      const author = await page.$eval(".term-index-name", (a) => a.getAttribute("href")).catch(() => null);
      if (author) pages.push(["author", pathOf(site, author)]);
    }
    pages.push(["archive", "/archive/"]);
    const digest = busiestWeek(site);
    if (digest) {
      pages.push(["digest list", "/digest/"]);
      pages.push(["digest", digest]);
    }
    pages.push(["search", `/search/?q=${encodeURIComponent(biggest.name.toLowerCase())}`]);
    pages.push(["404", "/404.html"]);

    const filterNamesOldest = !!oldestCompany && filter.href === oldestCompany.href;
    return { cards, companies, biggest, journey, oldest, filter, filterNamesOldest, pages, digest };
  } finally {
    await s.close();
  }
}

/** The digest page (`/digest/2024-w05/`) of the week with the largest page, or null. */
function busiestWeek(site) {
  const dir = path.join(site.dir, "digest");
  if (!fs.existsSync(dir)) return null;
  const weeks = fs.readdirSync(dir).filter((w) => /^\d{4}-w\d{2}$/.test(w));
  const size = (w) => fs.statSync(path.join(dir, w, "index.html")).size;
  const best = weeks.sort((a, b) => size(b) - size(a) || (a < b ? 1 : -1))[0];
  return best ? `/digest/${best}/` : null;
}

// ---------------------------------------------------------------- in-page probes

/**
 * axe-core's violations, split into failing (serious, critical) and the rest.
 * Where axe cannot decide a colour contrast (text over a list marker drawn with
 * ::before, say), the contrast is computed here from the element's colour and
 * the nearest opaque background, so that every text in both themes is decided.
 */
async function runAxe(page, { rules = {} } = {}) {
  await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate(async (rules) => {
    const r = await window.axe.run(document, { resultTypes: ["violations", "incomplete"], rules });
    const slim = (v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({
        target: n.target.join(" "),
        summary: (n.failureSummary || "").replace(/\s+/g, " ").trim(),
        reason: [...n.any, ...n.all, ...n.none].map((c) => (c.data && c.data.messageKey) || c.id).join(","),
      })),
    });
    return { violations: r.violations.map(slim), incomplete: r.incomplete.map(slim) };
  }, Object.fromEntries(Object.entries(rules).map(([k, v]) => [k, { enabled: v }])));
  const describe = (v) =>
    v.nodes.slice(0, 6).map((n) => `${v.id} (${v.impact}): ${v.help}: ${n.target}: ${n.summary}`).concat(v.nodes.length > 6 ? [`${v.id}: ... and ${v.nodes.length - 6} more elements`] : []);
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const other = result.violations.filter((v) => !(v.impact === "serious" || v.impact === "critical"));
  const problems = bad.flatMap(describe);
  const notes = other.flatMap(describe);
  const undecided = result.incomplete.filter((v) => v.id === "color-contrast").flatMap((v) => v.nodes);
  if (undecided.length) {
    const own = await page.evaluate(ownContrast, undecided.map((n) => ({ target: n.target, reason: n.reason })));
    for (const c of own) {
      const line = `color-contrast (axe undecided: ${c.reason}; computed here): ${c.target}: ${c.detail}`;
      if (c.fails) problems.push(line);
      else if (c.undecidable) notes.push(line);
    }
  }
  return { problems, notes };
}

/** Contrast of the elements axe left undecided: own colour against the nearest opaque background. */
function ownContrast(nodes) {
  const parse = (css) => {
    const m = /rgba?\(([\d.]+),?\s*([\d.]+),?\s*([\d.]+)(?:,?\s*\/?\s*([\d.]+%?))?\)/.exec(css || "");
    if (!m) return null;
    let a = m[4] === undefined ? 1 : m[4].endsWith("%") ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
    return [Number(m[1]), Number(m[2]), Number(m[3]), a];
  };
  const lum = ([r, g, b]) => {
    const f = (v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const over = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  return nodes.map(({ target, reason }) => {
    const el = document.querySelector(target);
    if (!el) return { target, reason, undecidable: true, detail: "element not found again" };
    const layers = [];
    let image = false;
    for (let e = el; e; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.backgroundImage && cs.backgroundImage !== "none") image = true;
      const c = parse(cs.backgroundColor);
      if (c && c[3] > 0) {
        layers.push(c);
        if (c[3] >= 1) break;
      }
    }
    let bg = [255, 255, 255, 1];
    for (const layer of layers.reverse()) bg = over(layer, bg);
    const cs = getComputedStyle(el);
    const fg = over(parse(cs.color) || [0, 0, 0, 1], bg);
    const l1 = lum(fg);
    const l2 = lum(bg);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const px = parseFloat(cs.fontSize);
    const bold = parseInt(cs.fontWeight, 10) >= 700;
    const symbolsOnly = !/[\p{L}\p{N}]/u.test(el.textContent);
    const need = symbolsOnly || px >= 24 || (bold && px >= 18.66) ? 3 : 4.5;
    const detail = `${ratio.toFixed(2)}:1 (text ${cs.color} on ${`rgb(${bg.slice(0, 3).map(Math.round).join(", ")})`}, ${px}px${bold ? " bold" : ""}), needs ${need}:1${image ? "; a background image is involved" : ""}`;
    return { target, reason, fails: !image && ratio < need, undecidable: image, detail };
  });
}

/** Images, SVG icons, links and buttons without a text name (a name must hold a letter or digit). */
function probeTextAlternatives() {
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += `#${el.id}`;
    if (el.className && typeof el.className === "string") s += "." + el.className.trim().split(/\s+/).join(".");
    const href = el.getAttribute("href");
    if (href) s += `[href="${href}"]`;
    return s;
  };
  const hidden = (el) => el.closest('[aria-hidden="true"]') !== null;
  const rendered = (el) => el.getClientRects().length > 0;
  const textOf = (node) => {
    if (node.nodeType === Node.TEXT_NODE) return node.textContent;
    if (node.nodeType !== Node.ELEMENT_NODE) return "";
    if (node.getAttribute("aria-hidden") === "true") return "";
    if (getComputedStyle(node).display === "none") return "";
    if (node.tagName === "IMG") return node.getAttribute("alt") || "";
    if (node.tagName.toLowerCase() === "svg") {
      const t = node.querySelector("title");
      return node.getAttribute("aria-label") || (t ? t.textContent : "");
    }
    if (node.getAttribute("aria-label")) return node.getAttribute("aria-label");
    return Array.from(node.childNodes).map(textOf).join("");
  };
  const nameOf = (el) => {
    const labelledby = el.getAttribute("aria-labelledby");
    if (labelledby) {
      return labelledby.split(/\s+/).map((id) => {
        const ref = document.getElementById(id);
        return ref ? ref.textContent : "";
      }).join(" ");
    }
    if (el.getAttribute("aria-label")) return el.getAttribute("aria-label");
    if (el.labels && el.labels.length) return Array.from(el.labels).map((l) => l.textContent).join(" ");
    if (el.tagName === "INPUT" && el.type === "image") return el.alt || "";
    return Array.from(el.childNodes).map(textOf).join("") || el.getAttribute("title") || "";
  };
  const meaningful = (s) => /[\p{L}\p{N}]/u.test(s || "");
  const problems = [];
  for (const img of document.querySelectorAll("img")) {
    if (!img.hasAttribute("alt")) problems.push(`${describe(img)} (src ${img.getAttribute("src")}) has no alt attribute`);
  }
  for (const svg of document.querySelectorAll("svg")) {
    if (hidden(svg)) continue;
    if (!meaningful(svg.getAttribute("aria-label")) && !svg.getAttribute("aria-labelledby") && !(svg.querySelector("title") && meaningful(svg.querySelector("title").textContent))) {
      problems.push(`an <svg> that is not aria-hidden has no title or aria-label (inside ${describe(svg.parentElement)})`);
    }
  }
  for (const el of document.querySelectorAll('a[href], button, [role="button"], input, select, textarea, [role="img"]')) {
    if (hidden(el) || !rendered(el) || (el.tagName === "INPUT" && el.type === "hidden")) continue;
    const name = nameOf(el).replace(/\s+/g, " ").trim();
    if (!meaningful(name)) problems.push(`${describe(el)} has no text alternative (its accessible name is ${JSON.stringify(name)})`);
  }
  return problems;
}

/** Colours that dark mode must change. */
function probeColours() {
  const effectiveBg = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = getComputedStyle(e).backgroundColor;
      if (c && c !== "rgba(0, 0, 0, 0)" && c !== "transparent") return c;
    }
    return "canvas";
  };
  const link = document.querySelector("main a[href]");
  const card = document.querySelector(".card, .key-highlights, .search-box");
  return {
    background: effectiveBg(document.body),
    text: getComputedStyle(document.body).color,
    link: link ? getComputedStyle(link).color : null,
    card: card ? effectiveBg(card) : null,
  };
}

/** Horizontal overflow on a phone: what sticks out of the 390 px viewport, unclipped. */
function probeLayout(deviceWidth) {
  const vw = Math.min(window.innerWidth, deviceWidth);
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += `#${el.id}`;
    if (el.className && typeof el.className === "string" && el.className.trim()) s += "." + el.className.trim().split(/\s+/).join(".");
    return s;
  };
  const clippedByAncestor = (el) => {
    for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (cs.overflowX !== "visible") {
        const r = a.getBoundingClientRect();
        if (r.left >= -1 && r.right <= vw + 1) return true; // a scroll box or clip inside the screen
      }
    }
    return false;
  };
  const sticking = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.left >= -1 && r.right <= vw + 1) continue;
    const cs = getComputedStyle(el);
    if (cs.position === "absolute" && (r.width <= 1 || cs.clip !== "auto")) continue; // visually hidden text
    if (clippedByAncestor(el)) continue;
    // Report the outermost element only.
    if (sticking.some((s) => s.el.contains(el))) continue;
    sticking.push({ el, text: `${describe(el)} spans x=${Math.round(r.left)}..${Math.round(r.right)} px` });
  }
  window.scrollTo(200, 0);
  const scrolledX = window.scrollX;
  window.scrollTo(0, 0);
  const meta = document.querySelector('meta[name="viewport"]');
  return {
    innerWidth: window.innerWidth,
    scale: window.visualViewport ? window.visualViewport.scale : 1,
    scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
    scrolledX,
    viewport: meta ? meta.getAttribute("content") : null,
    sticking: sticking.map((s) => s.text),
  };
}

/** The header nav's links, grouped by the line they sit on, and any that stick out of it. */
function probeNav() {
  const ul = document.querySelector(".site-nav ul");
  if (!ul) return { lines: [], outside: [], missing: true };
  const box = ul.getBoundingClientRect();
  const lines = new Map();
  const outside = [];
  for (const li of ul.children) {
    const r = li.getBoundingClientRect();
    const label = li.textContent.trim();
    const top = Math.round(r.top);
    if (!lines.has(top)) lines.set(top, []);
    lines.get(top).push(label);
    // A label broken inside itself is a wrap too.
    const a = li.querySelector("a");
    if (a && a.getClientRects().length > 1) outside.push(`"${label}" breaks over two lines`);
    if (r.left < box.left - 1 || r.right > box.right + 1) outside.push(`"${label}" spans x=${Math.round(r.left)}..${Math.round(r.right)}, the nav ${Math.round(box.left)}..${Math.round(box.right)}`);
  }
  return { lines: [...lines.values()], outside, missing: false };
}

/** Problems with the header nav at one width (probeNav's result). */
function navProblems(nav, width) {
  if (!nav) return [`${width} px: not measured`];
  if (nav.missing) return [`${width} px: no .site-nav ul on the page`];
  const problems = nav.outside.map((o) => `${width} px: ${o}`);
  if (nav.lines.length > 1) problems.push(`${width} px: the nav takes ${nav.lines.length} lines: ${nav.lines.map((l) => l.join(" | ")).join(" / ")}`);
  return problems;
}

/** The focused element and whether it shows a focus indicator. */
function probeFocus() {
  const el = document.activeElement;
  if (!el || el === document.body) return { desc: "body", visible: false, id: "", inResults: false, href: null };
  const cs = getComputedStyle(el);
  const outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0;
  const shadow = cs.boxShadow && cs.boxShadow !== "none";
  const r = el.getBoundingClientRect();
  let desc = el.tagName.toLowerCase() + (el.id ? `#${el.id}` : "") + (el.className && typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\s+/).join(".") : "");
  if (el.getAttribute("href")) desc += `[href="${el.getAttribute("href")}"]`;
  return {
    desc,
    id: el.id,
    visible: outline || shadow,
    onScreen: r.width > 1 && r.height > 1 && r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth,
    inResults: !!el.closest("#search-results"),
    href: el.getAttribute("href"),
    text: el.textContent.trim().slice(0, 120),
  };
}

// ---------------------------------------------------------------- colour maths

function rgb(css) {
  const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)/.exec(css || "");
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

function luminance(css) {
  const c = rgb(css);
  if (!c) return null;
  const [r, g, b] = c.map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

// ---------------------------------------------------------------- per-page checks

async function pageChecks(site, label, where) {
  const tag = `[${site.name}] ${label} (${where})`;
  const colours = {};
  const nav = {};
  for (const theme of ["light", "dark"]) {
    let s;
    let axe = null;
    let alternatives = null;
    let loadErrors = [];
    let openError = null;
    try {
      s = await open(site, where, { theme });
      colours[theme] = await s.page.evaluate(probeColours);
      if (theme === "light") nav[DESKTOP.viewport.width] = await s.page.evaluate(probeNav);
      axe = await runAxe(s.page);
      if (theme === "light") alternatives = await s.page.evaluate(probeTextAlternatives);
      loadErrors = s.errors;
    } catch (e) {
      openError = `threw: ${firstLine(e)}`;
    } finally {
      if (s) {
        loadErrors = s.errors;
        await s.close();
      }
    }
    if (theme === "light") report(`${tag} loads with no console errors, failed requests or requests elsewhere`, [openError, ...loadErrors]);
    report(`${tag} axe-core, ${theme} theme: no serious or critical violations`, axe ? axe.problems : [openError || "axe did not run"], axe ? axe.notes : []);
    if (theme === "light") report(`${tag} images, icons, links and controls have text alternatives`, alternatives || [openError || "not measured"]);
  }

  await check(`${tag} dark mode changes the colours`, async (problems) => {
    const { light, dark } = colours;
    if (!light || !dark) return problems.push("the page did not load in both themes");
    if (light.background === dark.background) problems.push(`the background is ${light.background} in both themes`);
    if (light.text === dark.text) problems.push(`the text colour is ${light.text} in both themes`);
    if (light.link && light.link === dark.link) problems.push(`the link colour is ${light.link} in both themes`);
    const lb = luminance(light.background);
    const db = luminance(dark.background);
    const dt = luminance(dark.text);
    if (lb !== null && db !== null && !(db < lb)) problems.push(`the dark background (${dark.background}) is not darker than the light one (${light.background})`);
    if (db !== null && dt !== null && !(dt > db)) problems.push(`in dark mode the text (${dark.text}) is not lighter than the background (${dark.background})`);
  });

  let phoneAxe = null;
  await check(`${tag} phone (390 px): not zoomed out, no horizontal scrolling`, async (problems) => {
    const s = await open(site, where, { device: PHONE });
    try {
      nav[PHONE.viewport.width] = await s.page.evaluate(probeNav);
      const m = await s.page.evaluate(probeLayout, PHONE.viewport.width);
      if (m.viewport !== "width=device-width, initial-scale=1") problems.push(`<meta name="viewport"> is ${JSON.stringify(m.viewport)}`);
      if (m.innerWidth !== PHONE.viewport.width) problems.push(`the layout viewport is ${m.innerWidth} px wide, not ${PHONE.viewport.width} (the page was zoomed out to fit)`);
      if (m.scale !== 1) problems.push(`the visual viewport is scaled by ${m.scale}`);
      if (m.scrollWidth > m.innerWidth) problems.push(`the document is ${m.scrollWidth} px wide in a ${m.innerWidth} px viewport`);
      if (m.scrolledX !== 0) problems.push(`the page scrolls sideways (scrollX reached ${m.scrolledX})`);
      for (const t of m.sticking) problems.push(`sticks out of the ${PHONE.viewport.width} px screen: ${t}`);
      problems.push(...s.errors);
      // axe at phone width too, with WCAG 2.2's touch-target rule (off by default) on.
      const axe = await runAxe(s.page, { rules: { "target-size": true } });
      phoneAxe = axe;
    } finally {
      await s.close();
    }
  });
  report(`${tag} axe-core on a phone (with target-size): no serious or critical violations`, phoneAxe ? phoneAxe.problems : ["axe did not run"], phoneAxe ? phoneAxe.notes : []);

  const w = NARROW.viewport.width;
  await check(`${tag} narrow phone (${w} px): no horizontal scrolling`, async (problems) => {
    const s = await open(site, where, { device: NARROW });
    try {
      nav[w] = await s.page.evaluate(probeNav);
      const m = await s.page.evaluate(probeLayout, w);
      if (m.innerWidth !== w) problems.push(`the layout viewport is ${m.innerWidth} px wide, not ${w} (the page was zoomed out to fit)`);
      if (m.scrollWidth > m.innerWidth) problems.push(`the document is ${m.scrollWidth} px wide in a ${m.innerWidth} px viewport`);
      if (m.scrolledX !== 0) problems.push(`the page scrolls sideways (scrollX reached ${m.scrolledX})`);
      for (const t of m.sticking) problems.push(`sticks out of the ${w} px screen: ${t}`);
      problems.push(...s.errors);
    } finally {
      await s.close();
    }
  });
  const widths = [NARROW, PHONE, DESKTOP].map((d) => d.viewport.width);
  report(`${tag} the header nav is on one line at ${widths.join(", ")} px`, widths.flatMap((px) => navProblems(nav[px], px)));
}

// ---------------------------------------------------------------- the reader's journey

async function journeyCheck(site, d) {
  const { briefing, company, paginated } = d.journey;
  const steps = paginated ? "home -> briefing -> company -> page 2 of its timeline -> back" : "home -> briefing -> company -> back (no company of this site has a page 2)";
  await check(`[${site.name}] reader's journey: ${steps}`, async (problems) => {
    const s = await open(site, "/");
    const { page } = s;
    const expectUrl = async (where, what) => {
      await page.waitForURL(abs(site, where));
      const h1 = (await page.locator("h1").first().innerText()).trim();
      return h1;
    };
    const timeline = () => page.$$eval(".timeline .card", (cards) => cards.map((c) => ({ title: c.querySelector(".card-title").textContent.trim(), date: c.querySelector("time").getAttribute("datetime") })));
    try {
      const homeH1 = (await page.locator("h1").first().innerText()).trim();
      if (!/Latest briefings/.test(homeH1)) problems.push(`home: the heading is "${homeH1}"`);

      await page.locator(`.card-title a[href="${briefing.href}"]`).first().click();
      let h1 = await expectUrl(briefing.href);
      if (h1 !== briefing.title) problems.push(`briefing: the heading is "${h1}", the card said "${briefing.title}"`);

      await page.locator(`.briefing-header .chips-company a[href="${company.href}"]`).first().click();
      h1 = await expectUrl(company.href);
      if (!h1.startsWith(company.name)) problems.push(`company: the heading is "${h1}", the chip said "${company.name}"`);
      const page1 = await timeline();
      if (!page1.length) problems.push("company: the timeline is empty");
      if (!page1.some((c) => c.title === briefing.title)) problems.push(`company: the timeline's first page does not list "${briefing.title}"`);

      if (paginated) {
        await page.locator('.pagination a[rel="next"]').click();
        h1 = await expectUrl(company.href + "page/2/");
        if (!/page 2 of \d+/.test(h1)) problems.push(`company page 2: the heading is "${h1}"`);
        const current = await page.locator('.pagination [aria-current="page"]').innerText();
        if (!/\b2\b/.test(current)) problems.push(`company page 2: the current page link reads "${current}"`);
        const page2 = await timeline();
        if (!page2.length) problems.push("company page 2: the timeline is empty");
        const overlap = page2.filter((c) => page1.some((p) => p.title === c.title && p.date === c.date));
        if (overlap.length) problems.push(`company page 2 repeats ${overlap.length} briefing(s) of page 1`);
        if (page1.length && page2.length && page2[0].date > page1[page1.length - 1].date) problems.push("company page 2 has a newer briefing than the end of page 1");

        await page.locator('.pagination a[rel="prev"]').click();
        await expectUrl(company.href);
        if (JSON.stringify(await timeline()) !== JSON.stringify(page1)) problems.push("the Newer link did not lead back to the same first page");

        await page.goBack();
        await expectUrl(company.href + "page/2/");
        if (JSON.stringify(await timeline()) !== JSON.stringify(page2)) problems.push("Back did not return to the same page 2");
        await page.goBack();
        await expectUrl(company.href);
      }
      await page.goBack();
      h1 = await expectUrl(briefing.href);
      if (h1 !== briefing.title) problems.push(`back on the briefing, the heading is "${h1}"`);
      await page.goBack();
      await expectUrl("/");
      if (!(await page.locator(`.card-title a[href="${briefing.href}"]`).count())) problems.push("back on the home page, the briefing's card is missing");
    } finally {
      problems.push(...s.errors);
      await s.close();
    }
  });
}

// ---------------------------------------------------------------- search

async function resultsOf(page) {
  return page.$$eval("#search-results > li", (items) =>
    items.map((li) => ({
      title: li.querySelector(".card-title").textContent.trim(),
      href: li.querySelector(".card-title a").getAttribute("href"),
      date: li.querySelector("time") ? li.querySelector("time").getAttribute("datetime") : "",
      marked: li.querySelectorAll(".card-title mark").length,
      companies: Array.from(li.querySelectorAll(".chips-company a")).map((a) => a.getAttribute("href")),
    }))
  );
}

async function statusCount(page) {
  const text = (await page.locator("#search-status").innerText()).trim();
  const m = /^([\d,.\s]+) results?\b/.exec(text);
  return { text, count: m ? Number(m[1].replace(/[^\d]/g, "")) : text.startsWith("No results") ? 0 : null };
}

async function searchCheck(site, d) {
  const target = d.oldest;
  const filter = d.filter;
  const slug = pathOf(site, filter.href).replace(/^\/companies\//, "").replace(/\/$/, "");
  await check(`[${site.name}] search finds "${target.title}" by its title`, async (problems) => {
    const s = await open(site, "/search/");
    const { page } = s;
    try {
      const idle = await statusCount(page);
      if (!/to search [\d,]+ briefings?/.test(idle.text)) problems.push(`before typing, the status reads "${idle.text}"`);
      await page.locator("#search-q").fill(target.title);
      await settleSearch(page);
      const results = await resultsOf(page);
      if (!results.length) problems.push(`no results; the status reads "${(await statusCount(page)).text}"`);
      else {
        if (results[0].title !== target.title) problems.push(`the first result is "${results[0].title}", not "${target.title}"`);
        if (pathOf(site, results[0].href) !== pathOf(site, target.href)) problems.push(`the first result links to ${results[0].href}, not ${target.href}`);
        if (!results[0].marked) problems.push("the matching words are not marked in the first result's title");
      }
      const { count } = await statusCount(page);
      if (count !== results.length && !(count > results.length && results.length === 50)) problems.push(`the status counts ${count} results, the list shows ${results.length}`);
      const q = new URL(page.url()).searchParams.get("q");
      if (q !== target.title) problems.push(`the address keeps q=${JSON.stringify(q)}, not the title`);

      // Open the first result.
      if (results.length) {
        await page.locator("#search-results > li .card-title a").first().click();
        await page.waitForURL(abs(site, results[0].href));
        const h1 = (await page.locator("h1").first().innerText()).trim();
        if (h1 !== target.title) problems.push(`the first result opens a page headed "${h1}"`);
      }
    } finally {
      problems.push(...s.errors);
      await s.close();
    }
  });

  await check(`[${site.name}] search filters by company (${filter.name}, ${filter.count} briefings)`, async (problems) => {
    const s = await open(site, "/search/");
    const { page } = s;
    try {
      const options = await page.$$eval("#search-company option", (os) => os.map((o) => o.value).filter(Boolean));
      if (options.length !== d.companies.length) problems.push(`the company filter offers ${options.length} companies, /companies/ lists ${d.companies.length}`);
      await page.locator("#search-company").selectOption(slug);
      await settleSearch(page);
      let results = await resultsOf(page);
      const { count } = await statusCount(page);
      if (count !== filter.count) problems.push(`filtering by ${filter.name} finds ${count} briefings; its company page counts ${filter.count}`);
      const shown = Math.min(filter.count, 50);
      if (results.length !== shown) problems.push(`the list shows ${results.length} results, expected ${shown}`);
      const foreign = results.filter((r) => !r.companies.some((h) => pathOf(site, h) === pathOf(site, filter.href)));
      for (const r of foreign.slice(0, 5)) problems.push(`"${r.title}" is listed but does not name ${filter.name}`);
      for (let i = 1; i < results.length; i++) {
        if (results[i].date > results[i - 1].date) {
          problems.push(`results are not newest first: "${results[i].title}" (${results[i].date}) after ${results[i - 1].date}`);
          break;
        }
      }
      const params = new URL(page.url()).searchParams;
      if (params.get("company") !== slug || params.has("q")) problems.push(`the address is ${page.url()}, expected only ?company=${slug}`);

      // Filter plus the target's title: the target first.
      await page.locator("#search-q").fill(target.title);
      await settleSearch(page);
      results = await resultsOf(page);
      if (d.filterNamesOldest && (!results.length || results[0].title !== target.title)) {
        problems.push(`with the filter on, "${target.title}" is not the first result`);
      }

      // The address can be shared: loading it again restores the query and the filter.
      const shared = page.url();
      await page.goto(shared);
      await settle(page);
      if ((await page.locator("#search-company").inputValue()) !== slug) problems.push("reloading the address lost the company filter");
      if ((await page.locator("#search-q").inputValue()) !== target.title) problems.push("reloading the address lost the query");
      const again = await resultsOf(page);
      if (JSON.stringify(again.map((r) => r.href)) !== JSON.stringify(results.map((r) => r.href))) problems.push("reloading the address gave different results");

      // "Show more" when there are more than 50.
      if (filter.count > 50) {
        await page.locator("#search-q").fill("");
        await settleSearch(page);
        const more = page.locator("#search-more");
        if (!(await more.isVisible())) problems.push(`${filter.count} results but no "Show more" button`);
        else {
          await more.click();
          const after = await resultsOf(page);
          if (after.length !== Math.min(filter.count, 100)) problems.push(`after "Show more" the list has ${after.length} results`);
          const focus = await page.evaluate(probeFocus);
          if (!focus.inResults) problems.push(`after "Show more" the focus is on ${focus.desc}, not on the first new result`);
        }
      }
    } finally {
      problems.push(...s.errors);
      await s.close();
    }
  });
}

/** README: "without JavaScript the page says so". */
async function noScriptCheck(site) {
  await check(`[${site.name}] search without JavaScript says so and points to companies, topics and the archive`, async (problems) => {
    const ctx = await browser.newContext({ ...DESKTOP, javaScriptEnabled: false });
    ctx.setDefaultTimeout(STEP_TIMEOUT);
    try {
      const page = await ctx.newPage();
      await page.goto(abs(site, "/search/"));
      const text = await page.locator("main").innerText();
      if (!/JavaScript/.test(text)) problems.push("with JavaScript off, the search page does not mention that it needs JavaScript");
      const hrefs = await page.$$eval("main a[href]", (as) => as.map((a) => a.getAttribute("href")));
      for (const want of ["companies/", "topics/", "archive/"]) {
        if (!hrefs.some((h) => pathOf(site, h) === `/${want}`)) problems.push(`with JavaScript off, the search page has no link to /${want}`);
      }
    } finally {
      await ctx.close().catch(() => {});
    }
  });
}

// ---------------------------------------------------------------- keyboard

async function keyboardCheck(site, d) {
  const word = d.biggest.name.toLowerCase();
  await check(`[${site.name}] keyboard: skip link, Tab to the search box, type "${word}", Tab to a result, Enter`, async (problems) => {
    const s = await open(site, "/search/");
    const { page } = s;
    const noIndicator = new Set();
    const tab = async () => {
      await page.keyboard.press("Tab");
      const f = await page.evaluate(probeFocus);
      if (!f.visible) noIndicator.add(f.desc);
      return f;
    };
    try {
      let f = await tab();
      if (!/skip-link/.test(f.desc)) problems.push(`the first Tab focuses ${f.desc}, not the skip link`);
      else if (!f.onScreen) problems.push("the focused skip link is not visible on screen");
      await page.keyboard.press("Enter");
      f = await page.evaluate(probeFocus);
      if (f.id !== "content") problems.push(`the skip link moved the focus to ${f.desc}, not to main#content`);

      const path1 = [];
      for (let i = 0; i < 30 && f.id !== "search-q"; i++) {
        f = await tab();
        path1.push(f.desc);
      }
      if (f.id !== "search-q") problems.push(`30 Tabs never reached the search box: ${path1.join(" > ")}`);
      else {
        if (path1.length > 1) problems.push(`after the skip link it takes ${path1.length} Tabs to reach the search box: ${path1.join(" > ")}`);
        await page.keyboard.type(word);
        await settleSearch(page);
        const n = (await resultsOf(page)).length;
        if (!n) problems.push(`typing "${word}" found nothing`);
        const path2 = [];
        for (let i = 0; i < 12 && !f.inResults; i++) {
          f = await tab();
          path2.push(f.desc);
        }
        if (!f.inResults) problems.push(`12 Tabs from the search box never reached a result: ${path2.join(" > ")}`);
        else {
          if (!f.onScreen) problems.push(`the focused result ${f.desc} is not on screen`);
          const href = f.href;
          await page.keyboard.press("Enter");
          await page.waitForURL(abs(site, href));
        }
      }
      for (const desc of noIndicator) problems.push(`no visible focus indicator (outline or box-shadow) on ${desc}`);
    } finally {
      problems.push(...s.errors);
      await s.close();
    }
  });
}

// ---------------------------------------------------------------- the email edition

const EMAIL_DESKTOP = { viewport: { width: 600, height: 900 }, deviceScaleFactor: 1 };
const EMAIL_PHONE = { ...PHONE, viewport: { width: 375, height: 812 } };

/**
 * The week's email.html in Chromium at 600 px and at 375 px (a phone): no
 * horizontal scroll, the page at the device width (not zoomed out), nothing
 * sticking out, and no request beyond the file itself (an email loads nothing).
 * With `shots`, screenshots in light and dark.
 */
async function emailChecks(site, d, shots) {
  if (!d.digest) return;
  const where = `${d.digest}email.html`;
  for (const [deviceName, device] of [["600px", EMAIL_DESKTOP], ["375px", EMAIL_PHONE]]) {
    const width = device.viewport.width;
    await check(`[${site.name}] email edition at ${width} px: no horizontal scroll, nothing loaded (${where})`, async (problems) => {
      const s = await open(site, null, { device });
      const requests = [];
      s.page.on("request", (r) => requests.push(r.url()));
      try {
        await s.page.goto(abs(site, where), { waitUntil: "load" });
        const layout = await s.page.evaluate(probeLayout, width);
        if (layout.innerWidth !== width) problems.push(`innerWidth is ${layout.innerWidth}, not the device's ${width} (zoomed out?)`);
        if (layout.scrollWidth > layout.innerWidth) problems.push(`scrollWidth ${layout.scrollWidth} > innerWidth ${layout.innerWidth}`);
        if (layout.scrolledX !== 0) problems.push(`the page scrolls sideways by ${layout.scrolledX} px`);
        problems.push(...layout.sticking);
        // `briefing serve` adds its live-reload script to every page it serves, the email too.
        const others = requests.filter((u) => u !== abs(site, where) && !u.includes("/__briefing/"));
        if (others.length) problems.push(`requests beyond the email itself: ${others.join(", ")}`);
        problems.push(...s.errors);
        if (shots) {
          for (const theme of ["light", "dark"]) {
            await s.page.emulateMedia({ colorScheme: theme });
            await s.page.screenshot({ path: path.join(shots, `email-${deviceName}-${theme}.png`), fullPage: true, animations: "disabled" });
          }
        }
      } finally {
        await s.close();
      }
    });
  }
}

// ---------------------------------------------------------------- screenshots

const SHOT_DEVICES = [
  ["desktop", DESKTOP],
  ["phone", PHONE],
  ["narrow", NARROW],
];

async function screenshots(site, d, dir) {
  fs.mkdirSync(dir, { recursive: true });
  const shots = [
    ["home", "/"],
    ["briefing", pathOf(site, d.cards[0].href)],
    ["company", pathOf(site, d.biggest.href)],
    ["search", `/search/?q=${encodeURIComponent(d.biggest.name.toLowerCase())}`],
  ];
  for (const [label, name] of [["briefing with a hero image", "hero"], ["author", "author"]]) {
    const page = d.pages.find(([l]) => l === label);
    if (page) shots.push([name, page[1]]);
  }
  if (d.digest) shots.push(["digest", d.digest]);
  const files = [];
  for (const [name, where] of shots) {
    for (const [deviceName, device] of SHOT_DEVICES) {
      for (const theme of ["light", "dark"]) {
        const file = path.join(dir, `${name}-${deviceName}-${theme}.png`);
        await check(`[${site.name}] screenshot ${path.basename(file)} (${where})`, async (problems) => {
          const s = await open(site, where, { theme, device });
          try {
            await s.page.screenshot({ path: file, animations: "disabled", caret: "hide" });
            problems.push(...s.errors);
          } finally {
            await s.close();
          }
          files.push({ name, deviceName, theme, file });
        });
      }
    }
  }

  // Dark mode, as rendered: the mean luminance of each dark screenshot is lower.
  const s = await open(site, null);
  try {
    for (const [name] of shots) {
      for (const [deviceName, device] of SHOT_DEVICES) {
        const light = files.find((f) => f.name === name && f.deviceName === deviceName && f.theme === "light");
        const dark = files.find((f) => f.name === name && f.deviceName === deviceName && f.theme === "dark");
        await check(`[${site.name}] dark screenshot of ${name} (${deviceName}) is darker than the light one`, async (problems) => {
          if (!light || !dark) return problems.push("a screenshot is missing");
          const mean = (file) =>
            s.page.evaluate(async (src) => {
              const img = new Image();
              img.src = src;
              await img.decode();
              const c = document.createElement("canvas");
              c.width = img.naturalWidth;
              c.height = img.naturalHeight;
              const g = c.getContext("2d");
              g.drawImage(img, 0, 0);
              const px = g.getImageData(0, 0, c.width, c.height).data;
              let sum = 0;
              for (let i = 0; i < px.length; i += 4) sum += (0.2126 * px[i] + 0.7152 * px[i + 1] + 0.0722 * px[i + 2]) / 255;
              return { mean: sum / (px.length / 4), width: c.width, height: c.height };
            }, "data:image/png;base64," + fs.readFileSync(file).toString("base64"));
          const l = await mean(light.file);
          const k = await mean(dark.file);
          if (!(k.mean < l.mean - 0.3)) problems.push(`mean brightness light ${l.mean.toFixed(2)}, dark ${k.mean.toFixed(2)}: dark mode does not darken the page`);
          const want = device.viewport;
          for (const m of [l, k]) if (m.width !== want.width || m.height !== want.height) problems.push(`a screenshot is ${m.width}x${m.height}, not ${want.width}x${want.height}`);
        });
      }
    }
  } finally {
    await s.close();
  }
}

// ---------------------------------------------------------------- static output: no live reload

function filesUnder(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** README: the live-reload script is added to served pages only, never to `build` output. */
async function noLiveReloadCheck(site) {
  await check(`[${site.name}] the built output holds no live-reload code (no "__briefing" in any file)`, async (problems, notes) => {
    const files = filesUnder(site.dir);
    for (const file of files) {
      const text = fs.readFileSync(file).toString("latin1");
      const at = text.indexOf("__briefing");
      if (at >= 0) problems.push(`${path.relative(site.dir, file)}: ...${text.slice(Math.max(0, at - 60), at + 40).replace(/\s+/g, " ")}...`);
    }
    if (!files.length) problems.push(`${site.dir} holds no files`);
    notes.push(`${files.length} files read`);
  });
}

// ---------------------------------------------------------------- `briefing serve`: live reload

/** Saves the way editors do: write a temporary file beside it, then rename it over the original. */
function saveLikeAnEditor(file, text) {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** The Markdown file under ROOT/content/briefings whose briefing has this slug (`slug:` or the file name). */
function briefingSource(root, slug) {
  const dir = path.join(root, "content", "briefings");
  for (const file of fs.existsSync(dir) ? filesUnder(dir).sort() : []) {
    if (!file.endsWith(".md")) continue;
    const text = fs.readFileSync(file, "utf8");
    const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
    const given = front && /^slug:[ \t]*["']?([^"'\r\n]+?)["']?[ \t]*$/m.exec(front[1]);
    if ((given ? given[1] : path.basename(file, ".md")) === slug) return file;
  }
  return null;
}

/**
 * Live reload against `briefing serve --root ROOT` (README: "The writer's loop"): a
 * briefing page stays open while its file is saved good, broken, and good again;
 * the page must follow by itself (this code never reloads or navigates it).
 */
async function liveReloadChecks(site, root, d) {
  const events = [];
  const watchEvents = (s) =>
    s.ctx.on("response", (r) => {
      if (new URL(r.url()).pathname === "/__briefing/events") events.push({ status: r.status(), type: r.headers()["content-type"] || "" });
    });

  await check(`[${site.name}] serve: the home page has the live-reload script, opens /__briefing/events, no console errors`, async (problems) => {
    const s = await open(site, null);
    watchEvents(s);
    try {
      await s.page.goto(abs(site, "/"), { waitUntil: "load" });
      const scripts = await s.page.$$eval("script[src]", (ss) => ss.map((e) => e.getAttribute("src")));
      if (!scripts.includes("/__briefing/live.js")) problems.push(`no <script src="/__briefing/live.js"> on the home page (scripts: ${scripts.join(", ") || "none"})`);
      const deadline = Date.now() + 5000;
      while (!events.length && Date.now() < deadline) await s.page.waitForTimeout(100);
      if (!events.length) problems.push("the page never requested /__briefing/events");
      else if (events[0].status !== 200 || !events[0].type.startsWith("text/event-stream")) problems.push(`/__briefing/events answered ${events[0].status} ${events[0].type}`);
      await s.page.waitForTimeout(500); // a late console error from the script
      problems.push(...s.errors);
    } finally {
      await s.close();
    }
  });

  const card = d.cards[0];
  const slug = pathOf(site, card.href).replace(/^\/briefings\//, "").replace(/\/$/, "");
  const file = briefingSource(root, slug);
  if (!file) {
    report(`[${site.name}] serve: find the source of /briefings/${slug}/ in ${root}`, [`no content/briefings/**/*.md has the slug ${slug}`]);
    return;
  }
  const rel = path.relative(root, file).split(path.sep).join("/");
  const original = fs.readFileSync(file, "utf8");
  const titleLine = original.split(/\n/).findIndex((l) => /^title:/.test(l)) + 1;
  const newTitle = `Live reload check ${process.pid}-${Date.now()}`;
  const edited = original.replace(/^title:.*$/m, `title: ${newTitle}`);
  const broken = edited.replace(/^title:/m, "titel:");

  const s = await open(site, card.href);
  const { page } = s;
  const h1 = async () => (await page.locator("h1").first().innerText()).trim();
  const overlay = page.locator("#briefing-error-overlay");
  // Set in the page; gone once the page has reloaded itself.
  const mark = () => page.evaluate(() => (window.__briefingTestMark = true));
  const marked = () => page.evaluate(() => window.__briefingTestMark === true);
  const waitFor = async (what, fn) => {
    try {
      await page.waitForFunction(fn.expr, fn.arg, { timeout: LIVE_TIMEOUT, polling: 100 });
      return null;
    } catch (e) {
      return `${what} within ${LIVE_TIMEOUT / 1000} s`;
    }
  };
  const h1Is = (title) => ({ expr: (t) => { const e = document.querySelector("h1"); return !!e && e.textContent.trim() === t; }, arg: title });
  try {
    let before = null;
    await check(`[${site.name}] serve: saving a new title in ${rel} (temp file + rename) shows in the open page by itself`, async (problems) => {
      before = await h1();
      if (before !== card.title) problems.push(`before the edit the page is headed "${before}", its card said "${card.title}"`);
      if (!titleLine) return problems.push(`${rel} has no title: line`);
      await mark();
      const t0 = Date.now();
      saveLikeAnEditor(file, edited);
      const late = await waitFor(`the heading did not become "${newTitle}"`, h1Is(newTitle));
      if (late) problems.push(`${late}; it reads "${await h1()}"`);
      else {
        if (await marked()) problems.push("the heading changed but the page did not reload");
        const title = await page.title();
        if (!title.includes(newTitle)) problems.push(`the <title> is "${title}"`);
        console.log(`# serve: the new title showed ${Date.now() - t0} ms after the save`);
      }
      if (page.url() !== abs(site, card.href)) problems.push(`the page moved to ${page.url()}`);
    });

    await check(`[${site.name}] serve: saving a broken ${rel} ("titel:" on line ${titleLine}) shows the error overlay over the last good page`, async (problems) => {
      await mark();
      saveLikeAnEditor(file, broken);
      const late = await waitFor("#briefing-error-overlay did not appear", { expr: () => !!document.getElementById("briefing-error-overlay"), arg: null });
      if (late) return problems.push(late);
      if (!(await overlay.isVisible())) problems.push("#briefing-error-overlay is in the page but not visible");
      const text = await overlay.innerText();
      const entries = await overlay.locator("pre.briefing-problem").allInnerTexts();
      if (!entries.length) problems.push(`the overlay has no pre.briefing-problem; it reads: ${text.replace(/\s+/g, " ").slice(0, 300)}`);
      const where = `${rel}:${titleLine}:1`;
      const entry = entries.find((e) => e.includes(where));
      if (!entry) problems.push(`no problem in the overlay names ${where}; it reads: ${entries.join(" || ").replace(/\s+/g, " ").slice(0, 400)}`);
      else if (!/unknown field/.test(entry) || !entry.includes("titel")) problems.push(`the problem at ${where} does not say "unknown field" \`titel\`: ${entry.replace(/\s+/g, " ")}`);
      // The last good build stays on screen underneath.
      if (!(await marked())) problems.push("the page reloaded on a broken save");
      const heading = await h1();
      if (heading !== newTitle) problems.push(`under the overlay the page is headed "${heading}", not the last good "${newTitle}"`);
      // A page opened while the save is broken: the last good build, and the overlay at once.
      const other = await open(site, card.href);
      try {
        const otherHeading = (await other.page.locator("h1").first().innerText()).trim();
        if (otherHeading !== newTitle) problems.push(`a page opened now is headed "${otherHeading}", not the last good "${newTitle}"`);
        await other.page.locator("#briefing-error-overlay pre.briefing-problem").first().waitFor({ timeout: LIVE_TIMEOUT }).catch(() => problems.push("a page opened now shows no overlay"));
        problems.push(...other.errors.map((e) => `a page opened now: ${e}`));
      } finally {
        await other.close();
      }
    });

    await check(`[${site.name}] serve: saving ${rel} good again clears the overlay and shows the content`, async (problems) => {
      await mark();
      saveLikeAnEditor(file, original);
      const late = await waitFor("#briefing-error-overlay did not go away", { expr: () => !document.getElementById("briefing-error-overlay"), arg: null });
      if (late) problems.push(late);
      const back = await waitFor(`the heading did not return to "${card.title}"`, h1Is(card.title));
      if (back) problems.push(`${back}; it reads "${await h1()}"`);
      if (await marked()) problems.push("the page did not reload after the good save");
      const body = (await page.locator("main").innerText()).trim();
      if (body.length < 200) problems.push(`after the good save the page's main text is ${body.length} characters: ${body.slice(0, 200)}`);
      if (await page.locator("#briefing-error-overlay").count()) problems.push("the overlay is still there");
      await page.waitForTimeout(300); // a late console error
      problems.push(...s.errors);
      s.errors.length = 0;
    });
  } finally {
    if (fs.readFileSync(file, "utf8") !== original) fs.writeFileSync(file, original);
    await s.close();
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60000 });
  console.log(`# ${CHROMIUM} ${browser.version()}, axe-core ${JSON.parse(fs.readFileSync(require.resolve("axe-core/package.json"), "utf8")).version}`);
  try {
    for (const site of opts.sites) {
      let d;
      const ok = await check(`[${site.name}] choose the pages to test (${site.url})`, async () => {
        d = await discover(site);
      });
      if (!ok) continue;
      console.log(`# [${site.name}] pages: ${d.pages.map(([l, w]) => `${l} ${w}`).join(", ")}`);
      for (const [label, where] of d.pages) await pageChecks(site, label, where);
      await journeyCheck(site, d);
      await searchCheck(site, d);
      await noScriptCheck(site);
      await keyboardCheck(site, d);
      await mediaChecks({ browser: () => browser, open, abs, check }, site, opts.screenshotSite === site.name ? opts.screenshots : null);
      await emailChecks(site, d, opts.screenshots && opts.screenshotSite === site.name ? opts.screenshots : null);
      if (opts.screenshots && opts.screenshotSite === site.name) await screenshots(site, d, opts.screenshots);
      // `briefing serve` gets everything above, plus live reload; static output must have none of it.
      if (opts.serve.has(site.name)) await liveReloadChecks(site, opts.serve.get(site.name), d);
      else await noLiveReloadCheck(site);
    }
  } finally {
    await browser.close();
  }
  console.log(`# browser: ${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch(async (e) => {
  console.log(`not ok - the browser checks ran to the end\n    ${firstLine(e)}`);
  if (browser) await browser.close().catch(() => {});
  process.exitCode = 1;
});
