/**
 * Releases and records grouped by contracting process (ocid), in the order each process was
 * first seen. Pure. Holds what it is given: the import keeps it small by spilling to disk
 * (src/cli/process-store.ts) once the input is large.
 */
import type { Json, OcdsItem } from './items.js';

export interface Process {
  ocid: string;
  /** A record's compiledRelease, when the input had one. */
  compiled?: Json;
  releases: Json[];
  /** The inputs the process's releases came from, in the order first seen. */
  inputs: string[];
}

export class ProcessGroups {
  readonly #byOcid = new Map<string, Process>();

  add(item: OcdsItem, input: string): void {
    let p = this.#byOcid.get(item.ocid);
    if (!p) {
      p = { ocid: item.ocid, releases: [], inputs: [] };
      this.#byOcid.set(item.ocid, p);
    }
    if (item.compiled) p.compiled = item.compiled;
    for (const r of item.releases) p.releases.push(r);
    if (!p.inputs.includes(input)) p.inputs.push(input);
  }

  get size(): number {
    return this.#byOcid.size;
  }

  processes(): Process[] {
    return [...this.#byOcid.values()];
  }
}
