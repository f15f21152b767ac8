import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createReadStream, realpathSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { isInside } from './deps.js';
import { CONTENT_SECURITY_POLICY, documentParts, indexPage, previewPage } from './page.js';

/** What the browser is shown of one role. */
interface RoleState {
  /** The last good document (writer's HTML), and its version. */
  html?: string;
  version: number;
  /** The last build's diagnostics as the CLI prints them, while it fails. */
  failure?: { text: string; errors: number };
  /** PDF and DOCX of the last good build, and the folder they must be inside. */
  outputs: Partial<Record<OutputFormat, string>>;
  outDir?: string;
}

type OutputFormat = 'pdf' | 'docx';
const OUTPUT_TYPES: Record<OutputFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/**
 * The preview's HTTP server, on 127.0.0.1 only. It serves nothing from the
 * disk by the request's path: every URL names a role by its watched name
 * (looked up in a map; anything else is 404) and outputs are the paths the
 * last good build reported, checked once more, after following symlinks, to
 * be inside that build's output folder. Pages carry a strict CSP; events go
 * out as server-sent events.
 */
export class PreviewServer {
  private readonly roles = new Map<string, RoleState>();
  private readonly streams = new Map<string, Set<ServerResponse>>();
  private readonly server: Server;
  private port = 0;

  private constructor() {
    this.server = createServer((request, response) => this.handle(request, response));
  }

