// docs.js — renders /docs/openapi.json (OpenAPI 3.1) as a readable reference page.
// Everything from the spec goes into the DOM as text (el() uses text nodes), so a description
// can never inject markup; descriptions are shown as plain text with their line breaks.

import { el } from '../js/api.js';
import { renderNav } from '../js/nav.js';

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options', 'trace'];
let spec = {};

const slug = (s) => String(s).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const unescapePointer = (s) => s.replace(/~1/g, '/').replace(/~0/g, '~');

// Follow local "$ref"s ("#/components/schemas/Booking"); a loop or an external ref stops.
function deref(obj) {
  const seen = new Set();
  while (obj && typeof obj === 'object' && typeof obj.$ref === 'string') {
    if (!obj.$ref.startsWith('#/') || seen.has(obj.$ref)) return obj;
    seen.add(obj.$ref);
    const target = obj.$ref.slice(2).split('/').map(unescapePointer)
      .reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), spec);
    if (!target) return obj;
    obj = target;
  }
  return obj;
}

// allOf is how specs extend a base schema: fold it into one object for display.
function flatten(s) {
  if (!Array.isArray(s.allOf)) return s;
  const out = { ...s, properties: { ...(s.properties || {}) }, required: [...(s.required || [])] };
  delete out.allOf;
  for (const part of s.allOf.map((p) => flatten(deref(p) || {}))) {
    Object.assign(out.properties, part.properties || {});
    out.required.push(...(part.required || []));
    out.type ??= part.type;
  }
  return out;
}

// One line of facts about a schema: "string · 3–30 chars · required — what it is".
function facts(s, required) {
  const bits = [];
  const type = Array.isArray(s.type) ? s.type.join(' | ') : s.type;
  if (s.const !== undefined) bits.push(`= ${JSON.stringify(s.const)}`);
  else if (Array.isArray(s.enum)) bits.push(s.enum.map((v) => JSON.stringify(v)).join(' | '));
  else if (type) bits.push(type);
  if (s.format) bits.push(s.format);
  const range = (lo, hi, unit) => {
    if (lo !== undefined && hi !== undefined) bits.push(`${lo}–${hi}${unit}`);
    else if (lo !== undefined) bits.push(`≥ ${lo}${unit}`);
    else if (hi !== undefined) bits.push(`≤ ${hi}${unit}`);
  };
  range(s.minLength, s.maxLength, ' chars');
  range(s.minItems, s.maxItems, ' items');
  range(s.minimum, s.maximum, '');
  if (s.pattern) bits.push(`pattern ${s.pattern}`);
  if (s.default !== undefined) bits.push(`default ${JSON.stringify(s.default)}`);
  if (required) bits.push('required');
  if (s.readOnly) bits.push('read-only');
  if (s.deprecated) bits.push('deprecated');
  const desc = s.description ? ` — ${String(s.description).split('\n')[0]}` : '';
  return bits.join(' · ') + desc;
}

