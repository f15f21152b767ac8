import { createHash } from 'node:crypto';

/**
 * The preview page: the HTML writer's document as it would be published
 * (no script in it), with a small live-reload script, a toolbar and an error
 * overlay put in by the server only. The script is a constant, so the
 * Content-Security-Policy names it by its hash: nothing else on the page may
 * run, even if a role's text managed to smuggle markup into the document.
 */

/**
 * Runs in the browser. Listens to the server's events for this page: an
 * `update` swaps the document's body in place (the scroll position stays; a
 * new <head>, as when a style changed, reloads the page and restores the
 * scroll); a `failure` shows every diagnostic over the last good document;
 * the next `update` removes it.
 */
const CLIENT = `(() => {
  const me = document.currentScript;
  const live = document.getElementById('jdgen-live');
  const overlay = document.getElementById('jdgen-overlay');
  const text = document.getElementById('jdgen-diagnostics');
  const key = 'jdgen-scroll:' + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved) {
    sessionStorage.removeItem(key);
    const [x, y] = JSON.parse(saved);
    requestAnimationFrame(() => window.scrollTo(x, y));
  }
  let version = me.dataset.version;
  const head = me.dataset.head;
  const source = new EventSource(me.dataset.events);
  source.addEventListener('update', (event) => {
    const data = JSON.parse(event.data);
    overlay.hidden = true;
    document.documentElement.dataset.jdgenState = 'ok';
    if (data.version === version) return;
    if (data.head !== head) {
      sessionStorage.setItem(key, JSON.stringify([window.scrollX, window.scrollY]));
      source.close();
      location.reload();
      return;
    }
    const x = window.scrollX;
    const y = window.scrollY;
    const body = new DOMParser().parseFromString(data.body, 'text/html').body;
    for (const node of [...document.body.childNodes]) if (node !== live) node.remove();
    for (const node of [...body.childNodes]) document.body.insertBefore(document.adoptNode(node), live);
    for (const { name } of [...document.body.attributes]) document.body.removeAttribute(name);
    for (const { name, value } of [...body.attributes]) document.body.setAttribute(name, value);
    window.scrollTo(x, y);
    version = data.version;
    document.documentElement.dataset.jdgenVersion = version;
  });
  source.addEventListener('failure', (event) => {
    text.textContent = JSON.parse(event.data).text;
    overlay.hidden = false;
    document.documentElement.dataset.jdgenState = 'failed';
  });
  source.addEventListener('roles', () => {
    if (me.dataset.index !== undefined) location.reload();
  });
})();`;

const CLIENT_HASH = `sha256-${createHash('sha256').update(CLIENT).digest('base64')}`;

/** The only script allowed is ours; styles and fonts come inline (the document is self-contained); nothing is fetched but our events and outputs. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `script-src '${CLIENT_HASH}'`,
  "style-src 'unsafe-inline'",
  'font-src data:',
  'img-src data:',
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const STYLE = `#jdgen-live{font:13px/1.4 system-ui,sans-serif}
#jdgen-toolbar{position:fixed;top:8px;right:8px;z-index:2147483646;display:flex;gap:6px}
#jdgen-toolbar a{background:#1f2937;color:#fff;padding:4px 10px;border-radius:4px;text-decoration:none}
#jdgen-overlay{position:fixed;inset:0;z-index:2147483647;background:rgba(255,255,255,.93);overflow:auto;padding:24px}
#jdgen-overlay[hidden]{display:none}
#jdgen-overlay h2{color:#b91c1c;font:600 16px system-ui,sans-serif;margin:0 0 12px}
#jdgen-diagnostics{font:13px/1.45 ui-monospace,monospace;white-space:pre-wrap;margin:0;color:#111}
@media print{#jdgen-live{display:none}}`;

export interface PreviewPage {
  /** The writer's HTML document. */
  html: string;
  /** Where the page listens for updates. */
  events: string;
  version: string;
  /** PDF and DOCX of the last good build: label → URL. */
  links: ReadonlyArray<{ label: string; href: string }>;
}

/** Splits the writer's document into what the client compares (the head) and what it swaps (the body). */
export function documentParts(html: string): { head: string; body: string } {
  const open = /<body\b[^>]*>/i.exec(html);
  const close = html.lastIndexOf('</body>');
  const headEnd = open ? open.index : 0;
  const body = open ? html.slice(open.index, close > open.index ? close + '</body>'.length : html.length) : `<body>${html}</body>`;
  return { head: createHash('sha256').update(html.slice(0, headEnd)).digest('hex').slice(0, 16), body };
}

/** The writer's document with the live parts added before </head> and </body>. */
export function previewPage(page: PreviewPage): string {
  const { head } = documentParts(page.html);
  const links = page.links.map((link) => `<a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a>`).join('');
  const live =
    `<div id="jdgen-live"><div id="jdgen-toolbar">${links}</div>` +
    `<div id="jdgen-overlay" role="alert" hidden><h2>jdgen: the last save does not build; the last good preview is shown underneath</h2><pre id="jdgen-diagnostics"></pre></div>` +
    `<script data-events="${escapeHtml(page.events)}" data-version="${escapeHtml(page.version)}" data-head="${head}">${CLIENT}</script></div>`;
  const style = `<style id="jdgen-live-style">${STYLE}</style>`;
  // The published document forbids every script in its own CSP; the preview's policy (a header) allows ours.
  let html = page.html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/i, '');
  html = /<\/head>/i.test(html) ? html.replace(/<\/head>/i, `${style}</head>`) : `${style}${html}`;
  const close = html.lastIndexOf('</body>');
  return close >= 0 ? `${html.slice(0, close)}${live}${html.slice(close)}` : `${html}${live}`;
}

export interface IndexEntry {
  name: string;
  href: string;
  ok: boolean;
  errors: number;
}

/** The list of watched roles; it reloads itself when a role is added, removed, fixed or broken. */
export function indexPage(entries: readonly IndexEntry[]): string {
  const items = entries
    .map(
      (e) =>
        `<li><a href="${escapeHtml(e.href)}">${escapeHtml(e.name)}</a>${e.ok ? '' : ` <strong>(${e.errors} error${e.errors === 1 ? '' : 's'})</strong>`}</li>`,
    )
    .join('\n');
  return (
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>jdgen preview</title><style>body{font:15px/1.5 system-ui,sans-serif;margin:2em}strong{color:#b91c1c}</style></head>` +
    `<body><h1>jdgen preview</h1><ul>\n${items}\n</ul>` +
    `<div id="jdgen-live"><div id="jdgen-overlay" hidden><pre id="jdgen-diagnostics"></pre></div>` +
    `<script data-events="/events" data-version="" data-head="" data-index="">${CLIENT}</script></div></body></html>`
  );
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
