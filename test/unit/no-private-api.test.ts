/**
 * Dependencies are used through their public, documented APIs only (issue
 * 16): nothing in src/ reads or writes an underscore member, the convention
 * for a package's private state (pdfkit's `_write`, fontkit's `_glyphs`…). jdgen's own
 * code names no member that way either, so any such access is a dependency's
 * private one. Read with the TypeScript parser: comments and strings that
 * merely mention such a name do not count.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|mts|cts)$/.test(entry.name) ? [path] : [];
  });
}

/*
 * `_initialize` is not private: it is the entry point a WASI "reactor" WebAssembly module exports for its
 * host to call before any other export (WASI application ABI); harfbuzz-subset.wasm is one (file/subset.ts).
 */
const isPrivate = (name: string): boolean => (/^_[^_]/.test(name) && name !== '_initialize') || /^__(?!proto__$|dirname$|filename$)\w/.test(name);

/** Underscore members a source text touches: `x._a`, `x['_a']`, `{ _a: … }`, `const { _a } = x`, `class { _a }`. */
export function privateMembers(text: string, file = 'source.ts'): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const at = (node: ts.Node, name: string): void => {
    const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push(`${file}:${line + 1}:${character + 1} ${name}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && isPrivate(node.name.text)) at(node.name, node.name.text);
    else if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression) && isPrivate(node.argumentExpression.text))
      at(node.argumentExpression, node.argumentExpression.text);
    else if (
      (ts.isPropertyAssignment(node) ||
        ts.isShorthandPropertyAssignment(node) ||
        ts.isBindingElement(node) ||
        ts.isPropertyDeclaration(node) ||
        ts.isMethodDeclaration(node) ||
        ts.isPropertySignature(node)) &&
      node.name !== undefined
    ) {
      const name = ts.isBindingElement(node) && node.propertyName ? node.propertyName : node.name;
      const text = ts.isIdentifier(name) || ts.isStringLiteralLike(name) ? name.text : undefined;
      if (text !== undefined && isPrivate(text) && !(ts.isBindingElement(node) && !node.propertyName && !ts.isObjectBindingPattern(node.parent)))
        at(name, text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('no private API of a dependency', () => {
  it('finds underscore members however they are reached', () => {
    const sample = [
      'doc._write = () => {};',
      "font['_glyphs'] = {};",
      'const { _offset } = doc as any;',
      'const { _metrics: m } = glyph as any;',
      'patch({ _imageCount: 1 });',
      'interface Internals { _font?: unknown }',
      '// a comment on _write is fine',
      "const note = 'and so is a string about x._glyphs';",
      'const a = __dirname; const b = value.__proto__;',
    ].join('\n');
    expect(privateMembers(sample).map((f) => f.split(' ')[1])).toEqual(['_write', '_glyphs', '_offset', '_metrics', '_imageCount', '_font']);
  });

  it('src/ touches none', () => {
    const found = sources(SRC).flatMap((path) => privateMembers(readFileSync(path, 'utf8'), relative(join(SRC, '..'), path)));
    expect(found).toEqual([]);
  });
});
