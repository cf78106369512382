/**
 * Reading kil's HTML and SVG as a browser would: parsed with parse5 (the WHATWG HTML parser),
 * then walked. Shared by the HTML tests and the fuzz tests.
 */
import { parse, parseFragment, type DefaultTreeAdapterTypes as T, type ParserError } from 'parse5';

export type El = T.Element;
type Parent = T.ParentNode;

export interface Parsed {
  doc: T.Document;
  /** Parse errors (the WHATWG list): kil's pages should have none. */
  errors: ParserError[];
}

export function parseHtml(html: string): Parsed {
  const errors: ParserError[] = [];
  const doc = parse(html, { onParseError: (e) => errors.push(e) });
  return { doc, errors };
}

/** An SVG element on its own (as inlined in a page), parsed as it is in an HTML body. */
export function parseSvg(svg: string): { doc: T.DocumentFragment; errors: ParserError[] } {
  const errors: ParserError[] = [];
  const doc = parseFragment(svg, { onParseError: (e) => errors.push(e) });
  return { doc, errors };
}

const isElement = (n: T.ChildNode | T.Node): n is El => 'tagName' in n;

/** Every element under `root`, in document order. */
export function elements(root: Parent): El[] {
  const out: El[] = [];
  const walk = (n: Parent) => {
    for (const c of n.childNodes) {
      if (isElement(c)) {
        out.push(c);
        walk(c);
      }
    }
  };
  walk(root);
  return out;
}

/** The text a reader sees inside a node: its text nodes joined (entities already decoded by the parser). */
export function text(n: Parent): string {
  return n.childNodes.map((c) => (c.nodeName === '#text' ? (c as T.TextNode).value : isElement(c) ? text(c) : '')).join('');
}

export const attr = (el: El, name: string): string | undefined => el.attrs.find((a) => a.name === name)?.value;
export const hasClass = (el: El, cls: string): boolean => (attr(el, 'class') ?? '').split(' ').includes(cls);
export const byTag = (root: Parent, tag: string): El[] => elements(root).filter((e) => e.tagName === tag);
export const byClass = (root: Parent, cls: string): El[] => elements(root).filter((e) => hasClass(e, cls));

/**
 * The page's shape without its words: every element with its attributes, in order. Two pages
 * whose texts differ but whose skeletons are equal got no element or attribute from the text.
 */
export function skeleton(root: Parent): string[] {
  return elements(root).map((e) => `${e.tagName}${e.attrs.map((a) => ` ${a.name}="${a.value}"`).join('')}`);
}

/** Comments anywhere in the tree (kil writes one: its marker). */
export function comments(root: Parent): string[] {
  const out: string[] = [];
  const walk = (n: Parent) => {
    for (const c of n.childNodes) {
      if (c.nodeName === '#comment') out.push((c as T.CommentNode).data);
      else if (isElement(c)) walk(c);
    }
  };
  walk(root);
  return out;
}
