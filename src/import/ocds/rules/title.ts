/** The title: the first of the tender's, the first award's and the first contract's. Pure. */
import { Notes, obj, type Found, type Notice } from '../notice.js';

export function titleRule(n: Notice): Found {
  const out = new Notes();
  // Each field the title may come from, in order; the comment names the one it came from.
  const titleFrom = (
    [
      ['tender.title', n.tender.title],
      ['awards[0].title', n.awards[0]?.title],
      ['contracts[0].title', obj(out.list(n.release.contracts, 'contracts')[0])?.title],
    ] as const
  )
    .map(([field, v]) => ({ field, title: out.text(v, field) }))
    .find((t) => t.title !== undefined);
  const title = titleFrom?.title;
  out.fact(['title'], title ?? (n.ocidText ? `OCDS process ${n.ocidText}` : 'OCDS process'), title ? 'field' : 'default', titleFrom ? titleFrom.field : 'no title in the notice');
  return out;
}
