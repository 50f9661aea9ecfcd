/* briefing: the search page's client.
 *
 * Loads search/meta.json and the shards it lists (newest briefings first),
 * and searches them in the browser: no server, no framework, no requests to
 * anywhere else. The pure part (folding, matching, ranking, filtering, URL
 * parameters) works under Node too, for tests; the DOM part runs only when
 * there is a document.
 */
(function () {
  "use strict";

  var PAGE_SIZE = 50;
  var DEBOUNCE_MS = 120;
  var PARAMS = ["q", "company", "topic", "author", "year"];

  /* ---------- Pure functions ---------- */

  /** Lowercase, decompose and drop combining marks: "Société" -> "societe". */
  function fold(text) {
    return String(text == null ? "" : text)
      .toLowerCase()
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[\u2018\u2019\u02bc]/g, "'");
  }

  /** Folded text with every run of non-letters/digits turned into one space. */
  function simplify(text) {
    return fold(text).replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  /** The query's words, folded, without surrounding sentence punctuation, unique. */
  function tokenize(query) {
    var seen = Object.create(null);
    var words = [];
    fold(query)
      .split(/\s+/)
      .forEach(function (word) {
        var w = word.replace(/^["'(\[«“]+|[.,;:!?"')\]»”]+$/g, "");
        if (w && !seen[w]) {
          seen[w] = true;
          words.push(w);
        }
      });
    return words;
  }

  function nameAt(pairs, index) {
    var pair = pairs && pairs[index];
    return pair ? String(pair[1]) : "";
  }

  /** Turns shard rows (see docs/search-index.md) into searchable records. */
  function prepare(meta, rows, start) {
    var offset = start || 0;
    return (rows || []).map(function (row, i) {
      var title = String(row[0] || "");
      var summary = String(row[4] || "");
      var highlights = (row[5] || []).map(String);
      var companies = row[6] || [];
      var topics = row[7] || [];
      var authors = row[8] || [];
      var companyNames = companies.map(function (c) { return nameAt(meta.companies, c); });
      var topicNames = topics.map(function (t) { return nameAt(meta.topics, t); });
      var authorNames = authors.map(function (a) { return nameAt(meta.authors, a); });
      var date = String(row[2] || "");
      return {
        title: title,
        url: String(row[1] || ""),
        date: date,
        dateDisplay: String(row[3] || date),
        summary: summary,
        highlights: highlights,
        companies: companies,
        topics: topics,
        authors: authors,
        year: date.slice(0, 4),
        order: offset + i,
        foldedTitle: fold(title),
        simpleTitle: simplify(title),
        haystack: fold(
          [
            title,
            summary,
            highlights.join("\n"),
            companyNames.join("\n"),
            topicNames.join("\n"),
            authorNames.join("\n")
          ].join("\n")
        )
      };
    });
  }

  function indexOfSlug(pairs, slug) {
    for (var i = 0; i < (pairs || []).length; i++) {
      if (pairs[i][0] === slug) return i;
    }
    return -1;
  }

  /** Normalises {q, company, topic, author, year} into what `search` compares against. */
  function compile(meta, params) {
    var p = params || {};
    var words = tokenize(p.q || "");
    var filter = {
      company: p.company ? indexOfSlug(meta.companies, String(p.company)) : null,
      topic: p.topic ? indexOfSlug(meta.topics, String(p.topic)) : null,
      author: p.author ? indexOfSlug(meta.authors, String(p.author)) : null,
      year: p.year ? String(p.year) : null
    };
    return {
      words: words,
      phrase: simplify(p.q || ""),
      filter: filter,
      active:
        words.length > 0 ||
        filter.company !== null ||
        filter.topic !== null ||
        filter.author !== null ||
        filter.year !== null
    };
  }

  function passesFilter(record, filter) {
    if (filter.company !== null && record.companies.indexOf(filter.company) === -1) return false;
    if (filter.topic !== null && record.topics.indexOf(filter.topic) === -1) return false;
    if (filter.author !== null && record.authors.indexOf(filter.author) === -1) return false;
    if (filter.year !== null && record.year !== filter.year) return false;
    return true;
  }

  /** True when every word appears in the title, summary, highlights, companies, topics or authors. */
  function matches(record, words) {
    for (var i = 0; i < words.length; i++) {
      if (record.haystack.indexOf(words[i]) === -1) return false;
    }
    return true;
  }

  function rank(record, compiled) {
    var titleHits = 0;
    compiled.words.forEach(function (w) {
      if (record.foldedTitle.indexOf(w) !== -1) titleHits++;
    });
    var phrase = compiled.phrase;
    return {
      record: record,
      exact: phrase !== "" && record.simpleTitle === phrase ? 1 : 0,
      contains: phrase !== "" && record.simpleTitle.indexOf(phrase) !== -1 ? 1 : 0,
      titleHits: titleHits
    };
  }

  /** Exact title first, then title containing the query, then title-word hits, then newest. */
  function compareRanked(a, b) {
    if (a.exact !== b.exact) return b.exact - a.exact;
    if (a.contains !== b.contains) return b.contains - a.contains;
    if (a.titleHits !== b.titleHits) return b.titleHits - a.titleHits;
    if (a.record.date !== b.record.date) return a.record.date < b.record.date ? 1 : -1;
    return a.record.order - b.record.order;
  }

  /**
   * The records matching `params` ({q, company, topic, author, year}), best first.
   * An empty query with a filter lists that filter's briefings newest first;
   * an empty query and no filter finds nothing.
   */
  function search(records, meta, params) {
    return rankAll(records, meta, params).map(function (r) { return r.record; });
  }

  /** Like `search`, but keeps the ranking keys, for `mergeRanked`. */
  function rankAll(records, meta, params) {
    var compiled = compile(meta, params);
    if (!compiled.active) return [];
    var ranked = [];
    for (var i = 0; i < records.length; i++) {
      var record = records[i];
      if (passesFilter(record, compiled.filter) && matches(record, compiled.words)) {
        ranked.push(rank(record, compiled));
      }
    }
    ranked.sort(compareRanked);
    return ranked;
  }

  /**
   * Merges two ranked lists (from `rankAll`) into one, in rank order, keeping
   * the relative order of each: results found in a later shard slot in
   * between the ones already shown without moving those.
   */
  function mergeRanked(a, b) {
    var out = [];
    var i = 0;
    var j = 0;
    while (i < a.length && j < b.length) {
      if (compareRanked(b[j], a[i]) < 0) out.push(b[j++]);
      else out.push(a[i++]);
    }
    while (i < a.length) out.push(a[i++]);
    while (j < b.length) out.push(b[j++]);
    return out;
  }

  /** Ranges [start, end) of `text` where the folded query words occur, merged. */
  function markRanges(text, words) {
    var source = String(text);
    if (!words || !words.length) return [];
    var folded = "";
    var owner = [];
    for (var i = 0; i < source.length; ) {
      var ch = String.fromCodePoint(source.codePointAt(i));
      var f = fold(ch);
      for (var k = 0; k < f.length; k++) owner.push(i);
      folded += f;
      i += ch.length;
    }
    owner.push(source.length);
    var ranges = [];
    words.forEach(function (word) {
      var from = 0;
      var at;
      while (word && (at = folded.indexOf(word, from)) !== -1) {
        ranges.push([owner[at], owner[at + word.length]]);
        from = at + word.length;
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return merged;
  }

  /** The highlight that best explains a match, when the title alone does not. */
  function matchedHighlight(record, words) {
    if (!words.length) return "";
    var best = "";
    var bestHits = 0;
    var titleAndSummary = fold(record.title + "\n" + record.summary);
    var missing = words.filter(function (w) { return titleAndSummary.indexOf(w) === -1; });
    if (!missing.length) return "";
    record.highlights.forEach(function (h) {
      var folded = fold(h);
      var hits = missing.filter(function (w) { return folded.indexOf(w) !== -1; }).length;
      if (hits > bestHits) {
        best = h;
        bestHits = hits;
      }
    });
    return best;
  }

  /** {q, company, topic, author, year} from a query string such as location.search. */
  function readParams(queryString) {
    var sp = new URLSearchParams(queryString || "");
    var params = {};
    PARAMS.forEach(function (name) {
      params[name] = (sp.get(name) || "").trim();
    });
    return params;
  }

  /** "?q=…&company=…" with empty values left out, or "" when all are empty. */
  function writeParams(params) {
    var sp = new URLSearchParams();
    PARAMS.forEach(function (name) {
      var value = String((params && params[name]) || "").trim();
      if (value) sp.set(name, value);
    });
    var s = sp.toString();
    return s ? "?" + s : "";
  }

  /**
   * The weekly digests (meta.digests: [route, title, dates], newest first)
   * whose title, dates or key hold every word of the query ("week 5",
   * "january 2024", "2024-w05"), at most `limit`.
   */
  function matchDigests(meta, words, limit) {
    if (!words.length || !meta || !meta.digests) return [];
    var found = [];
    for (var i = 0; i < meta.digests.length && found.length < limit; i++) {
      var d = meta.digests[i];
      var key = String(d[0]).replace(/^.*?(\d{4}-w\d{2}).*$/, "$1");
      var text = fold(d[1] + " " + d[2] + " " + key);
      var all = words.every(function (w) { return new RegExp("(^|[^\\p{L}\\p{N}])" + w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "($|[^\\p{L}\\p{N}])", "u").test(text); });
      if (all) found.push({ url: d[0], title: String(d[1]), dates: String(d[2]) });
    }
    return found;
  }

  /** Joins the site's base path and a path relative to it. */
  function siteUrl(basePath, relative) {
    var base = basePath || "/";
    if (base.charAt(base.length - 1) !== "/") base += "/";
    return base + String(relative || "").replace(/^\/+/, "");
  }

  var api = {
    fold: fold,
    simplify: simplify,
    tokenize: tokenize,
    prepare: prepare,
    compile: compile,
    matches: matches,
    search: search,
    rankAll: rankAll,
    mergeRanked: mergeRanked,
    markRanges: markRanges,
    matchedHighlight: matchedHighlight,
    readParams: readParams,
    writeParams: writeParams,
    siteUrl: siteUrl,
    matchDigests: matchDigests,
    PAGE_SIZE: PAGE_SIZE
  };

  /* ---------- The page ---------- */

  function start(doc, win) {
    var root = doc.querySelector("[data-meta-url]");
    if (!root) return;
    var form = root.querySelector("form");
    var input = form.querySelector("input[name=q]");
    var selects = {
      company: form.querySelector("select[name=company]"),
      topic: form.querySelector("select[name=topic]"),
      author: form.querySelector("select[name=author]"),
      year: form.querySelector("select[name=year]")
    };
    var status = doc.getElementById("search-status");
    var list = doc.getElementById("search-results");
    var more = doc.getElementById("search-more");
    var basePath = root.getAttribute("data-base-path") || "/";
    var metaUrl = new URL(root.getAttribute("data-meta-url"), win.location.href);
    var lang = doc.documentElement.lang || "en";

    var state = {
      meta: null,
      records: [],
      loading: true,
      failed: false,
      params: readParams(win.location.search),
      words: [],
      results: [],
      limit: PAGE_SIZE,
      rendered: new Map()
    };
    var timer = null;

    input.value = state.params.q;

    function number(n) {
      try {
        return n.toLocaleString(lang);
      } catch (e) {
        return String(n);
      }
    }

    function plural(n, one, many) {
      return number(n) + " " + (n === 1 ? one : many);
    }

    function formParams() {
      return {
        q: input.value.trim(),
        company: selects.company.value,
        topic: selects.topic.value,
        author: selects.author ? selects.author.value : "",
        year: selects.year.value
      };
    }

    function fillSelect(select, pairs) {
      pairs.forEach(function (pair) {
        var option = doc.createElement("option");
        option.value = String(pair[0]);
        option.textContent = String(pair[1]);
        select.appendChild(option);
      });
    }

    function setSelect(select, value) {
      select.value = value;
      if (select.value !== value) select.value = "";
    }

    function appendMarked(parent, text, words) {
      var source = String(text);
      var at = 0;
      markRanges(source, words).forEach(function (r) {
        if (r[0] > at) parent.appendChild(doc.createTextNode(source.slice(at, r[0])));
        var mark = doc.createElement("mark");
        mark.textContent = source.slice(r[0], r[1]);
        parent.appendChild(mark);
        at = r[1];
      });
      if (at < source.length) parent.appendChild(doc.createTextNode(source.slice(at)));
    }

    function chips(kind, indexes, pairs) {
      var ul = doc.createElement("ul");
      ul.className = "chips chips-" + kind;
      indexes.forEach(function (i) {
        var pair = pairs[i];
        if (!pair) return;
        var li = doc.createElement("li");
        var a = doc.createElement("a");
        a.className = "chip";
        a.href = siteUrl(basePath, (kind === "company" ? "companies/" : "topics/") + pair[0] + "/");
        a.textContent = String(pair[1]);
        li.appendChild(a);
        ul.appendChild(li);
      });
      return ul;
    }

    /** "By A, B and C", each name a link to the author's page (as partials/byline.html). */
    function byline(indexes, pairs) {
      var span = doc.createElement("span");
      span.className = "byline";
      span.appendChild(doc.createTextNode("By "));
      var shown = indexes.filter(function (i) { return pairs[i]; });
      shown.forEach(function (i, n) {
        if (n > 0) span.appendChild(doc.createTextNode(n === shown.length - 1 ? " and " : ", "));
        var a = doc.createElement("a");
        a.href = siteUrl(basePath, "authors/" + pairs[i][0] + "/");
        a.rel = "author";
        a.textContent = String(pairs[i][1]);
        span.appendChild(a);
      });
      return shown.length ? span : null;
    }

    function renderResult(record) {
      var li = doc.createElement("li");
      li.className = "card search-result";

      var meta = doc.createElement("p");
      meta.className = "card-meta";
      var time = doc.createElement("time");
      time.setAttribute("datetime", record.date);
      time.textContent = record.dateDisplay;
      meta.appendChild(time);
      var by = byline(record.authors, state.meta.authors || []);
      if (by) meta.appendChild(by);
      li.appendChild(meta);

      var body = doc.createElement("div");
      body.className = "card-body";
      var h = doc.createElement("h3");
      h.className = "card-title";
      var a = doc.createElement("a");
      a.href = siteUrl(basePath, record.url);
      appendMarked(a, record.title, state.words);
      h.appendChild(a);
      body.appendChild(h);

      if (record.summary) {
        var p = doc.createElement("p");
        p.className = "card-summary";
        appendMarked(p, record.summary, state.words);
        body.appendChild(p);
      }

      var highlight = matchedHighlight(record, state.words);
      if (highlight) {
        var hp = doc.createElement("p");
        hp.className = "search-result-highlight";
        appendMarked(hp, highlight, state.words);
        body.appendChild(hp);
      }

      if (record.companies.length || record.topics.length) {
        var tags = doc.createElement("div");
        tags.className = "tags";
        if (record.companies.length) tags.appendChild(chips("company", record.companies, state.meta.companies));
        if (record.topics.length) tags.appendChild(chips("topic", record.topics, state.meta.topics));
        body.appendChild(tags);
      }
      li.appendChild(body);
      return li;
    }

    /**
     * Puts the first `limit` results on the page: items already shown stay
     * where they are, missing ones are inserted at their rank. Returns the
     * first new item, if any.
     */
    function sync() {
      var first = null;
      var cursor = list.firstChild;
      var end = Math.min(state.results.length, state.limit);
      for (var i = 0; i < end; i++) {
        var record = state.results[i].record;
        var item = state.rendered.get(record);
        if (item) {
          cursor = item.nextSibling;
          continue;
        }
        item = renderResult(record);
        state.rendered.set(record, item);
        list.insertBefore(item, cursor);
        if (!first) first = item;
      }
      var left = state.results.length - end;
      more.hidden = left <= 0;
      if (left > 0) more.textContent = "Show " + number(Math.min(left, PAGE_SIZE)) + " more";
      return first;
    }

    function setStatus(text) {
      if (status.textContent !== text) status.textContent = text;
    }

    function updateStatus() {
      if (state.failed) {
        setStatus("The search index could not be loaded. Reload the page to try again.");
        return;
      }
      if (!state.meta) {
        setStatus("Loading the search index…");
        return;
      }
      var compiled = compile(state.meta, state.params);
      if (!compiled.active) {
        setStatus(
          "Type a word, or pick a company, topic or year, to search " +
            plural(state.meta.count || state.records.length, "briefing", "briefings") +
            "."
        );
        return;
      }
      var n = state.results.length;
      var text = n ? plural(n, "result", "results") : "No results";
      if (state.loading) text += (n ? " so far" : " yet") + ". Searching older briefings…";
      else if (!n) text += ". Try fewer or different words, or remove a filter.";
      setStatus(text);
    }

    /** Runs the search from scratch for the form's current values. */
    function run() {
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
      state.params = formParams();
      var query = writeParams(state.params);
      if (win.history && win.history.replaceState) {
        win.history.replaceState(null, "", win.location.pathname + query + win.location.hash);
      }
      if (!state.meta) return;
      state.words = tokenize(state.params.q);
      state.results = rankAll(state.records, state.meta, state.params);
      state.limit = PAGE_SIZE;
      state.rendered = new Map();
      list.textContent = "";
      showDigests();
      sync();
      updateStatus();
    }

    /** Links to the weekly digests the query names, above the results. */
    function showDigests() {
      var slot = doc.getElementById("search-digests");
      if (!slot) return;
      var found = matchDigests(state.meta, state.words, 5);
      slot.textContent = "";
      slot.hidden = !found.length;
      if (!found.length) return;
      slot.appendChild(doc.createTextNode("Weekly digest: "));
      found.forEach(function (d, n) {
        if (n) slot.appendChild(doc.createTextNode(" · "));
        var a = doc.createElement("a");
        a.href = siteUrl(basePath, d.url);
        a.textContent = d.title;
        slot.appendChild(a);
        slot.appendChild(doc.createTextNode(" (" + d.dates + ")"));
      });
    }

    /** Adds a newly loaded shard's matches without removing what is shown. */
    function addRecords(records) {
      state.records = state.records.concat(records);
      var found = rankAll(records, state.meta, state.params);
      if (!found.length) return;
      state.results = mergeRanked(state.results, found);
      // Whatever is on the page stays on the page, even if pushed down.
      for (var i = state.results.length - 1; i >= state.limit; i--) {
        if (state.rendered.has(state.results[i].record)) {
          state.limit = i + 1;
          break;
        }
      }
      sync();
    }

    function fetchJson(url) {
      return win.fetch(url.href, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error(url.href + ": HTTP " + response.status);
        return response.json();
      });
    }

    function loadShards(meta) {
      var shards = meta.shards || [];
      var i = 0;
      function next() {
        if (i >= shards.length) return Promise.resolve();
        var url = new URL(shards[i], metaUrl);
        return fetchJson(url).then(function (rows) {
          var records = prepare(meta, rows, state.records.length);
          if (i === 0) {
            state.meta = meta;
            state.records = records;
            state.loading = shards.length > 1;
            run();
          } else {
            addRecords(records);
          }
          i++;
          if (i >= shards.length) state.loading = false;
          updateStatus();
          return next();
        });
      }
      return next();
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run();
    });
    input.addEventListener("input", function () {
      if (timer) clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    });
    Object.keys(selects).forEach(function (name) {
      if (selects[name]) selects[name].addEventListener("change", run);
    });
    more.addEventListener("click", function () {
      state.limit += PAGE_SIZE;
      var first = sync();
      if (first) {
        var link = first.querySelector("a");
        if (link) link.focus();
      }
    });

    updateStatus();
    fetchJson(metaUrl)
      .then(function (meta) {
        fillSelect(selects.company, meta.companies || []);
        fillSelect(selects.topic, meta.topics || []);
        if (selects.author && (meta.authors || []).length) {
          fillSelect(selects.author, meta.authors);
          selects.author.closest(".search-filter").hidden = false;
        }
        fillSelect(
          selects.year,
          (meta.years || []).map(function (y) { return [String(y), String(y)]; })
        );
        setSelect(selects.company, state.params.company);
        setSelect(selects.topic, state.params.topic);
        if (selects.author) setSelect(selects.author, state.params.author);
        setSelect(selects.year, state.params.year);
        if (!(meta.shards || []).length) {
          state.meta = meta;
          state.loading = false;
          run();
          return undefined;
        }
        return loadShards(meta);
      })
      .catch(function (error) {
        state.failed = true;
        state.loading = false;
        updateStatus();
        if (win.console) win.console.error(error);
      });
  }

  if (typeof document !== "undefined" && typeof window !== "undefined") {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", function () { start(document, window); });
    } else {
      start(document, window);
    }
  }

  if (typeof module !== "undefined" && module.exports) module.exports = api;
})();
