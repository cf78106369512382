/**
 * mdText and plainText skip their work for text that needs none (most text in a report): the
 * result must be what the full work gives, for any text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mdText, plainText } from '../src/render/text.js';

// The full work, as kil 0.1.0 did it for every text.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const fullPlain = (text: string): string => text.replace(ANSI, '').replace(/\r\n?|\n|\t/g, ' ').replace(CONTROL, '');
const fullMd = (text: string): string =>
  fullPlain(text)
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]|~#<]/g, (c) => `\\${c}`)
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
    .replace(/^>/, '\\>')
    .replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2')
    .replace(/^([-+])(?=\s|$)/, '\\$1')
    .replace(/^(=+)$/, '\\$1');

describe('text made safe', () => {
  const units = ['a', 'Z', ' ', '  ', '\t', '\n', '\r', '\u00a0', '\u2028', '\ufeff', '\u001b[31m', '\u009b', '\u0007', '&', '<', '>', '*', '_', '|', '#', '`', '~', '[', ']', '\\', '1', '9', '.', ')', '-', '+', '=', '£', '—', '😀'];
  const texts = fc.sample(fc.oneof(fc.string({ unit: fc.constantFrom(...units), maxLength: 12 }), fc.string(), fc.string({ unit: 'binary' })), { numRuns: 30_000, seed: 42 });
  const edges = ['', ' ', 'plain words', 'Engage local providers early', '1. item', '12) x', '- x', '+', '===', '= x', 'x ', ' x', 'a  b', 'a\u00a0b', '40% of the value'];

  it('mdText gives what the full work gives, for any text', () => {
    for (const t of [...edges, ...texts]) expect(mdText(t), JSON.stringify(t)).toBe(fullMd(t));
  });

  it('plainText gives what the full work gives, for any text', () => {
    for (const t of [...edges, ...texts]) expect(plainText(t), JSON.stringify(t)).toBe(fullPlain(t));
  });
});
