// openapi.mjs — assemble htdocs/docs/openapi.json from docs/api/*.json.
//
// Each fragment is a partial OpenAPI 3.1 document ({paths, components,
// tags}); this merges them in file-name order (so _base.json comes first)
// and refuses two fragments defining the same path+method or schema.
import { readFileSync } from 'node:fs';

const out = { paths: {}, components: { schemas: {}, responses: {}, parameters: {}, securitySchemes: {} }, tags: [] };
for (const file of process.argv.slice(2).sort()) {
  const part = JSON.parse(readFileSync(file, 'utf8'));
  for (const [k, v] of Object.entries(part)) {
    if (k === 'paths') {
      for (const [p, ops] of Object.entries(v)) {
        out.paths[p] ??= {};
        for (const [m, op] of Object.entries(ops)) {
          if (out.paths[p][m]) throw new Error(`${file}: ${m} ${p} defined twice`);
          out.paths[p][m] = op;
        }
      }
    } else if (k === 'components') {
      for (const [kind, items] of Object.entries(v)) {
        out.components[kind] ??= {};
        for (const [name, def] of Object.entries(items)) {
          if (out.components[kind][name]) throw new Error(`${file}: ${kind}.${name} defined twice`);
          out.components[kind][name] = def;
        }
      }
    } else if (k === 'tags') {
      out.tags.push(...v);
    } else {
      out[k] = v;   // openapi, info, servers, security: from _base.json
    }
  }
}
const ordered = { openapi: out.openapi, info: out.info, servers: out.servers, tags: out.tags, security: out.security, paths: out.paths, components: out.components };
process.stdout.write(JSON.stringify(ordered, null, 2) + '\n');
