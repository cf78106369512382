/** The README's examples are what new users copy: they must keep working. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from './helpers.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const yamlBlocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('README', () => {
  it('has a commented contract example that kil assesses without errors or warnings', () => {
    const dir = tempDir();
    const file = join(dir, 'from-readme.yaml');
    writeFileSync(file, yamlBlocks[0]!);
    const r = runCli(['assess', file, '-o', '-', '-q']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# Keep it Local assessment: Community mental health support');
  });

  it('has a policy example that validates', () => {
    const dir = tempDir();
    const file = join(dir, 'policy.yaml');
    writeFileSync(file, yamlBlocks.find((b) => b.startsWith('kind: policy'))!);
    expect(runCli(['rubric', 'validate', file])).toMatchObject({ code: 0 });
  });

  it('gives exactly two quick-start commands, the second being the test command CI runs', () => {
    const quickStart = readme.split('## Quick start')[1]!.split('```sh\n')[1]!.split('```')[0]!.trim().split('\n');
    expect(quickStart).toEqual(['npm ci && npx kil assess examples/community-mental-health.yaml', 'npm test']);
    expect(readFileSync(join(ROOT, '.ci', 'run'), 'utf8')).toMatch(/\nnpm test\n/);
  });
});
