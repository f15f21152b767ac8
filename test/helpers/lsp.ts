import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './cli.js';

/*
 * A minimal Language Server Protocol client over stdio, enough to drive the
 * real yaml-language-server as an editor does: initialize, push the settings
 * VS Code's YAML extension would, open documents, and collect the
 * diagnostics the server publishes for each.
 */

export interface LspDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  /** 1 error, 2 warning, 3 information, 4 hint. */
  severity?: number;
  message: string;
  source?: string;
}

interface Message {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { message: string };
}

const SERVER = join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');

export class YamlLanguageServer {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private version = 0;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly waiting = new Map<string, (diagnostics: LspDiagnostic[]) => void>();
  private stderr = '';

  /** `settings` is the `yaml` section of the editor's settings (e.g. `yaml.schemas`). */
  constructor(private readonly settings: Record<string, unknown>) {
    this.child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: 'pipe' });
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr.setEncoding('utf8').on('data', (text: string) => (this.stderr += text));
    this.child.on('exit', (code) => {
      const error = new Error(`yaml-language-server exited (${String(code)}): ${this.stderr}`);
      for (const { reject } of this.pending.values()) reject(error);
    });
  }

  async start(workspace: string): Promise<void> {
    await this.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(workspace).href,
      workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'workspace' }],
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } }, textDocument: { publishDiagnostics: {} } },
    });
    this.notify('initialized', {});
    this.notify('workspace/didChangeConfiguration', { settings: { yaml: this.settings } });
  }

  /** Opens the file as an editor would (its text from disk unless given) and waits for its diagnostics. */
  async diagnose(file: string, text = readFileSync(file, 'utf8')): Promise<LspDiagnostic[]> {
    const uri = pathToFileURL(file).href;
    const published = new Promise<LspDiagnostic[]>((resolve) => this.waiting.set(uri, resolve));
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: ++this.version, text } });
    const diagnostics = await published;
    this.notify('textDocument/didClose', { textDocument: { uri } });
    return diagnostics;
  }

  /** The hover text at a 1-based line and column of the file, as the editor would show it. */
  async hover(file: string, line: number, column: number): Promise<string> {
    const uri = pathToFileURL(file).href;
    const published = new Promise<LspDiagnostic[]>((resolve) => this.waiting.set(uri, resolve));
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: ++this.version, text: readFileSync(file, 'utf8') } });
    await published;
    const result = (await this.request('textDocument/hover', { textDocument: { uri }, position: { line: line - 1, character: column - 1 } })) as {
      contents?: { value?: string } | string;
    } | null;
    this.notify('textDocument/didClose', { textDocument: { uri } });
    const contents = result?.contents;
    return typeof contents === 'string' ? contents : (contents?.value ?? '');
  }

  async stop(): Promise<void> {
    await this.request('shutdown', null).catch(() => undefined);
    this.notify('exit', null);
    this.child.kill();
  }

  private request(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    const answer = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.send({ jsonrpc: '2.0', id, method, params });
    return answer;
  }

  private notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  private send(message: Message): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  /** Splits the stream into `Content-Length`-framed JSON messages. */
  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.handle(JSON.parse(body) as Message);
    }
  }

  private handle(message: Message): void {
    if (message.method === undefined && typeof message.id === 'number') {
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) pending?.reject(new Error(message.error.message));
      else pending?.resolve(message.result);
      return;
    }
    if (message.method === 'textDocument/publishDiagnostics') {
      const { uri, diagnostics } = message.params as { uri: string; diagnostics: LspDiagnostic[] };
      const resolve = this.waiting.get(uri);
      this.waiting.delete(uri);
      resolve?.(diagnostics);
      return;
    }
    if (message.id !== undefined) {
      // Requests from the server: the settings it asks for, and acknowledgements.
      const result =
        message.method === 'workspace/configuration'
          ? (message.params as { items: Array<{ section?: string }> }).items.map((item) => (item.section === 'yaml' ? this.settings : null))
          : null;
      this.send({ jsonrpc: '2.0', id: message.id, result });
    }
  }
}
