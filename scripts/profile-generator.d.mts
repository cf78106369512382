/** Types of profile-generator.mjs, for the TypeScript tests. */
export interface GeneratedBuyer {
  name: string;
  kind: string;
  type: 'sub-central' | 'central';
  district: string;
  postcode: string | undefined;
}
export interface GeneratedContract {
  file: string;
  path: string;
  buyer: number;
  doc: { procurement: Record<string, unknown> } & Record<string, unknown>;
}
export function random(seed: number): () => number;
export function generateInput(options: { dir: string; templates: object[]; contracts: number; buyers: number; seed?: number }): { buyers: GeneratedBuyer[]; contracts: GeneratedContract[] };
