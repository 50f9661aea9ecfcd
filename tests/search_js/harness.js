// Checks the pure part of templates/search.js on the fixture index in this
// folder (meta.json + two shards, as docs/search-index.md describes).
// Prints one line per check; exits non-zero when any check fails.
"use strict";

const fs = require("fs");
const path = require("path");

const client = require(path.join(__dirname, "..", "..", "templates", "search.js"));

const load = (name) => JSON.parse(fs.readFileSync(path.join(__dirname, name), "utf8"));
const meta = load("meta.json");

// Load the shards in order, as the page does, numbering records across shards.
let records = [];
for (const shard of meta.shards) {
  records = records.concat(client.prepare(meta, load(shard), records.length));
}

let failures = 0;
function check(name, actual, expected) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a === e) {
    console.log(`ok   ${name}`);
  } else {
    failures++;
    console.log(`FAIL ${name}\n     expected ${e}\n     got      ${a}`);
  }
}

const titles = (params) => client.search(records, meta, params).map((r) => r.title);
const urls = (params) => client.search(records, meta, params).map((r) => r.url);

check("both shards are loaded", records.length, 7);

check("an exact title match comes first, even from an older shard", titles({ q: "huawei" })[0], "Huawei");
check("exact title match ignores case and punctuation", titles({ q: "  APPLE unveils the iPhone 15. " })[0], "Apple unveils the iPhone 15");
check("title containing the query ranks before other matches, newest first", titles({ q: "huawei" }), [
  "Huawei",
  "Huawei reclaims the top spot in China",
  "Apple sales slip in China as Huawei returns",
  "Huawei Mate 60 surprises with a 7 nm chip",
]);
check("results come from both shards", urls({ q: "huawei" }).filter((u) => u === "briefings/huawei-reclaims-top-spot/" || u === "briefings/mate-60-chip/").length, 2);

check("diacritics are ignored in the text", titles({ q: "societe" }), ["Société Générale backs a chip fund"]);
check("diacritics are ignored in the query", titles({ q: "Générale" }), ["Société Générale backs a chip fund"]);
check("decomposed accents in the query fold too", titles({ q: "Socie\u0301te\u0301" }), ["Société Générale backs a chip fund"]);

check("every word must match (AND), across title and highlights", titles({ q: "huawei chip" }), [
  "Huawei Mate 60 surprises with a 7 nm chip",
  "Huawei reclaims the top spot in China",
]);
check("a word that matches nothing empties the results", titles({ q: "huawei banana" }), []);
check("company and topic names are searched", titles({ q: "sanctions" }), [
  "Huawei reclaims the top spot in China",
  "Huawei Mate 60 surprises with a 7 nm chip",
]);
check("highlights are searched", titles({ q: "lightning" }), ["Apple unveils the iPhone 15"]);

check("a company filter restricts the results", titles({ q: "huawei", company: "apple" }), [
  "Huawei reclaims the top spot in China",
  "Apple sales slip in China as Huawei returns",
]);
check("a company filter with no overlap finds nothing", titles({ q: "huawei", company: "xiaomi" }), []);
check("an unknown company slug finds nothing", titles({ q: "huawei", company: "nokia" }), []);
check("author names are searched", titles({ q: "fischer" }), ["Apple sales slip in China as Huawei returns"]);
check("an author filter lists their briefings newest first", titles({ author: "li-wei" }), [
  "Huawei reclaims the top spot in China",
  "Apple sales slip in China as Huawei returns",
]);
check("an author filter combines with a query", titles({ q: "reclaims", author: "maya-fischer" }), []);
check("a row without authors has none", records[2].authors, []);
check("a topic filter restricts the results", titles({ q: "huawei", topic: "chips" }), [
  "Huawei Mate 60 surprises with a 7 nm chip",
]);
check("a year filter restricts the results", titles({ q: "huawei", year: "2023" }), [
  "Huawei",
  "Huawei Mate 60 surprises with a 7 nm chip",
]);
check("filters combine (AND)", titles({ company: "huawei", topic: "us-sanctions", year: "2024" }), [
  "Huawei reclaims the top spot in China",
]);

check("an empty query with a company filter lists it newest first", titles({ q: "", company: "apple" }), [
  "Huawei reclaims the top spot in China",
  "Apple sales slip in China as Huawei returns",
  "Apple unveils the iPhone 15",
]);
check("an empty query with a year filter lists it newest first", urls({ year: "2024" }), [
  "briefings/huawei-reclaims-top-spot/",
  "briefings/apple-sales-slip/",
  "briefings/societe-generale-chip-fund/",
  "briefings/xiaomi-first-car/",
]);
check("an empty query and no filter finds nothing", titles({ q: "  ", company: "", topic: "", year: "" }), []);

{
  // The page ranks shard 0, then merges each later shard's matches in.
  const shard0 = client.prepare(meta, load("index-0.json"), 0);
  const shard1 = client.prepare(meta, load("index-1.json"), shard0.length);
  for (const params of [{ q: "huawei" }, { q: "chip" }, { company: "apple" }, { q: "china", year: "2024" }]) {
    const merged = client.mergeRanked(client.rankAll(shard0, meta, params), client.rankAll(shard1, meta, params));
    check(`merging shard results ranks like one search (${JSON.stringify(params)})`, merged.map((r) => r.record.title), titles(params));
  }
}

check("fold drops case and accents", client.fold("Société GÉNÉRALE"), "societe generale");
check("tokenize drops sentence punctuation and repeats", client.tokenize("“Huawei,” huawei c++"), ["huawei", "c++"]);
check("markRanges maps folded matches back to the original text", client.markRanges("Société Générale", ["societe", "gen"]), [[0, 7], [8, 11]]);
check("readParams reads the shareable URL", client.readParams("?q=mate+60&company=huawei&year=2023"), {
  q: "mate 60",
  company: "huawei",
  topic: "",
  author: "",
  year: "2023",
});
check("readParams reads the author", client.readParams("?author=li-wei").author, "li-wei");
check("writeParams omits empty values", client.writeParams({ q: "mate 60", company: "", topic: "chips", year: "" }), "?q=mate+60&topic=chips");
check("writeParams of nothing is empty", client.writeParams({ q: "", company: "", topic: "", year: "" }), "");
check("siteUrl prefixes the base path", client.siteUrl("/briefs/", "briefings/x/"), "/briefs/briefings/x/");

{
  const digests = { digests: [["digest/2024-w05/", "Week 5, 2024", "29 January – 4 February 2024"], ["digest/2023-w50/", "Week 50, 2023", "11–17 December 2023"]] };
  const find = (q) => client.matchDigests(digests, client.tokenize(q), 5).map((d) => d.url);
  check("a digest is found by its week", find("week 5"), ["digest/2024-w05/"]);
  check("a week number matches whole numbers only", find("week 50"), ["digest/2023-w50/"]);
  check("a digest is found by its month", find("January"), ["digest/2024-w05/"]);
  check("a digest is found by its key", find("2023-w50"), ["digest/2023-w50/"]);
  check("every word must match", find("week december 2024"), []);
  check("no query, no digests", find(""), []);
  check("an index without digests has none", client.matchDigests({}, ["week"], 5), []);
}

if (failures) {
  console.log(`${failures} check(s) failed`);
  process.exit(1);
}
console.log("all checks passed");
