/**
 * The contract file an interview is writing: a YAML Document, so that comments and key order
 * the user wrote survive every rewrite, saved atomically after every answer.
 *
 * Someone else may write the file meanwhile (a second interview, an editor). Each save takes a
 * short lock, reads the file, and if it changed since this draft last read or wrote it, starts
 * from what is on disk and replays only this draft's own edits since then: nobody's answer is lost.
 */
import { existsSync } from 'node:fs';
import { Document, isMap, isNode, isScalar, parseDocument, Pair, Scalar } from 'yaml';
import { CONTRACT_FORMAT_VERSION } from '../../model/contract.js';
import { readTextFile, writeFileAtomic } from '../files.js';
import { withFileLock } from '../file-lock.js';
import { resumeCommand } from '../invocation.js';
import { EXIT } from '../exit-codes.js';
import { UserError } from '../user-error.js';

type Edit =
  | { kind: 'set'; path: readonly (string | number)[]; value: unknown }
  | { kind: 'delete'; path: readonly (string | number)[] }
  | { kind: 'answer'; id: string; value: string | number | null; note: string | undefined; evidence: string | null | undefined };

const HEADER = ` kil contract file, written by the kil interview. Edit it by hand or resume with: kil assess FILE
 Format: see docs/contract-file.md in kil's documentation.`;

export class Draft {
  /** Edits made since the file was last read or written: replayed if someone else changed it. */
  private edits: Edit[] = [];

  private constructor(
    readonly path: string,
    private doc: Document,
    /** The file's text when this draft last read or wrote it; undefined for a file not yet created. */
    private onDisk: string | undefined,
  ) {}

  static create(path: string): Draft {
    const doc = new Document({ kil: CONTRACT_FORMAT_VERSION, procurement: {}, answers: {} });
    doc.commentBefore = HEADER;
    return new Draft(path, doc, undefined);
  }

  /** Open a contract file the user may have written; refuses YAML it cannot safely rewrite. */
  static open(path: string, text: string): Draft {
    const draft = new Draft(path, Draft.parse(path, text), text);
    if (!draft.has(['kil'])) draft.set(['kil'], CONTRACT_FORMAT_VERSION);
    return draft;
  }

  private static parse(path: string, text: string): Document {
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    const first = doc.errors[0];
    if (first) {
      const at = first.linePos?.[0] ?? { line: 1, col: 1 };
      throw new UserError(`${path}:${at.line}:${at.col}: ${first.message.split('\n')[0]}; fix the file before resuming`, 2, true);
    }
    if (doc.contents === null) return Draft.create(path).doc;
    if (!isMap(doc.contents)) throw UserError.at(path, 'the file is not a contract (a block of fields); choose another file with --save', 'not-a-block');
    // "answers: {}" would otherwise grow as one long flow map; answers read best one per line.
    for (const key of ['answers', 'procurement']) {
      const node = doc.getIn([key], true);
      if (isMap(node) && node.flow && node.items.length === 0) node.flow = false;
    }
    return doc;
  }

  get(path: readonly (string | number)[]): unknown {
    const v = this.doc.getIn(path);
    return v !== null && typeof v === 'object' && 'toJSON' in v ? (v as { toJSON(): unknown }).toJSON() : v;
  }

  has(path: readonly (string | number)[]): boolean {
    const v = this.doc.getIn(path);
    return v !== undefined && v !== null;
  }

  /** Set a value, keeping the comments the user wrote on the value it replaces. */
  set(path: readonly (string | number)[], value: unknown): void {
    this.edit({ kind: 'set', path, value });
  }

  delete(path: readonly (string | number)[]): void {
    this.edit({ kind: 'delete', path });
  }

  /**
   * Record an answer (null is "not sure yet"), keeping the short form when there is no note or
   * evidence. Evidence left undefined stays as the file has it (someone may have added it by
   * hand meanwhile); null removes it.
   */
  setAnswer(id: string, value: string | number | null, note: string | undefined, evidence?: string | null): void {
    this.edit({ kind: 'answer', id, value, note, evidence });
  }

  private edit(e: Edit): void {
    this.edits.push(e);
    this.apply(e);
  }

  private apply(e: Edit): void {
    if (e.kind === 'set') this.setNode(e.path, e.value);
    else if (e.kind === 'delete') this.doc.deleteIn(e.path);
    else this.applyAnswer(e.id, e.value, e.note, e.evidence);
  }

  private setNode(path: readonly (string | number)[], value: unknown): void {
    const existing = this.doc.getIn(path, true);
    if (isScalar(existing) && (value === null || typeof value !== 'object')) {
      existing.value = value;
      return;
    }
    const node = this.doc.createNode(value);
    if (isNode(existing)) {
      node.comment = existing.comment;
      node.commentBefore = existing.commentBefore;
    }
    const top = this.doc.contents;
    if (path.length === 1 && existing === undefined && isMap(top)) {
      // A new top-level field (council:) reads best next to the format version, above the facts.
      const after = top.items.findIndex((p) => isScalar(p.key) && p.key.value === 'kil');
      top.items.splice(after + 1, 0, new Pair(new Scalar(path[0]), node));
      return;
    }
    this.doc.setIn(path, node);
  }

