// DECIMAL(p,s) values as unscaled integers: text ⇄ bigint without floating point, so that
// "0.1" is exactly 1 at scale 1 and nothing is ever rounded silently.
import { ValueError } from './errors.ts';

const DECIMAL_RE = /^([+-])?(\d*)(?:\.(\d*))?(?:e([+-]?\d{1,4}))?$/i;

/** The unscaled value of `text` at `scale`, checked against `precision`. Throws ValueError. */
export function parseDecimal(text: string, precision: number, scale: number): bigint {
  const m = DECIMAL_RE.exec(text);
  const intPart = m?.[2] ?? '';
  const fracPart = m?.[3] ?? '';
  if (m === null || intPart.length + fracPart.length === 0) throw new ValueError('not a decimal number');
  const digits = intPart + fracPart;
  // value = digits × 10^(exponent − fracPart.length); unscaled = value × 10^scale
  const shift = Number(m[4] ?? 0) - fracPart.length + scale;
  let unscaled: string;
  if (shift >= 0) {
    unscaled = digits + '0'.repeat(shift);
  } else {
    const cut = Math.max(0, digits.length + shift);
    if (/[1-9]/.test(digits.slice(cut))) throw new ValueError(`has more than ${scale} fractional digits`);
    unscaled = digits.slice(0, cut);
  }
  unscaled = unscaled.replace(/^0+/, '');
  if (unscaled.length > precision) throw new ValueError(`does not fit DECIMAL(${precision},${scale})`);
  const magnitude = unscaled === '' ? 0n : BigInt(unscaled);
  return m[1] === '-' ? -magnitude : magnitude;
}

/** Plain decimal text with exactly `scale` fractional digits: 12345n, 2 → "123.45". */
export function formatDecimal(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const split = digits.length - scale;
  const text = scale === 0 ? digits : `${digits.slice(0, split)}.${digits.slice(split)}`;
  return negative ? `-${text}` : text;
}
