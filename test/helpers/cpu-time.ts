/**
 * Hang guards measure the CPU time of this test process, not the wall clock:
 * on a loaded 2-core CI machine the wall time of the same work grows several
 * times over, while its CPU time stays put. The bounds stay far above the real
 * cost and far below what the bug they guard against took (minutes), so they
 * catch a quadratic regression without timing anything finely (speed itself is
 * checked by `npm run bench`). Vitest runs each test file in its own process.
 */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export async function cpuTimed<T>(work: () => T | Promise<T>): Promise<{ result: T; ms: number }> {
  const start = cpuMs();
  const result = await work();
  return { result, ms: cpuMs() - start };
}