// Append the outline of schema to out (array of lines). `seen` holds the $refs on the way
// down, so a recursive schema prints "(see above)" instead of looping forever.
function outline(schema, name, depth, required, seen, out) {
  const pad = '  '.repeat(depth);
  const key = name === null ? '' : `${JSON.stringify(name)}: `;
  const ref = schema && typeof schema.$ref === 'string' ? schema.$ref : null;
  const refName = ref ? ref.split('/').pop() : '';
  if (ref && seen.has(ref)) { out.push(`${pad}${key}${refName} (see above)`); return; }
  if (ref) seen = new Set(seen).add(ref);
  const s = flatten(deref(schema) || {});
  const alts = s.oneOf || s.anyOf;
  const type = Array.isArray(s.type) ? s.type : [s.type];

  if (s.properties || (type.includes('object') && !alts)) {
    const note = [refName, facts({ ...s, type: undefined }, required)].filter(Boolean).join(' · ');
    out.push(`${pad}${key}{${note ? `   // ${note}` : ''}`);
    const req = new Set(s.required || []);
    for (const [prop, sub] of Object.entries(s.properties || {})) outline(sub, prop, depth + 1, req.has(prop), seen, out);
    if (s.additionalProperties && typeof s.additionalProperties === 'object') {
      outline(s.additionalProperties, '<any key>', depth + 1, false, seen, out);
    }
    out.push(`${pad}}`);
  } else if (type.includes('array') && s.items) {
    const items = deref(s.items) || {};
    const note = facts({ ...s, type: undefined }, required);
    if (items.properties || items.oneOf || items.anyOf || items.allOf || items.items) {
      out.push(`${pad}${key}[${note ? `   // ${note}` : ''}`);
      outline(s.items, null, depth + 1, false, seen, out);
      out.push(`${pad}]`);
    } else {
      out.push(`${pad}${key}[ ${facts(items, false)} ]${note ? ` · ${note}` : ''}`);
    }
  } else if (alts) {
    out.push(`${pad}${key}${s.oneOf ? 'one of' : 'any of'}:${required ? ' · required' : ''}`);
    for (const alt of alts) outline(alt, null, depth + 1, false, seen, out);
  } else {
    out.push(`${pad}${key}${facts(s, required) || 'any'}`);
  }
}

// A schema outline wider than its box scrolls sideways; then it takes keyboard focus, so the
// arrow keys can scroll it (axe scrollable-region-focusable). Re-judged whenever its size changes.
const overflowWatch = new ResizeObserver((entries) => {
  for (const { target: pre } of entries) {
    if (pre.scrollWidth > pre.clientWidth) pre.setAttribute('tabindex', '0');
    else pre.removeAttribute('tabindex');
  }
});

function schemaBlock(schema) {
  const lines = [];
  outline(schema, null, 0, false, new Set(), lines);
  const pre = el('pre', { class: 'docs-schema' }, lines.join('\n'));
  overflowWatch.observe(pre);
  return pre;
}

// Each media type of a body or response, with its schema outline.
function contentBlocks(content) {
  return Object.entries(content || {}).map(([type, media]) => [
    el('p', { class: 'muted' }, el('code', null, type)),
    media && media.schema ? schemaBlock(media.schema) : null,
  ]);
}

function parametersBlock(params) {
  if (!params.length) return null;
  return [
    el('h4', null, 'Parameters'),
    el('dl', null, params.map((p) => [
      el('dt', null, p.name),
      el('dd', null, [`in ${p.in}`, facts(deref(p.schema) || {}, p.required)].filter(Boolean).join(' · '),
        p.description ? el('span', { class: 'docs-desc' }, ` — ${p.description}`) : null),
    ])),
  ];
}

function responsesBlock(responses) {
  const entries = Object.entries(responses || {});
  if (!entries.length) return null;
  return [
    el('h4', null, 'Responses'),
    el('dl', null, entries.map(([code, r]) => {
      const resp = deref(r) || {};
      const schemas = contentBlocks(resp.content);
      return [
        el('dt', null, code),
        el('dd', null, el('span', { class: 'docs-desc' }, resp.description || ''),
          schemas.length ? el('details', null, el('summary', null, 'Body'), schemas) : null),
      ];
    })),
  ];
}

function securityLine(op) {
  const sec = op.security ?? spec.security;
  if (!Array.isArray(sec)) return null;
  const names = sec.map((req) => Object.keys(req).join(' + ') || 'none');
  return el('p', { class: 'muted' }, `Authentication: ${names.length ? names.join(' or ') : 'none'}`);
}

function operationCard(path, method, op, pathItem) {
  // Operation parameters override path-level ones with the same name and location.
  const params = new Map();
  for (const p of [...(pathItem.parameters || []), ...(op.parameters || [])].map(deref)) {
    if (p && p.name) params.set(`${p.in}:${p.name}`, p);
  }
  const body = deref(op.requestBody);
  const label = `${method.toUpperCase()} ${path}`;
  return el('article', { class: 'card docs-op', id: `op-${method}-${slug(path)}`, 'data-op': label },
    el('h3', null,
      el('span', { class: `method ${method}` }, method.toUpperCase()),
      el('code', { class: 'docs-path' }, path),
      op.summary ? el('span', null, op.summary) : null,
      op.deprecated ? el('span', { class: 'badge expired' }, 'deprecated') : null),
    op.description ? el('p', { class: 'docs-desc' }, op.description) : null,
    securityLine(op),
    parametersBlock([...params.values()]),
    body ? [
      el('h4', null, `Request body${body.required ? ' (required)' : ''}`),
      body.description ? el('p', { class: 'docs-desc' }, body.description) : null,
      contentBlocks(body.content),
    ] : null,
    responsesBlock(op.responses));
}

function render() {
  const info = spec.info || {};
  document.title = `${info.title || 'API'} reference · SkyFox Cinema`;
  document.getElementById('docs-title').textContent = `${info.title || 'API'} reference`;
  const status = document.getElementById('docs-status');
  status.className = '';
  status.replaceChildren(`Version ${info.version || '?'} · OpenAPI ${spec.openapi || '?'}`);
  if (info.description) status.after(el('p', { class: 'docs-desc' }, info.description));

  // Group by first tag, in the order the spec's "tags" list gives, then first appearance.
  const groups = new Map((spec.tags || []).map((t) => [t.name, []]));
  for (const [path, item] of Object.entries(spec.paths || {})) {
    for (const method of METHODS) {
      const op = item && item[method];
      if (!op) continue;
      const tag = (op.tags && op.tags[0]) || 'Other';
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag).push(operationCard(path, method, op, item));
    }
  }
  const used = [...groups].filter(([, cards]) => cards.length);
  const tagInfo = new Map((spec.tags || []).map((t) => [t.name, t]));
  const docs = document.getElementById('docs');
  docs.replaceChildren(...[
    used.length > 1 ? el('nav', { class: 'docs-toc', 'aria-label': 'API sections' },
      el('ul', null, used.map(([tag]) => el('li', null, el('a', { href: `#tag-${slug(tag)}` }, tag))))) : null,
    used.map(([tag, cards]) => el('section', { class: 'docs-tag', id: `tag-${slug(tag)}`, 'aria-labelledby': `tag-${slug(tag)}-h` },
      el('h2', { id: `tag-${slug(tag)}-h` }, tag),
      tagInfo.get(tag)?.description ? el('p', { class: 'docs-desc' }, tagInfo.get(tag).description) : null,
      cards)),
    used.length ? null : el('p', null, 'The API description lists no operations.'),
  ].flat(Infinity).filter(Boolean));
  docs.setAttribute('data-ready', '');
}

renderNav();
try {
  const res = await fetch('/docs/openapi.json', { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  spec = await res.json();
  render();
} catch (err) {
  const status = document.getElementById('docs-status');
  status.className = 'notice error';
  status.textContent = `Could not load the API description (${err.message}).`;
}
