// Real-browser checks of a site's images and social cards, run by browser.mjs
// for every site that has them:
//   - responsive images: at 390 px (3x, a phone) and at 1280 px (1x) Chromium
//     takes the hero from the WebP <source>, in a width that is sharp on that
//     screen and no wider than needed among the srcset's widths;
//   - no layout shift: with every image held back for a while, each <img> has
//     its final height before its bytes arrive, and the page's cumulative
//     layout shift, each image loading where it is seen, stays 0;
//   - social cards: each briefing page's og:image is a file of the site that
//     Chromium decodes at 1200x630 (copied to the screenshots folder, if any,
//     to be looked at).

import fs from "node:fs";
import path from "node:path";

const HOLD_MS = 700;

/** The output files of `site` (relative paths of briefing pages) that match `test`. */
function briefingPages(site, test, limit) {
  const dir = path.join(site.dir, "briefings");
  const found = [];
  for (const slug of fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []) {
    const file = path.join(dir, slug, "index.html");
    if (!fs.existsSync(file)) continue;
    if (test(fs.readFileSync(file, "utf8"))) found.push(`/briefings/${slug}/`);
    if (found.length >= limit) break;
  }
  return found;
}

/** The pages worth opening: a briefing with a hero, one with a body image, and a few with cards. */
export function mediaPages(site) {
  return {
    hero: briefingPages(site, (html) => html.includes('<figure class="hero"'), 1)[0] || null,
    inline: briefingPages(site, (html) => /<div class="prose">[\s\S]*<picture>/.test(html), 1)[0] || null,
    cards: briefingPages(site, (html) => html.includes('property="og:image"'), 6),
  };
}

/** `URL 480w, URL 960w` -> [{url, w}], sorted by width. */
function candidates(srcset) {
  return srcset
    .split(",")
    .map((c) => c.trim().split(/\s+/))
    .filter((p) => p.length === 2 && p[1].endsWith("w"))
    .map(([url, w]) => ({ url, w: parseInt(w, 10) }))
    .sort((a, b) => a.w - b.w);
}

async function heroChoice(ctx, url) {
  const page = await ctx.newPage();
  await page.goto(url, { waitUntil: "load" });
  return page.evaluate(() => {
    const img = document.querySelector("figure.hero img");
    if (!img) return null;
    const source = img.parentElement.querySelector('source[type="image/webp"]');
    return {
      current: img.currentSrc,
      complete: img.complete && img.naturalWidth > 0,
      slot: img.getBoundingClientRect().width,
      dpr: window.devicePixelRatio,
      webp: source ? source.getAttribute("srcset") : "",
    };
  });
}

async function responsiveCheck(env, site, where) {
  const devices = [
    ["phone 390 px at 3x", { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true }],
    ["desktop 1280 px at 1x", { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 }],
  ];
  for (const [label, device] of devices) {
    await env.check(`[${site.name}] responsive hero, ${label} (${where}): WebP, sharp, no wider than needed`, async (problems, notes) => {
      const ctx = await env.browser().newContext(device);
      try {
        const c = await heroChoice(ctx, env.abs(site, where));
        if (!c) return problems.push("no hero <img>");
        if (!c.complete) problems.push("the hero did not load");
        const webp = candidates(c.webp).map((x) => ({ ...x, url: new URL(x.url, env.abs(site, where)).href }));
        const chosen = webp.find((x) => x.url === c.current);
        if (!chosen) return problems.push(`the hero shows ${c.current}, not one of the WebP <source>'s widths`);
        const needed = c.slot * c.dpr;
        const largest = webp[webp.length - 1];
        const smallestSharp = webp.find((x) => x.w >= needed) || largest;
        // Chromium may take a slightly smaller one when it is close enough (its
        // geometric-mean rule), never one less than 3/4 of what the screen needs.
        if (chosen.w < Math.min(needed * 0.75, largest.w)) problems.push(`${chosen.w} px wide for ${Math.round(needed)} device pixels: blurry`);
        if (chosen.w > smallestSharp.w) problems.push(`${chosen.w} px wide where ${smallestSharp.w} is enough for ${Math.round(needed)} device pixels`);
        notes.push(`shown ${Math.round(c.slot)} CSS px at ${c.dpr}x: took the ${chosen.w} px WebP of ${webp.map((x) => x.w).join("/")}`);
      } finally {
        await ctx.close();
      }
    });
  }
}