  /** The answer as written: the value, any note and evidence, whichever form the file uses. */
  answer(id: string): { value: unknown; note?: string; evidence?: string } | undefined {
    const raw = this.get(['answers', id]);
    if (raw === undefined) return undefined;
    if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
      const r = raw as { value?: unknown; note?: unknown; evidence?: unknown };
      return { value: r.value ?? null, ...(typeof r.note === 'string' ? { note: r.note } : {}), ...(typeof r.evidence === 'string' ? { evidence: r.evidence } : {}) };
    }
    return { value: raw };
  }

  private applyAnswer(id: string, value: string | number | null, note: string | undefined, evidence: string | null | undefined): void {
    if (isMap(this.doc.getIn(['answers', id], true))) {
      // Already written as { value, note, evidence }: update inside it, so its comments stay put.
      this.setNode(['answers', id, 'value'], value);
      if (note) this.setNode(['answers', id, 'note'], note);
      else this.doc.deleteIn(['answers', id, 'note']);
      if (evidence) this.setNode(['answers', id, 'evidence'], evidence);
      else if (evidence === null) this.doc.deleteIn(['answers', id, 'evidence']);
      return;
    }
    this.setNode(['answers', id], note || evidence ? { value, ...(note ? { note } : {}), ...(evidence ? { evidence } : {}) } : value);
  }

  /** How many answers and facts the file holds: what an interruption would keep. */
  savedCount(): number {
    const answers = this.get(['answers']);
    const count = answers && typeof answers === 'object' ? Object.values(answers).filter((a) => a !== null && !(typeof a === 'object' && (a as { value?: unknown }).value == null)).length : 0;
    return count;
  }

  /** How many procurement facts the file holds (a block such as the value counts once). */
  factCount(): number {
    const p = this.get(['procurement']);
    return p && typeof p === 'object' ? Object.values(p).filter((v) => v !== null && v !== undefined).length : 0;
  }

  text(): string {
    return this.doc.toString();
  }

  /** Write the file; if someone else changed it since, keep their changes and replay ours on top. */
  save(): void {
    withFileLock(this.path, () => {
      const current = readIfPresent(this.path);
      if (current !== undefined && current !== this.onDisk) this.rebase(current);
      const text = this.text();
      // A new file is created only if still absent: one that appeared meanwhile is never replaced.
      writeFileAtomic(this.path, text, { exclusive: this.onDisk === undefined && current === undefined });
      this.onDisk = text;
      this.edits = [];
    });
  }

  private rebase(current: string): void {
    if (this.onDisk === undefined) {
      throw UserError.at(this.path, `the file was created by someone else while this interview was starting; it was not changed. ${this.unsaved()}`, 'file-exists');
    }
    let doc: Document;
    try {
      doc = Draft.parse(this.path, current);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      throw new UserError(`${error.message.replace(/; fix the file before resuming$/, '')}\n${this.path} was changed outside this interview and cannot be read now, so it was not written. ${this.unsaved()} Fix the file, then resume with: ${resumeCommand(this.path)}`, error.exitCode, true);
    }
    // Our edits may no longer fit what the file became (procurement made a single value, say):
    // then nothing is written, and the person is told what was not saved.
    const before = this.doc;
    this.doc = doc;
    try {
      for (const e of this.edits) this.apply(e);
    } catch (error) {
      this.doc = before;
      if (error instanceof UserError || !(error instanceof Error)) throw error;
      throw new UserError(
        `${this.path} was changed outside this interview so that its answers no longer fit (${error.message.split('\n')[0]}), so it was not written. ${this.unsaved()} Fix the file, then resume with: ${resumeCommand(this.path)}`,
        EXIT.input,
      );
    }
  }

  /** What would be lost if this draft could not be saved, said so the person can re-enter it. */
  private unsaved(): string {
    const said = this.edits.map((e) =>
      e.kind === 'answer'
        ? `${e.id}: ${JSON.stringify(e.value)}${e.note ? ` (note: ${JSON.stringify(e.note)})` : ''}${e.evidence ? ` (evidence: ${JSON.stringify(e.evidence)})` : ''}`
        : e.kind === 'set' ? `${e.path.join('.')}: ${JSON.stringify(e.value)}` : `remove ${e.path.join('.')}`,
    );
    return said.length === 0 ? 'Nothing of yours was unsaved.' : `Not saved from this interview: ${said.join('; ')}.`;
  }
}

function readIfPresent(path: string): string | undefined {
  return existsSync(path) ? readTextFile(path) : undefined;
}
