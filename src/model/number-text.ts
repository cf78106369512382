/**
 * Numbers as people read them: 6,857,143 and 2.5, as `Intl.NumberFormat('en-GB')` writes them
 * with up to 10 decimals. toLocaleString builds a new Intl formatter on every call (about 1 ms a
 * contract in a batch); even one shared formatter costs a microsecond or more a call, and its
 * first use loads the locale data. Numbers written plainly by JavaScript with at most 10
 * decimals (nearly every number kil shows) are grouped here by hand, with the same result.
 */
let intl: Intl.NumberFormat | undefined;

/** Every other number (10^21 and up, tiny fractions, -0, NaN, Infinity): as Intl writes it. */
const byIntl = (n: number): string => (intl ??= new Intl.NumberFormat('en-GB', { maximumFractionDigits: 10 })).format(n);

/** "1234567" -> "1,234,567": digits only, no sign. */
function groupThousands(digits: string): string {
  if (digits.length <= 3) return digits;
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return out;
}

export function formatNumber(n: number): string {
  // String(n) is the shortest text that reads back as n; Intl starts from the same digits.
  const text = String(n);
  if (text.includes('e') || Object.is(n, -0) || !Number.isFinite(n)) return byIntl(n);
  const negative = text.startsWith('-');
  const unsigned = negative ? text.slice(1) : text;
  const dot = unsigned.indexOf('.');
  const whole = dot === -1 ? unsigned : unsigned.slice(0, dot);
  const fraction = dot === -1 ? '' : unsigned.slice(dot + 1);
  if (fraction.length > 10) return byIntl(n); // Intl rounds to 10 decimals
  return `${negative ? '-' : ''}${groupThousands(whole)}${fraction === '' ? '' : `.${fraction}`}`;
}
