import { makeDiagnostic, type Diagnostic } from '../diagnostics.js';
import { lazyPackages } from '../lazy-packages.js';
import type { ManifestProblem } from './manifest-read.js';

/** Above this size a manifest is not parsed again to place its problems: they point at its start. */
const MAX_PLACED_BYTES = 8 * 1024 * 1024;

/** Warnings per manifest; a manifest edited into nonsense would otherwise flood the terminal. */
const MAX_WARNINGS = 20;

/**
 * Turns a manifest's problems into positioned warnings. The JSON is parsed a
 * second time, with positions, only here: a manifest without problems (every
 * normal build) costs nothing more. The `yaml` package reads JSON and keeps
 * the range of every key.
 */
export async function manifestDiagnostics(file: string, problems: readonly ManifestProblem[], text: string | undefined): Promise<Diagnostic[]> {
  if (problems.length === 0) return [];
  const place = await placer(text);
  const shown = problems.slice(0, MAX_WARNINGS).map((problem) => {
    const { line, column } = problem.offset !== undefined ? place.offset(problem.offset) : place.keys(problem.segments);
    return makeDiagnostic({
      severity: 'warning',
      code: 'manifest/ignored',
      file,
      line,
      column,
      ...(problem.segments.length ? { path: dataPath(problem.segments) } : {}),
      message: `build manifest ${problem.message}`,
      ...(problem.hint ? { hint: problem.hint } : {}),
    });
  });
  const more = problems.length - shown.length;
  if (more > 0)
    shown.push(
      makeDiagnostic({
        severity: 'warning',
        code: 'manifest/ignored',
        file,
        line: 0,
        column: 0,
        message: `build manifest: ${more} more problem${more === 1 ? '' : 's'} not shown; the entries concerned are ignored`,
      }),
    );
  return shown;
}

/** `inputs["../roles/kam.yaml"].outputs["kam.md"]`: keys are paths, so they are quoted (and escaped). */
function dataPath(segments: readonly string[]): string {
  return segments.map((s, i) => (i === 0 ? s : `[${JSON.stringify(s)}]`)).join('');
}

interface Placer {
  offset(offset: number): { line: number; column: number };
  keys(segments: readonly string[]): { line: number; column: number };
}

async function placer(text: string | undefined): Promise<Placer> {
  const start = { line: 1, column: 1 };
  if (text === undefined || text.length > MAX_PLACED_BYTES) return { offset: () => start, keys: () => start };
  const yaml = lazyPackages.yaml();
  const lineCounter = new yaml.LineCounter();
  const document = yaml.parseDocument(text, { lineCounter, uniqueKeys: false });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { line, column: col };
  };
  return {
    offset: at,
    keys: (segments) => {
      // Walks the keys as deep as the document goes; a key not found leaves the position at its parent.
      let node: unknown = document.contents;
      let offset = 0;
      for (const segment of segments) {
        if (!yaml.isMap(node)) break;
        const pair = node.items.find((item) => yaml.isScalar(item.key) && String(item.key.value) === segment);
        if (!pair || !yaml.isScalar(pair.key)) break;
        offset = pair.key.range?.[0] ?? offset;
        node = pair.value;
      }
      return at(offset);
    },
  };
}
