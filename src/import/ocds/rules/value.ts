/** The estimated value (with its VAT basis) and the awarded value. Pure. */
import type { ImportRules, VatAssumption } from '../../../model/ocds-import.js';
import { MAX_AMOUNT } from '../limits.js';
import { Notes, obj, str, type Found, type Notice } from '../notice.js';
import { shown } from '../text.js';

/** Whether an amount is one the portals publish for "not given". */
export const isPlaceholder = (n: number, rules: ImportRules): boolean => rules.ocds.placeholder_amounts.includes(n);

/** The point to check that says what VAT basis kil assumed, and why. */
export function vatAssumed(assumed: VatAssumption, rules: ImportRules): string {
  const took =
    assumed.vat === 'exempt' ? `kil took the value as VAT-exempt, ${assumed.because}`
    : assumed.vat === 'excluded' ? `kil took tender.value.amount as excluding VAT (${assumed.because}) and adds ${rules.vatRatePct}% for thresholds`
    : `kil took tender.value.amount as including VAT (${assumed.because})`;
  return `VAT: the notice does not say; ${took}: check`;
}

/** The estimate: tender.value, with placeholders, other currencies, impossible and implausible amounts refused. */
export function estimateRule(n: Notice, contractType: string, rules: ImportRules): Found & { estimate: number | undefined } {
  const out = new Notes();
  const value = obj(n.tender.value);
  const amount = out.amountOf(value?.amount, 'tender.value.amount');
  const currency = str(value?.currency);
  if (amount !== undefined && isPlaceholder(amount, rules)) out.flag(`tender.value.amount is ${amount}, a placeholder these portals use: not imported`);
  else if (amount !== undefined && currency && currency !== 'GBP') out.flag(`tender.value is in ${shown(currency)}: not imported (kil works in pounds)`);
  else if (amount !== undefined) {
    let gross = out.amountOf(value?.amountGross, 'tender.value.amountGross');
    if (gross !== undefined && isPlaceholder(gross, rules)) {
      out.flag(`tender.value.amountGross is ${gross}, a placeholder these portals use: not imported`);
      gross = undefined;
    }
    // OCDS does not say whether an amount includes VAT. amountGross does; otherwise the basis is an
    // assumption from the rules, said as a point to check rather than passed off as a fact of the notice.
    const byType = rules.ocds.vat_when_not_stated.by_contract_type as Partial<Record<string, VatAssumption>>;
    const assumed = Object.hasOwn(byType, contractType) ? byType[contractType]! : rules.ocds.vat_when_not_stated.default;
    const vat = gross !== undefined ? 'included' : assumed.vat;
    if (gross === undefined) out.flag(vatAssumed(assumed, rules));
    const extensions = rules.ocds.estimate_includes_extensions;
    out.fact(
      ['value'],
      { amount: gross ?? amount, currency: 'GBP', vat, includes_extensions: extensions },
      'field',
      `${gross !== undefined ? 'tender.value.amountGross' : 'tender.value.amount'}; VAT ${vat}${gross !== undefined ? '' : ' (assumed: see the points to check)'}, extension options assumed ${extensions ? 'included' : 'excluded'}`,
    );
    return { ...out, estimate: amount };
  }
  return { ...out, estimate: undefined };
}

/** The awarded value: the sum of the awards, only when every award amount can be used. */
export function awardedValueRule(n: Notice, rules: ImportRules): Found {
  const out = new Notes();
  const awarded: number[] = [];
  let awardsUsable = true;
  for (const [at, a] of n.awardList.entries()) {
    const raw = obj(obj(a)?.value)?.amount;
    const amount = out.amountOf(raw, `awards[${at}].value.amount`);
    if (amount !== undefined) awarded.push(amount);
    else if (raw !== undefined && raw !== null) awardsUsable = false;
  }
  const total = awarded.reduce((sum, a) => sum + a, 0);
  const placeholders = awarded.filter((a) => isPlaceholder(a, rules));
  if (!awardsUsable) out.flag('the awarded value is not imported: an award amount above cannot be used');
  else if (placeholders.length > 0) out.flag(`an award value is a placeholder (${placeholders.join(', ')}): not imported`);
  else if (total > MAX_AMOUNT) out.flag(`the awards add up to ${total}: over £100bn, more than any real contract; not imported`);
  else if (awarded.length > 0) out.fact(['awarded_value'], total, 'field', 'awards[].value.amount');
  return out;
}
