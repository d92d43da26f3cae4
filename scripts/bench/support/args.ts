/** Command-line options of the benchmarks: `--name value`. */

/** `--name <number>`, or `fallback` when absent. */
export function numberArg(argv: readonly string[], name: string, fallback: number): number {
  const index = argv.indexOf(`--${name}`);
  return index >= 0 ? Number(argv[index + 1]) : fallback;
}

/** `--name a,b,c` as a list, or undefined when absent. */
export function listArg(argv: readonly string[], name: string): string[] | undefined {
  const index = argv.indexOf(`--${name}`);
  return index >= 0 ? argv[index + 1].split(',') : undefined;
}
