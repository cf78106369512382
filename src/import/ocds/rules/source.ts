/** Where the contract file came from: the ocid as published, the notice's link and date. Pure. */
import { MAX_TEXT } from '../limits.js';
import { Notes, obj, type Found, type Notice } from '../notice.js';
import { isoDay } from '../text.js';

export function sourceRule(n: Notice): Found {
  const out = new Notes();
  const notice = out.text(obj(out.list(n.tender.documents, 'tender.documents')[0])?.url, 'tender.documents[0].url', MAX_TEXT);
  const published = isoDay(n.release.date);
  out.fact(['source'], {
    ...(n.ocidText ? { ocid: n.ocidText } : {}),
    ...(notice ? { notice } : {}),
    ...(published ? { published } : {}),
  }, 'field', ['ocid', ...(notice ? ['tender.documents[0].url'] : []), ...(published ? ['date'] : [])].join(', ') + '; the ocid as published');
  return out;
}
