// lcov-parse 1.0.0 ships no types; only what the benchmark reads is declared.
declare module 'lcov-parse' {
  interface LcovRecord {
    file: string;
    lines: { found: number; hit: number; details: { line: number; hit: number }[] };
  }
  function parse(file: string, done: (error: unknown, data?: LcovRecord[]) => void): void;
  export default parse;
}