async function layoutShiftCheck(env, site, where) {
  await env.check(`[${site.name}] images held back ${HOLD_MS} ms (${where}): every image keeps its box, no layout shift`, async (problems, notes) => {
    const ctx = await env.browser().newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      await ctx.route(/\.(png|jpe?g|webp|gif|svg)$/, async (route) => {
        await new Promise((r) => setTimeout(r, HOLD_MS));
        await route.continue();
      });
      const page = await ctx.newPage();
      await page.addInitScript(() => {
        window.__shift = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
        }).observe({ type: "layout-shift", buffered: true });
      });
      await page.goto(env.abs(site, where), { waitUntil: "domcontentloaded" });
      // Measured once the stylesheet applies, while the images are still held back.
      await page.waitForFunction(() => [...document.querySelectorAll('link[rel="stylesheet"]')].every((l) => l.sheet));
      const boxes = await page.evaluate(() =>
        [...document.querySelectorAll("main img")].map((img) => ({
          src: img.getAttribute("src"),
          loaded: img.complete && img.naturalWidth > 0,
          w: img.getBoundingClientRect().width,
          h: img.getBoundingClientRect().height,
          ratio: img.hasAttribute("width") && img.hasAttribute("height") ? img.getAttribute("height") / img.getAttribute("width") : null,
        }))
      );
      if (!boxes.length) problems.push("no image in <main>");
      for (const b of boxes) {
        if (b.ratio === null) problems.push(`${b.src}: no width and height attributes`);
        else if (!b.loaded && Math.abs(b.h - b.w * b.ratio) > 1.5) problems.push(`${b.src}: ${Math.round(b.w)}x${Math.round(b.h)} before it loads, not its ${b.ratio.toFixed(3)} ratio`);
      }
      notes.push(`${boxes.filter((b) => !b.loaded).length} of ${boxes.length} images were still loading when the boxes were measured`);
      // Scroll anchoring would hide a shift above the viewport, so each image
      // loads where it is seen: first those on the first screen, then each of
      // the others scrolled to the middle of the screen before its bytes come.
      const inView = () =>
        [...document.querySelectorAll("main img")]
          .filter((i) => i.getBoundingClientRect().top < window.innerHeight)
          .every((i) => i.complete);
      await page.waitForFunction(inView, null, { timeout: 15000 });
      const count = boxes.length;
      for (let n = 0; n < count; n++) {
        const pending = await page.evaluate((n) => {
          const img = document.querySelectorAll("main img")[n];
          if (!img || img.complete) return false;
          img.scrollIntoView({ block: "center" });
          return true;
        }, n);
        if (pending) await page.waitForFunction((n) => document.querySelectorAll("main img")[n].complete, n, { timeout: 15000 });
      }
      await page.waitForTimeout(200);
      const shift = await page.evaluate(() => window.__shift);
      if (shift > 0.001) problems.push(`cumulative layout shift ${shift.toFixed(4)} while images loaded`);
      notes.push(`cumulative layout shift ${shift.toFixed(4)}`);
    } finally {
      await ctx.close();
    }
  });
}

async function cardsCheck(env, site, pages, shotsDir) {
  await env.check(`[${site.name}] social cards of ${pages.length} briefings: og:image is a file of the site, 1200x630 in Chromium`, async (problems, notes) => {
    const s = await env.open(site, null);
    try {
      for (const where of pages) {
        await s.page.goto(env.abs(site, where));
        const meta = await s.page.evaluate(() => ({
          image: document.querySelector('meta[property="og:image"]')?.content,
          canonical: document.querySelector('link[rel="canonical"]')?.href,
        }));
        // The site's configured base URL: the canonical link less this page's own path.
        const base = meta.canonical.slice(0, meta.canonical.length - where.length + 1);
        if (!meta.image || !meta.image.startsWith(base)) {
          problems.push(`${where}: og:image ${meta.image} is not under ${base}`);
          continue;
        }
        const rel = meta.image.slice(base.length);
        await s.page.goto(env.abs(site, "/" + rel));
        const size = await s.page.evaluate(() => {
          const img = document.images[0];
          return img ? [img.naturalWidth, img.naturalHeight] : null;
        });
        if (!size || size[0] !== 1200 || size[1] !== 630) problems.push(`${rel}: ${size ? size.join("x") : "no image"}`);
        if (shotsDir && /\.png$/.test(rel)) {
          fs.mkdirSync(shotsDir, { recursive: true });
          fs.copyFileSync(path.join(site.dir, rel), path.join(shotsDir, `card-${where.split("/").filter(Boolean).pop()}.png`));
        }
      }
      problems.push(...s.errors);
      notes.push(`${pages.length} cards decoded`);
    } finally {
      await s.close();
    }
  });
}

/**
 * Runs the image and card checks of `site`. `env` gives browser.mjs's plumbing:
 * { browser(), open, abs, check }. Returns quietly when the site has no images.
 */
export async function mediaChecks(env, site, shotsDir) {
  const m = mediaPages(site);
  if (m.hero) {
    await responsiveCheck(env, site, m.hero);
    await layoutShiftCheck(env, site, m.hero);
  }
  if (m.inline && m.inline !== m.hero) await layoutShiftCheck(env, site, m.inline);
  if (m.cards.length) await cardsCheck(env, site, m.cards, shotsDir);
}
