/**
 * Where the mapping's assumptions come from: the policy file's ocds_import section. The CLI
 * passes those of the rubric folder it loaded (rulesFromPolicy); a program that calls the import
 * without any gets those of kil's own rubrics/policy.yaml (shippedRules), read once, when first
 * wanted. That read is the only file access in src/import/ocds/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatDiagnostic } from '../../load/diagnostic.js';
import { docsOnly, validateSource } from '../../load/validate.js';
import { parseYamlSource } from '../../load/yaml-source.js';
import type { ImportRules } from '../../model/ocds-import.js';
import { PolicySchema, type Policy } from '../../model/policy.js';

/** The import rules of a policy, or why there are none. Pure. */
export function rulesFromPolicy(policy: Policy): { rules: ImportRules } | { problem: string } {
  if (!policy.ocds_import) return { problem: 'the policy file has no ocds_import section, which says what kil import ocds assumes where a notice is silent; copy it from kil\'s rubrics/policy.yaml' };
  return { rules: { ocds: policy.ocds_import, vatRatePct: policy.vat_rate_pct } };
}

/** kil's own rubrics/policy.yaml: the first folder up from here that has it beside a package.json. */
function shippedPolicyFile(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const file = join(dir, 'rubrics', 'policy.yaml');
    if (existsSync(file) && existsSync(join(dir, 'package.json'))) return file;
    if (dirname(dir) === dir) throw new Error('kil\'s rubrics/policy.yaml is not found: the import has no rules to apply');
  }
}

let shipped: ImportRules | undefined;

/** The import rules of kil's own rubrics/policy.yaml; a broken file is a bug in kil, said loudly. */
export function shippedRules(): ImportRules {
  if (shipped) return shipped;
  const file = shippedPolicyFile();
  const parsed = parseYamlSource(file, readFileSync(file, 'utf8'));
  const valid = parsed.ok ? validateSource(parsed.source, PolicySchema, docsOnly('docs/rubrics.md')) : parsed;
  if (!valid.ok) throw new Error(`kil's policy file is not valid: ${valid.diagnostics.map(formatDiagnostic).join('; ')}`);
  const found = rulesFromPolicy(valid.value);
  if ('problem' in found) throw new Error(`${file}: ${found.problem}`);
  return (shipped = found.rules);
}
