import { reconcileExecutedLines } from './coveragepy-statements';
import { LineHits } from './line-hits';

/** A section's LF and LH as written, and whether it had a hit `DA:0` (coverage.py counts it in LH). */
export interface SectionSummary {
  found?: number;
  hit?: number;
  markerHit?: boolean;
}

/** How many disagreeing sections a warning names before it only counts them. */
const NAMED_SECTIONS = 3;

/**
 * Checks each lcov section's DA records against its LF/LH summary. coverage.py 6.5 writes a DA
 * record for a module docstring's line, which its LF (statements) leaves out; the DA lines that are
 * not statements in the source (a string literal, comment or blank line) are dropped when that makes
 * them agree with LF. Any other disagreement keeps the DA records (they carry the lines, which diff
 * coverage needs). Either way the file gets one warning naming the sections and what was used.
 */
export class LfLhCheck {
  private readonly notes: string[] = [];
  private disagreeing = 0;

  constructor(
    private readonly file: string,
    private readonly root: string,
  ) {}

  /** The section's lines to keep: its DA records, less non-statements when that settles LF. */
  section(path: string, lines: LineHits, summary: SectionSummary): LineHits {
    const { found, hit } = summary;
    if (found === undefined && hit === undefined) return lines;
    const counts = lines.tally();
    const hitWithMarker = counts.covered + (summary.markerHit ? 1 : 0);
    if ((found ?? counts.lines) === counts.lines && (hit ?? hitWithMarker) === hitWithMarker) return lines;

    const distinct = new Map(lines);
    const covered = counts.covered;
    const said = `DA records ${distinct.size} lines (${covered} hit), LF ${found ?? '-'}, LH ${hit ?? '-'}`;
    const kept =
      found !== undefined && found < distinct.size
        ? reconcileExecutedLines(path, this.root, [...distinct.keys()], found)
        : undefined;
    if (!kept) {
      this.note(`${path}: ${said}; used the DA records`);
      return lines;
    }
    const settled = new LineHits();
    for (const line of kept) settled.add(line, distinct.get(line) as number);
    const settledCovered = kept.filter((line) => (distinct.get(line) as number) > 0).length;
    this.note(
      `${path}: ${said}; used the DA records less ${distinct.size - kept.length} that are not statements in the source (${kept.length} lines, ${settledCovered} hit)`,
    );
    return settled;
  }

  /** One line for the whole file, or undefined when every section agreed. */
  warning(): string | undefined {
    if (this.disagreeing === 0) return undefined;
    const more = this.disagreeing - this.notes.length;
    return `${this.file}: ${this.disagreeing} section(s) where DA and LF/LH disagree: ${this.notes.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
  }

  private note(text: string): void {
    this.disagreeing++;
    if (this.notes.length < NAMED_SECTIONS) this.notes.push(text);
  }
}
