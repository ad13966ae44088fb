/**
 * The API docs page, self-contained (no CDN: show networks are often offline). The script renders the OpenAPI
 * document with DOM calls and textContent only, so nothing from the document is ever parsed as HTML.
 */

export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bulletproof API</title>
<link rel="stylesheet" href="/api/docs/docs.css">
<script type="module" src="/api/docs/docs.js"></script>
</head>
<body>
<header><h1>Bulletproof API</h1><p id="meta">Loading /api/v1/openapi.json…</p></header>
<main id="ops"></main>
</body>
</html>
`;

export const DOCS_CSS = `body{font:15px/1.45 system-ui,sans-serif;margin:0;background:#111;color:#eee}
header{padding:1rem 2rem;background:#1c1c1c;border-bottom:1px solid #333}
main{padding:1rem 2rem}h1{margin:0 0 .3rem;font-size:1.4rem}
section{margin:1.2rem 0}h2{font-size:1.1rem;border-bottom:1px solid #333;text-transform:capitalize}
details{background:#1a1a1a;border:1px solid #2a2a2a;border-radius:6px;margin:.4rem 0;padding:.4rem .8rem}
summary{cursor:pointer}code,pre{font:13px ui-monospace,monospace}
pre{background:#0b0b0b;padding:.6rem;overflow:auto;border-radius:4px}
.m{display:inline-block;min-width:4.5rem;font-weight:700}.get{color:#6cf}.post{color:#6e6}.put{color:#fc6}
.patch{color:#c9f}.delete{color:#f77}.open{color:#999;font-size:.85em;margin-left:.5rem}
`;

export const DOCS_JS = `const el = (tag, text, cls) => {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (cls) node.className = cls;
  return node;
};
const json = (value) => el('pre', JSON.stringify(value, null, 2));
const main = document.getElementById('ops');
const meta = document.getElementById('meta');
try {
  const res = await fetch('/api/v1/openapi.json');
  const doc = await res.json();
  meta.textContent = doc.info.title + ' ' + doc.info.version + ' — OpenAPI ' + doc.openapi + '. ' + doc.info.description;
  const byTag = new Map();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags?.[0] ?? 'other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push({ path, method, op });
    }
  }
  for (const [tag, ops] of byTag) {
    const section = el('section');
    section.append(el('h2', tag));
    for (const { path, method, op } of ops) {
      const item = el('details');
      const summary = el('summary');
      summary.append(el('span', method.toUpperCase(), 'm ' + method), el('code', path), ' ', op.summary ?? '');
      if (Array.isArray(op.security) && op.security.length === 0) summary.append(el('span', 'no token', 'open'));
      item.append(summary);
      if (op.parameters) {
        item.append(el('h4', 'Parameters'));
        const list = el('ul');
        for (const p of op.parameters) list.append(el('li', p.name + ' (' + p.in + ')' + (p.required ? ' required' : '') + ' — ' + (p.description ?? '')));
        item.append(list);
      }
      const body = op.requestBody?.content?.['application/json']?.schema;
      if (body) item.append(el('h4', 'Request body'), json(body));
      item.append(el('h4', 'Responses'));
      const list = el('ul');
      for (const [status, r] of Object.entries(op.responses)) {
        const ref = r.content?.['application/json']?.schema?.$ref;
        list.append(el('li', status + ' ' + r.description + (ref ? ' → ' + ref.split('/').pop() : '')));
      }
      item.append(list);
      section.append(item);
    }
    main.append(section);
  }
  const schemas = el('section');
  schemas.append(el('h2', 'schemas'));
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    const item = el('details');
    item.append(el('summary', name), json(schema));
    schemas.append(item);
  }
  main.append(schemas);
} catch (error) {
  meta.textContent = 'Could not load the API document: ' + error;
}
`;
