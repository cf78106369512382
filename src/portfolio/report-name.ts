/**
 * The file name of a contract's report in --out-dir: flat, made only of safe characters, so
 * no input path (with "..", an absolute path or odd bytes) can place a file outside the folder.
 */
export function reportFileName(contractPath: string, used: Set<string>, format: 'md' | 'html' = 'md'): string {
  const withoutExt = contractPath.replace(/\.ya?ml$/i, '');
  const segments = withoutExt
    .split(/[\\/]+/)
    .filter((s) => s !== '' && s !== '.')
    .map((s) => (s === '..' ? 'up' : s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[.]+/, '_')));
  const base = (segments.join('__') || 'contract').slice(0, 180);
  let name = `${base}.report.${format}`;
  for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base}-${n}.report.${format}`;
  used.add(name.toLowerCase());
  return name;
}
