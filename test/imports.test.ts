/**
 * The shape of src/: no module imports itself round a cycle, and the data flows one way,
 * files -> validated model -> scores -> report. src/model is the bottom (it imports no other
 * folder of src/), src/facts reads the model only, and no two folders import each other, even
 * round a longer loop. Read from the import statements of the source, type imports included
 * (a type-only cycle is still a knot to untie when a file moves).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

type Graph = ReadonlyMap<string, readonly string[]>;

const ROOT = resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

// import x from '...', import type {...} from '...', import '...', export {...} from '...', import('...').
const IMPORT = /^\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\bfrom\s*)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** The relative imports of each file under src/, as paths from the repository root. */
function importGraph(files: readonly { file: string; text: string }[]): Graph {
  const graph = new Map<string, string[]>();
  for (const { file, text } of files) {
    const deps = [...text.matchAll(IMPORT)]
      .map((m) => (m[1] ?? m[2])!)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => relative(ROOT, resolve(dirname(join(ROOT, file)), spec.replace(/\.js$/, '.ts'))));
    graph.set(file, [...new Set(deps)]);
  }
  return graph;
}

/** Every cycle found by a depth-first walk, each as the path round it ("a -> b -> a"). */
function cyclesOf(graph: Graph): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].join(' -> '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

/** src/load/contract.ts -> src/load; src/index.ts -> src/index. */
const folderOf = (file: string): string => file.split('/').slice(0, 2).join('/').replace(/\.ts$/, '');

/** The folders of src/ and which others each imports. */
function folderGraph(graph: Graph): Graph {
  const folders = new Map<string, Set<string>>();
  for (const [file, deps] of graph) {
    const from = folderOf(file);
    const to = folders.get(from) ?? new Set<string>();
    for (const dep of deps) if (folderOf(dep) !== from) to.add(folderOf(dep));
    folders.set(from, to);
  }
  return new Map([...folders].map(([k, v]) => [k, [...v].sort()]));
}

/** Which files of `from` import which files outside `allowed` (a folder may always import itself). */
function importsOutside(graph: Graph, from: string, allowed: readonly string[]): string[] {
  return [...graph].flatMap(([file, deps]) =>
    folderOf(file) === from ? deps.filter((d) => folderOf(d) !== from && !allowed.includes(folderOf(d))).map((d) => `${file} -> ${d}`) : [],
  );
}

const graph = importGraph(sourceFiles(join(ROOT, 'src')).map((f) => ({ file: relative(ROOT, f), text: readFileSync(f, 'utf8') })));

describe('the import graph of src/', () => {
  it('reads the imports (a check that finds nothing would pass whatever the code)', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('src/load/contract.ts')).toContain('src/model/contract.ts');
    expect(graph.get('src/load/rubrics.ts')).toContain('src/load/library.ts');
  });

  it('has no import cycle between files', () => {
    expect(cyclesOf(graph)).toEqual([]);
  });

  it('has no cycle between the folders of src/ (facts -> load -> facts was one)', () => {
    expect(cyclesOf(folderGraph(graph))).toEqual([]);
  });

  it('keeps src/model at the bottom and src/facts on the model only', () => {
    expect(importsOutside(graph, 'src/model', [])).toEqual([]);
    expect(importsOutside(graph, 'src/facts', ['src/model'])).toEqual([]);
  });

  it('finds a cycle, a folder cycle and a file importing upwards when there is one', () => {
    const knot = importGraph([
      { file: 'src/a/x.ts', text: "import { y } from './y.js';\nexport const x = 1;" },
      { file: 'src/a/y.ts', text: "import type { X } from '../b/z.js';" },
      { file: 'src/b/z.ts', text: "export { x } from '../a/x.js';\nconst later = () => import('../c/w.js');" },
      { file: 'src/c/w.ts', text: "import 'node:fs';" },
    ]);
    expect(cyclesOf(knot)).toEqual(['src/a/x.ts -> src/a/y.ts -> src/b/z.ts -> src/a/x.ts']);
    expect(cyclesOf(folderGraph(knot))).toEqual(['src/a -> src/b -> src/a']);
    expect(importsOutside(knot, 'src/b', ['src/a'])).toEqual(['src/b/z.ts -> src/c/w.ts']);
  });
});