  /** Listens on 127.0.0.1:`port` (0: any free port). */
  static async start(port: number): Promise<PreviewServer> {
    const preview = new PreviewServer();
    await new Promise<void>((resolve, reject) => {
      preview.server.once('error', reject);
      preview.server.listen(port, '127.0.0.1', () => {
        preview.server.off('error', reject);
        resolve();
      });
    });
    preview.port = (preview.server.address() as AddressInfo).port;
    return preview;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  /** The URL of a role's preview page. */
  roleUrl(name: string): string {
    return `${this.url}role/${encodePath(name)}`;
  }

  /** The roles watched now, in order; states of roles no longer watched are dropped. */
  setRoles(names: readonly string[]): void {
    const before = [...this.roles.keys()].join('\n');
    for (const name of [...this.roles.keys()]) if (!names.includes(name)) this.roles.delete(name);
    for (const name of names) if (!this.roles.has(name)) this.roles.set(name, { version: 0, outputs: {} });
    if (before !== names.join('\n')) this.send('', 'roles', {});
  }

  /** A role built: its new document goes to every page showing it. */
  published(name: string, html: string): void {
    const state = this.state(name);
    const wasFailing = Boolean(state.failure);
    state.html = html;
    state.version += 1;
    delete state.failure;
    this.send(name, 'update', this.updateEvent(state));
    if (wasFailing) this.send('', 'roles', {});
  }

  /** A role failed: its pages show the diagnostics over the last good document. */
  failed(name: string, text: string, errors: number): void {
    const state = this.state(name);
    const wasFailing = Boolean(state.failure);
    state.failure = { text, errors };
    this.send(name, 'failure', { text });
    if (!wasFailing) this.send('', 'roles', {});
  }

  /** The PDF and DOCX (absolute paths) of a role's last good build, inside `outDir`. */
  setOutputs(name: string, outDir: string, outputs: Partial<Record<OutputFormat, string>>): void {
    const state = this.state(name);
    state.outDir = outDir;
    state.outputs = outputs;
  }

  async close(): Promise<void> {
    for (const set of this.streams.values()) for (const response of set) response.end();
    this.streams.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      // Keep-alive connections would hold close() open until they time out.
      this.server.closeAllConnections();
    });
  }

  private state(name: string): RoleState {
    let state = this.roles.get(name);
    if (!state) this.roles.set(name, (state = { version: 0, outputs: {} }));
    return state;
  }

  private updateEvent(state: RoleState): { version: string; head: string; body: string } {
    const { head, body } = documentParts(state.html ?? '');
    return { version: String(state.version), head, body };
  }

  private send(stream: string, event: string, data: object): void {
    const message = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const response of this.streams.get(stream) ?? []) response.write(message);
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    // Only pages opened as this server (not another site's name resolving here: DNS rebinding) get an answer.
    const host = request.headers.host ?? '';
    if (host !== `127.0.0.1:${this.port}` && host !== `localhost:${this.port}`) return refuse(response, 403, 'wrong Host header');
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 405, 'only GET');
    const route = parseRoute(request.url ?? '/');
    if (!route) return refuse(response, 404, 'not found');
    if (route.kind === 'index') return this.index(response);
    if (route.kind === 'events' && route.name === PreviewServer.INDEX_STREAM) return this.events(route.name, undefined, response);
    const state = this.roles.get(route.name);
    if (!state) return refuse(response, 404, 'no such role is watched');
    if (route.kind === 'events') return this.events(route.name, state, response);
    if (route.kind === 'output') return this.output(state, route.format, response);
    if (route.kind === 'role') return this.page(route.name, state, response);
  }

  private index(response: ServerResponse): void {
    const entries = [...this.roles.entries()].map(([name, state]) => ({
      name,
      href: `/role/${encodePath(name)}`,
      ok: !state.failure,
      errors: state.failure?.errors ?? 0,
    }));
    html(response, indexPage(entries));
  }

  private page(name: string, state: RoleState, response: ServerResponse): void {
    const links = (['pdf', 'docx'] as const).filter((f) => state.outputs[f]).map((f) => ({ label: f.toUpperCase(), href: `/output/${encodePath(name)}.${f}` }));
    const document = state.html ?? '<!DOCTYPE html><html><head><meta charset="utf-8"><title>jdgen</title></head><body></body></html>';
    html(response, previewPage({ html: document, events: `/events/${encodePath(name)}`, version: String(state.version), links }));
  }

  private events(name: string, state: RoleState | undefined, response: ServerResponse): void {
    response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    // A page opened (or reconnected) while the role fails shows the overlay at once; a reconnect after a rebuild catches up.
    response.write('retry: 500\n\n');
    if (state?.html) response.write(`event: update\ndata: ${JSON.stringify(this.updateEvent(state))}\n\n`);
    if (state?.failure) response.write(`event: failure\ndata: ${JSON.stringify({ text: state.failure.text })}\n\n`);
    let set = this.streams.get(name);
    if (!set) this.streams.set(name, (set = new Set()));
    set.add(response);
    response.on('close', () => set.delete(response));
  }

  private output(state: RoleState, format: OutputFormat, response: ServerResponse): void {
    const file = state.outputs[format];
    if (!file || !state.outDir) return refuse(response, 404, `no ${format.toUpperCase()} built yet`);
    const real = realInside(file, state.outDir);
    if (!real) return refuse(response, 403, 'outside the output folder');
    response.writeHead(200, {
      'Content-Type': OUTPUT_TYPES[format],
      'Content-Length': statSync(real).size,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    createReadStream(real).pipe(response);
  }

  // The events of the index page are the '' stream.
  static readonly INDEX_STREAM = '';
}

export type Route = { kind: 'index' } | { kind: 'role' | 'events'; name: string } | { kind: 'output'; name: string; format: OutputFormat };

/**
 * What a request's path asks for, or undefined. The path is parsed as a URL
 * (so `..` and `%2e%2e` segments are resolved away first, as a browser
 * does), then split into a route and a role name that is only ever used as
 * a key: it never becomes a path on the disk.
 */
export function parseRoute(url: string): Route | undefined {
  let pathname: string;
  try {
    pathname = new URL(url, 'http://127.0.0.1').pathname;
  } catch {
    return undefined;
  }
  if (pathname === '/') return { kind: 'index' };
  if (pathname === '/events') return { kind: 'events', name: PreviewServer.INDEX_STREAM };
  const match = /^\/(role|events|output)\/(.+)$/.exec(pathname);
  if (!match) return undefined;
  let name: string;
  try {
    name = match[2]!.split('/').map(decodeURIComponent).join('/');
  } catch {
    return undefined;
  }
  if (name.split('/').some((segment) => segment === '' || segment === '.' || segment === '..' || segment.includes('\0'))) return undefined;
  if (match[1] === 'output') {
    const format = extname(name).slice(1);
    if (format !== 'pdf' && format !== 'docx') return undefined;
    return { kind: 'output', name: name.slice(0, -format.length - 1), format };
  }
  return { kind: match[1] as 'role' | 'events', name };
}

/** The real path of `file` when it exists and is inside the real `folder` (a symlink pointing out is refused). */
export function realInside(file: string, folder: string): string | undefined {
  try {
    const real = realpathSync(file);
    return isInside(real, realpathSync(folder)) && statSync(real).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

function encodePath(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/');
}

function html(response: ServerResponse, body: string): void {
  response.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  response.end(body);
}

function refuse(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  response.end(`${message}\n`);
}
