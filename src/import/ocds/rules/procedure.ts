/** The procedure, from tender.procurementMethod and its details, or a call-off said only in the description. Pure. */
import { Notes, str, type Found, type Notice } from '../notice.js';
import { noticeText } from '../text.js';

/** The procedure the method and its details name, the first that matches; undefined when none does. */
export function procedureOf(method: string | undefined, details: string, callOffText: boolean): string | undefined {
  if (/dynamic purchasing/i.test(details)) return 'dynamic-market';
  if (/framework/i.test(details)) return 'framework-call-off';
  if (callOffText && !/^open/i.test(details)) return 'framework-call-off';
  if (/quotation|below threshold/i.test(details)) return 'quotes';
  if (method === 'open' || /^open/i.test(details)) return 'open';
  if (method === 'direct' || /direct award|without (prior )?(publication|notice)/i.test(details)) return 'direct-award';
  if (method === 'selective' || /restricted|competitive|negotiated|dialogue/i.test(details)) return 'competitive-flexible';
  if (method === 'limited') return 'quotes';
  return undefined;
}

export function procedureRule(n: Notice): Found {
  const out = new Notes();
  const method = str(n.tender.procurementMethod);
  const details = noticeText(n.tender.procurementMethodDetails) ?? '';
  // A call-off said only in the description ("call off from the ... framework agreement") is a call-off all the same.
  const callOffText = /\bcall[- ]?off\b[^.]{0,120}\bframework\b|\bframework\b[^.]{0,120}\bcall[- ]?off\b/i.test(n.description) && !/dynamic purchasing/i.test(n.description);
  const procedure = procedureOf(method, details, callOffText);
  const [how, from] =
    procedure === 'framework-call-off' && !/framework/i.test(details) ? (['text', n.descriptionField ?? 'tender.description'] as const)
    : method ? (['field', details ? 'tender.procurementMethod, tender.procurementMethodDetails' : 'tender.procurementMethod'] as const)
    : (['text', 'tender.procurementMethodDetails'] as const);
  out.fact(['procedure'], procedure, how, from);
  return out;
}
