/**
 * A minimal Language Server Protocol client over stdio, to check what an editor using
 * yaml-language-server (VS Code's YAML extension and others) shows for a kil file.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Message {
  id?: number;
  method?: string;
  params?: { items?: unknown[]; diagnostics?: { range: { start: { line: number } }; message: string }[] };
  result?: unknown;
}

export class YamlLanguageServer {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 0;
  private readonly pending = new Map<number, (m: Message) => void>();
  /** The newest diagnostics published for each document. */
  readonly diagnostics = new Map<string, { line: number; message: string }[]>();

  constructor(cwd: string) {
    const pkg = createRequire(import.meta.url).resolve('yaml-language-server/package.json');
    this.child = spawn(process.execPath, [join(dirname(pkg), 'bin', 'yaml-language-server'), '--stdio'], { cwd });
    this.child.stdout.on('data', (d: Buffer) => this.receive(d));
  }

  private receive(data: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, data]);
    for (;;) {
      const head = this.buffer.indexOf('\r\n\r\n');
      if (head < 0) return;
      const length = Number(/Content-Length: (\d+)/.exec(this.buffer.subarray(0, head).toString())![1]);
      if (this.buffer.length < head + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(head + 4, head + 4 + length).toString()) as Message & { params: { uri?: string } };
      this.buffer = this.buffer.subarray(head + 4 + length);
      if (message.id !== undefined && this.pending.has(message.id) && !message.method) {
        this.pending.get(message.id)!(message);
        this.pending.delete(message.id);
      } else if (message.method === 'textDocument/publishDiagnostics') {
        this.diagnostics.set(message.params.uri!, (message.params.diagnostics ?? []).map((d) => ({ line: d.range.start.line, message: d.message })));
      } else if (message.method === 'workspace/configuration') {
        this.send({ jsonrpc: '2.0', id: message.id, result: (message.params.items ?? []).map(() => SETTINGS.yaml) });
      } else if (message.id !== undefined && message.method) {
        this.send({ jsonrpc: '2.0', id: message.id, result: null });
      }
    }
  }

  private send(message: object): void {
    const text = JSON.stringify(message);
    this.child.stdin.write(`Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
  }

  private request(method: string, params: object): Promise<Message> {
    const id = ++this.nextId;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  async start(rootDir: string): Promise<void> {
    await this.request('initialize', { processId: process.pid, rootUri: pathToFileURL(rootDir).href, capabilities: { workspace: { configuration: true } } });
    this.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
    this.send({ jsonrpc: '2.0', method: 'workspace/didChangeConfiguration', params: { settings: SETTINGS } });
  }

  open(file: string, text: string): string {
    const uri = pathToFileURL(file).href;
    this.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'yaml', version: 1, text } } });
    return uri;
  }

  async completion(uri: string, line: number, character: number): Promise<string[]> {
    const r = await this.request('textDocument/completion', { textDocument: { uri }, position: { line, character } });
    const result = r.result as { items?: { label: string }[] } | { label: string }[] | null;
    return (Array.isArray(result) ? result : (result?.items ?? [])).map((i) => i.label);
  }

  async hover(uri: string, line: number, character: number): Promise<string> {
    const r = await this.request('textDocument/hover', { textDocument: { uri }, position: { line, character } });
    return (r.result as { contents?: { value?: string } } | null)?.contents?.value ?? '';
  }

  /** Wait until the server has published diagnostics for the document. */
  async diagnosticsFor(uri: string, timeoutMs = 10_000): Promise<{ line: number; message: string }[]> {
    const deadline = Date.now() + timeoutMs;
    while (!this.diagnostics.has(uri)) {
      if (Date.now() > deadline) throw new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.diagnostics.get(uri)!;
  }

  stop(): void {
    this.child.kill();
  }
}

const SETTINGS = { yaml: { validate: true, completion: true, hover: true, schemaStore: { enable: false } } };
