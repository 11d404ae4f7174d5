// Regenerates the offline movie catalog's derived files from its records:
//   htdocs/catalog/posters/<imdbID>.svg  one placeholder poster per record
//   htdocs/catalog/index.json           OMDb search-result list of every record, sorted by Title
//
// Run from the repository root after adding or editing htdocs/catalog/tt*.json:
//   node tools/make-posters.mjs
// Output is deterministic: the same records always give byte-identical files.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const catalog = path.join(root, "htdocs", "catalog");
const posters = path.join(catalog, "posters");

const xml = (s) =>
  String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&apos;");

// FNV-1a, 32-bit: a stable hash so each id always gets the same colours.
function fnv(s) {
  let h = 0x811c9dc5;
  for (const c of Buffer.from(s, "utf8")) h = Math.imul(h ^ c, 0x01000193) >>> 0;
  return h;
}

// Approximate advance widths (em) of DejaVu Sans Bold, the widest common sans-serif, so a
// line that fits here also fits in Arial, Liberation Sans or Helvetica.
const WIDE = { m: 1.04, w: 0.92, M: 1.0, W: 1.1, "&": 0.87, "\u2026": 1.0, "\u00b7": 0.38 };
const NARROW = { i: 0.34, j: 0.34, l: 0.34, I: 0.37, J: 0.37, f: 0.44, t: 0.48, r: 0.49,
  " ": 0.35, ".": 0.38, ",": 0.38, ":": 0.4, ";": 0.4, "'": 0.28, "!": 0.44, "-": 0.42 };
function charEm(c) {
  if (c in WIDE) return WIDE[c];
  if (c in NARROW) return NARROW[c];
  const base = c.normalize("NFD")[0];
  if (base !== c && (base in WIDE || base in NARROW)) return charEm(base);
  if (/[A-Z]/.test(base)) return 0.8;
  return 0.72;
}
const width = (s, size) => Array.from(s).reduce((w, c) => w + charEm(c) * size, 0);

// Greedy word wrap to lines at most `max` px wide at `size`; a word wider than a line is cut.
function wrap(text, size, max) {
  const lines = [];
  let cur = "";
  for (let word of text.split(/\s+/).filter(Boolean)) {
    while (width(word, size) > max) {
      if (cur) { lines.push(cur); cur = ""; }
      const cs = Array.from(word);
      let n = cs.length - 1;
      while (n > 1 && width(cs.slice(0, n).join("") + "-", size) > max) n--;
      lines.push(cs.slice(0, n).join("") + "-");
      word = cs.slice(n).join("");
    }
    if (!cur) cur = word;
    else if (width(cur + " " + word, size) <= max) cur += " " + word;
    else { lines.push(cur); cur = word; }
  }
  if (cur) lines.push(cur);
  return lines;
}

// Largest font size whose wrap fits in 3 lines; otherwise the smallest size, cut with an ellipsis.
// Words are only split (with a hyphen) when even the smallest size cannot hold them.
const WIDTH = 180;  // usable text width inside the 200-wide poster (estimates run ~5% wide)
const SIZES = [28, 24, 21, 18, 16, 14, 13];
function layoutTitle(title) {
  const words = title.split(/\s+/).filter(Boolean);
  for (const size of SIZES) {
    if (words.some((w) => width(w, size) > WIDTH)) continue;
    const lines = wrap(title, size, WIDTH);
    if (lines.length <= 3) return { size, lines };
  }
  const size = SIZES[SIZES.length - 1];
  const lines = wrap(title, size, WIDTH).slice(0, 3);
  const last = Array.from(lines[2]);
  while (last.length && width(last.join("") + "\u2026", size) > WIDTH) last.pop();
  const space = last.lastIndexOf(" ");  // prefer ending on a whole word
  if (space > 0 && last.length < Array.from(lines[2]).length) last.length = space;
  lines[2] = last.join("").replace(/[\s,:;.-]+$/, "") + "\u2026";
  return { size, lines };
}

function poster(m) {
  const h = fnv(m.imdbID);
  const hue1 = h % 360;
  const hue2 = (hue1 + 35 + ((h >>> 9) % 60)) % 360;
  const sat = 55 + ((h >>> 16) % 25);
  const angle = (h >>> 24) % 2 ? ["0", "0", "1", "1"] : ["1", "0", "0", "1"];
  const { size, lines } = layoutTitle(m.Title);
  const lineH = Math.round(size * 1.15);
  const blockH = lineH * lines.length;
  const top = 140 - blockH / 2 + size * 0.8;  // baseline of the first line; block centred near y=140
  const yearY = Math.round(140 + blockH / 2 + 24);
  const tspans = lines
    .map((l, i) => `<tspan x="100" y="${Math.round(top + i * lineH)}">${xml(l)}</tspan>`)
    .join("");
  const label = `${m.Title} (${m.Year})`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 300" width="200" height="300" role="img" aria-label="${xml(label)}">
<title>${xml(label)}</title>
<defs>
<linearGradient id="bg-${m.imdbID}" x1="${angle[0]}" y1="${angle[1]}" x2="${angle[2]}" y2="${angle[3]}">
<stop offset="0" stop-color="hsl(${hue1},${sat}%,42%)"/>
<stop offset="1" stop-color="hsl(${hue2},${sat}%,16%)"/>
</linearGradient>
</defs>
<rect width="200" height="300" fill="url(#bg-${m.imdbID})"/>
<circle cx="${150 + (h % 30)}" cy="${40 + ((h >>> 5) % 30)}" r="70" fill="#fff" fill-opacity="0.07"/>
<circle cx="${30 + ((h >>> 11) % 30)}" cy="${250 - ((h >>> 13) % 30)}" r="48" fill="#000" fill-opacity="0.12"/>
<rect x="8" y="8" width="184" height="284" rx="6" fill="none" stroke="#fff" stroke-opacity="0.25"/>
<text font-family="sans-serif" font-weight="700" font-size="${size}" fill="#fff" text-anchor="middle">${tspans}</text>
<line x1="70" y1="${yearY - 18}" x2="130" y2="${yearY - 18}" stroke="#fff" stroke-opacity="0.5"/>
<text x="100" y="${yearY}" font-family="sans-serif" font-size="14" fill="#fff" fill-opacity="0.85" text-anchor="middle">${xml(m.Year)}</text>
<path d="M78 279l4-8 3 5 3-5 4 8z" fill="#fff" fill-opacity="0.8"/>
<text x="96" y="280" font-family="sans-serif" font-size="10" font-weight="700" letter-spacing="1" fill="#fff" fill-opacity="0.8">SkyFox</text>
</svg>
`;
}

const records = fs.readdirSync(catalog)
  .filter((f) => /^tt\d+\.json$/.test(f))
  .map((f) => JSON.parse(fs.readFileSync(path.join(catalog, f), "utf8")));

fs.mkdirSync(posters, { recursive: true });
for (const m of records) fs.writeFileSync(path.join(posters, `${m.imdbID}.svg`), poster(m));

const search = records
  .map((m) => ({ Title: m.Title, Year: m.Year, imdbID: m.imdbID, Type: m.Type, Poster: m.Poster }))
  .sort((a, b) => (a.Title < b.Title ? -1 : a.Title > b.Title ? 1 : a.imdbID < b.imdbID ? -1 : 1));
const index = { Search: search, totalResults: String(search.length), Response: "True" };
fs.writeFileSync(path.join(catalog, "index.json"), JSON.stringify(index, null, 2) + "\n");

console.log(`${records.length} posters and index.json written to ${path.relative(root, catalog)}/`);
