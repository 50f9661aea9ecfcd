// Checks templates/search.js against a real built index: the folder given as
// the first argument is a site's output. Every briefing is found first by its
// exact title; a company filter returns exactly that company's briefings.
"use strict";

const fs = require("fs");
const path = require("path");

const client = require(path.join(__dirname, "..", "..", "templates", "search.js"));
const out = process.argv[2];
const load = (name) => JSON.parse(fs.readFileSync(path.join(out, "search", name), "utf8"));
const meta = load("meta.json");

let records = [];
for (const shard of meta.shards) {
  records = records.concat(client.prepare(meta, load(shard), records.length));
}

let failures = 0;
const fail = (message) => {
  failures++;
  if (failures <= 20) console.log(`FAIL ${message}`);
};

if (records.length !== meta.count) fail(`loaded ${records.length} records, meta says ${meta.count}`);

for (const record of records) {
  const results = client.search(records, meta, { q: record.title });
  if (results.length === 0 || results[0].title !== record.title) {
    fail(`exact title ${JSON.stringify(record.title)} ranks ${JSON.stringify(results[0] && results[0].title)} first`);
  }
}

meta.companies.forEach(([slug], index) => {
  const expected = records.filter((r) => r.companies.includes(index)).map((r) => r.url).sort();
  const got = client.search(records, meta, { q: "", company: slug }).map((r) => r.url).sort();
  if (JSON.stringify(got) !== JSON.stringify(expected)) fail(`company filter ${slug}: ${got.length} results, expected ${expected.length}`);
});

console.log(`${records.length} titles, ${meta.companies.length} company filters checked, ${failures} failures`);
process.exit(failures === 0 ? 0 : 1);
