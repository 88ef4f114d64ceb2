import { FileError } from '@ccm/toolkit/errors';
import { isRecord, type ReportFormat } from '../format';
import type { FunctionComplexity } from '../model';
import { valueText } from '../value-text';

/**
 * radon `cc -j` (`cc --json`): `{"path.py": [block, ...]}` or `{"path.py": {"error": "..."}}` for a file
 * radon could not parse, which is an error here (its complexity is unknown, not zero).
 * A block is a function, a method (with `classname`) or a class. Classes are skipped: their number is
 * an aggregate of their methods. Methods are listed both inside their class and at top level, and
 * `--show-closures` lists closures both inside their function and at top level (as `outer.inner`):
 * each function is counted once.
 * Closures are named `outer.inner`, methods `Class.method`.
 */
export const radon: ReportFormat<'complexity'> = {
  id: 'radon-cc',
  label: 'radon cc JSON',
  kind: 'complexity',
  matchJson: (document) => {
    if (!isRecord(document)) return false;
    const values = Object.values(document);
    return (
      values.length > 0 &&
      values.every((value) => (Array.isArray(value) && value.every(isRecord)) || isErrorEntry(value)) &&
      values.some(
        (value) => isErrorEntry(value) || (Array.isArray(value) && value.some((block) => 'complexity' in block)),
      )
    );
  },
  async parse({ file, json }) {
    if (!isRecord(json)) throw new FileError({ file }, 'expected a JSON object keyed by source file');
    const functions: FunctionComplexity[] = [];
    for (const [source, blocks] of Object.entries(json)) {
      if (isErrorEntry(blocks)) {
        throw new FileError({ file }, `radon could not analyse ${source}: ${blocks.error}`);
      }
      if (!Array.isArray(blocks)) throw new FileError({ file }, `"${source}": expected a list of blocks`);
      if (source === '') throw new FileError({ file }, 'a source file with an empty path');
      // Keyed by line and bare name: --show-closures names a method's closure `method.inner` where
      // the nested listing gives `Class.method.inner`; the longer, qualified name wins.
      const seen = new Map<string, FunctionComplexity>();
      const add = (name: string, block: Block) => {
        const key = `${block.lineno}\0${block.name.slice(block.name.lastIndexOf('.') + 1)}`;
        const known = seen.get(key);
        if (known) {
          if (name.length > known.name.length) known.name = name;
          return;
        }
        const entry = { file: source, name, line: block.lineno, complexity: block.complexity };
        seen.set(key, entry);
        functions.push(entry);
      };
      blocks.forEach((raw, index) => {
        const block = readBlock(raw, () => `"${source}"[${index}]`, file);
        if (block.type === 'class') {
          for (const method of block.methods) add(`${block.name}.${method.name}`, method);
          forEachClosure(block.methods, block.name, add);
        } else {
          const name = block.classname === undefined ? block.name : `${block.classname}.${block.name}`;
          add(name, block);
          forEachClosure([block], block.classname, add);
        }
      });
    }
    return { functions };
  },
};

interface Block {
  type: 'function' | 'method' | 'class';
  name: string;
  lineno: number;
  complexity: number;
  classname?: string;
  closures: Block[];
  methods: Block[];
}

/** Adds the closures of each function, recursively, as `outer.inner`. */
function forEachClosure(
  owners: readonly Block[],
  prefix: string | undefined,
  add: (name: string, block: Block) => void,
): void {
  for (const owner of owners) {
    const ownerName = prefix === undefined ? owner.name : `${prefix}.${owner.name}`;
    for (const closure of owner.closures) add(`${ownerName}.${closure.name}`, closure);
    forEachClosure(owner.closures, ownerName, add);
  }
}

function readBlock(raw: unknown, where: () => string, file: string): Block {
  const fail = (reason: string) => new FileError({ file }, `${where()}: ${reason}`);
  if (!isRecord(raw)) throw fail('a block must be an object');
  const { type, name, lineno, complexity, classname } = raw;
  if (!isBlockType(type)) throw fail(`type ${valueText(type)}, expected function, method or class`);
  if (typeof name !== 'string' || name === '') throw fail('no name');
  checkNumbers(name, lineno, complexity, fail);
  if (type === 'method' && !isName(classname)) throw fail(`method ${name} has no classname`);
  const children = (key: 'closures' | 'methods'): Block[] =>
    childBlocks(
      raw[key],
      (index) => `${where()}.${key}[${index}]`,
      file,
      () => fail(`${name}: ${key} is not a list`),
    );
  return {
    type,
    name,
    lineno: lineno as number,
    complexity: complexity as number,
    ...(typeof classname === 'string' ? { classname } : {}),
    closures: children('closures'),
    methods: children('methods'),
  };
}

function isBlockType(type: unknown): type is Block['type'] {
  return type === 'function' || type === 'method' || type === 'class';
}

function isName(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function checkNumbers(name: string, lineno: unknown, complexity: unknown, fail: (reason: string) => FileError): void {
  if (!Number.isInteger(lineno) || (lineno as number) < 1) throw fail(`${name}: lineno is not a line number`);
  if (!Number.isInteger(complexity) || (complexity as number) < 0) {
    throw fail(`${name}: complexity ${valueText(complexity)} is not a count`);
  }
}

/** A block's `closures` or `methods`: absent is none. */
function childBlocks(
  list: unknown,
  where: (index: number) => string,
  file: string,
  notAList: () => FileError,
): Block[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw notAList();
  return list.map((child, index) => readBlock(child, () => where(index), file));
}

function isErrorEntry(value: unknown): value is { error: string } {
  return isRecord(value) && typeof value.error === 'string';
}
