/**
 * The contract file an interview is writing: a YAML Document, so that comments and key order
 * the user wrote survive every rewrite, saved atomically after every answer.
 */
import { Document, isMap, isNode, isScalar, parseDocument } from 'yaml';
import { CONTRACT_FORMAT_VERSION } from '../../model/contract.js';
import { writeFileAtomic } from '../files.js';
import { UserError } from '../user-error.js';

const HEADER = ` kil contract file, written by the kil interview. Edit it by hand or resume with: kil assess FILE
 Format: see "The contract file" in kil's README.`;

export class Draft {
  private constructor(
    readonly path: string,
    private readonly doc: Document,
  ) {}

  static create(path: string): Draft {
    const doc = new Document({ kil: CONTRACT_FORMAT_VERSION, procurement: {}, answers: {} });
    doc.commentBefore = HEADER;
    return new Draft(path, doc);
  }

  /** Open a contract file the user may have written; refuses YAML it cannot safely rewrite. */
  static open(path: string, text: string): Draft {
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    const first = doc.errors[0];
    if (first) {
      const at = first.linePos?.[0] ?? { line: 1, col: 1 };
      throw new UserError(`${path}:${at.line}:${at.col}: ${first.message.split('\n')[0]}; fix the file before resuming`, 2, true);
    }
    if (doc.contents === null) return Draft.create(path);
    if (!isMap(doc.contents)) throw UserError.at(path, 'the file is not a contract (a block of fields); choose another file with --save');
    const draft = new Draft(path, doc);
    if (!draft.has(['kil'])) draft.set(['kil'], CONTRACT_FORMAT_VERSION);
    // "answers: {}" would otherwise grow as one long flow map; answers read best one per line.
    for (const key of ['answers', 'procurement']) {
      const node = doc.getIn([key], true);
      if (isMap(node) && node.flow && node.items.length === 0) node.flow = false;
    }
    return draft;
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
    this.doc.setIn(path, node);
  }

  delete(path: readonly (string | number)[]): void {
    this.doc.deleteIn(path);
  }

  /** The answer as written: the value and any note, whichever form the file uses. */
  answer(id: string): { value: unknown; note?: string } | undefined {
    const raw = this.get(['answers', id]);
    if (raw === undefined) return undefined;
    if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
      const r = raw as { value?: unknown; note?: unknown };
      return { value: r.value ?? null, ...(typeof r.note === 'string' ? { note: r.note } : {}) };
    }
    return { value: raw };
  }

  /** Record an answer (null is "not sure yet"), keeping the short form when there is no note. */
  setAnswer(id: string, value: string | number | null, note: string | undefined): void {
    if (isMap(this.doc.getIn(['answers', id], true))) {
      // Already written as { value, note }: update inside it, so its comments stay put.
      this.set(['answers', id, 'value'], value);
      if (note) this.set(['answers', id, 'note'], note);
      else this.delete(['answers', id, 'note']);
      return;
    }
    this.set(['answers', id], note ? { value, note } : value);
  }

  /** How many answers and facts the file holds: what an interruption would keep. */
  savedCount(): number {
    const answers = this.get(['answers']);
    const count = answers && typeof answers === 'object' ? Object.values(answers).filter((a) => a !== null && !(typeof a === 'object' && (a as { value?: unknown }).value == null)).length : 0;
    return count;
  }

  text(): string {
    return this.doc.toString();
  }

  save(): void {
    writeFileAtomic(this.path, this.text());
  }
}
