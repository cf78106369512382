/**
 * The lots and how many one bidder may win, as the notice publishes them. A notice without lots
 * writes none: kil reads a contract without lots as one lot, but the published record must not
 * claim a lot structure the notice never stated (Contracts Finder publishes no lots at all). Pure.
 */
import type { ImportRules } from '../../../model/ocds-import.js';
import { numberIn } from '../limits.js';
import { Notes, obj, type Found, type Notice } from '../notice.js';
import { shown } from '../text.js';
import { isPlaceholder } from './value.js';

export function lotsRule(n: Notice, rules: ImportRules): Found {
  const out = new Notes();
  if (n.lots.length > 0) {
    out.fact(['lots'], out.capped(n.numberedLots, 'lots').map(({ lot: l, at }, i) => {
      const lv = out.amountOf(obj(l.value)?.amount, `tender.lots[${at}].value.amount`);
      const lotTitle = out.text(l.title, 'tender.lots[].title');
      return { id: out.text(l.id, 'tender.lots[].id', 100) ?? String(i + 1), ...(lotTitle ? { title: lotTitle } : {}), ...(lv !== undefined && !isPlaceholder(lv, rules) ? { value: lv } : {}) };
    }), 'field', 'tender.lots');
    maxLotsPerBidder(n, out);
  } else if (/\blots?\s*\d|\bsplit into\b.{0,20}\blots\b|\b\w+ lots\b/i.test(n.description)) {
    out.flag('the description mentions lots but the notice publishes none: lots are left for you to fill in');
  }
  return out;
}

/** tender.lotDetails.maximumLotsBidPerSupplier; 2147483647 and the like mean "no limit": not a number to import, and not worth a flag. */
function maxLotsPerBidder(n: Notice, out: Notes): void {
  const raw = obj(n.tender.lotDetails)?.maximumLotsBidPerSupplier;
  const max = numberIn(raw);
  const problem = raw === undefined || raw === null ? undefined : Number.isNaN(max) ? 'not a number' : !Number.isInteger(max) ? 'not a whole number' : max < 1 ? 'less than 1' : undefined;
  if (problem) out.flag(`tender.lotDetails.maximumLotsBidPerSupplier is ${shown(raw)}: ${problem}; not imported`);
  else if (max >= 1 && max < 1000) out.fact(['max_lots_per_bidder'], max, 'field', 'tender.lotDetails.maximumLotsBidPerSupplier');
}
