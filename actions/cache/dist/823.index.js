export const id = 823;
export const ids = [823];
export const modules = {

/***/ 2823:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  detectFormat: () => (/* reexport */ detect_detectFormat),
  loadTests: () => (/* reexport */ loadTests)
});

// UNUSED EXPORTS: CoverageMap, FORMATS, KIND_LABELS, LineSet, MIN_ROUNDS, SEVERITIES, compareBenchmarks, expandGlobs, fileTotals, judgePaired, loadBenchmarks, loadComplexity, loadCoverage, loadSecurity, median, normaliseSourcePath, signedRankInterval, signedRankPValue, unitDirection

// EXTERNAL MODULE: ./node_modules/.pnpm/@stdlib+stats-base-dists-normal-cdf@0.3.1/node_modules/@stdlib/stats-base-dists-normal-cdf/lib/index.js
var lib = __webpack_require__(98853);
;// CONCATENATED MODULE: ./packages/reports/src/benchmarks/mann-whitney.ts

/**
 * Two-sided Mann–Whitney U test by the normal approximation, with the tie correction of the variance
 * and a continuity correction of 1/2: the same computation as scipy.stats.mannwhitneyu(x, y,
 * method='asymptotic'), its default use_continuity=True.
 */
function mann_whitney_mannWhitneyU(x, y) {
    const n1 = x.length;
    const n2 = y.length;
    if (n1 === 0 || n2 === 0)
        throw new RangeError('the Mann-Whitney U test needs two non-empty samples');
    const pooled = [...x.map((value) => ({ value, first: true })), ...y.map((value) => ({ value, first: false }))];
    pooled.sort((a, b) => a.value - b.value);
    const n = n1 + n2;
    let rankSumX = 0;
    let tieTerm = 0;
    for (let start = 0; start < n;) {
        // A run of equal values shares the average of the ranks it spans.
        let end = start + 1;
        while (end < n && pooled[end].value === pooled[start].value)
            end++;
        const averageRank = (start + 1 + end) / 2;
        for (let i = start; i < end; i++)
            if (pooled[i].first)
                rankSumX += averageRank;
        const ties = end - start;
        tieTerm += ties ** 3 - ties;
        start = end;
    }
    const u = rankSumX - (n1 * (n1 + 1)) / 2;
    return { u, pValue: twoSidedP(u, n1, n2, tieTerm) };
}
/**
 * The smallest two-sided p-value the test can give for these sample sizes (complete separation, no
 * ties). When it is not below alpha, no data can make the difference significant: the cases benchstat
 * flags "need >= 4 samples to detect a difference at alpha level 0.05".
 */
function mann_whitney_smallestPValue(n1, n2) {
    return twoSidedP(n1 * n2, n1, n2, 0);
}
function twoSidedP(u, n1, n2, tieTerm) {
    const n = n1 + n2;
    const mean = (n1 * n2) / 2;
    const variance = ((n1 * n2) / 12) * (n + 1 - (n > 1 ? tieTerm / (n * (n - 1)) : 0));
    // Every value equal: nothing differs.
    if (!(variance > 0))
        return 1;
    const z = (Math.abs(u - mean) - 0.5) / Math.sqrt(variance);
    if (z <= 0)
        return 1;
    return Math.min(1, 2 * normalCdf(-z, 0, 1));
}

;// CONCATENATED MODULE: ./packages/reports/src/benchmarks/compare.ts

/**
 * Compares two benchmark reports benchmark by benchmark (matched by name and unit; several results
 * for one key, from several files, are pooled). The centre is the median. A change beyond
 * ±maxRegressionPercent is `regressed`/`improved` only when the U test finds it significant, or when
 * both sides have one sample each and cannot be tested (flagged `untested`).
 */
function compareBenchmarks(baseline, current, options) {
    const alpha = options.alpha ?? 0.05;
    const threshold = options.maxRegressionPercent;
    if (!(threshold >= 0))
        throw new RangeError(`maxRegressionPercent must be >= 0, got ${threshold}`);
    if (!(alpha > 0 && alpha < 1))
        throw new RangeError(`alpha must be between 0 and 1, got ${alpha}`);
    const before = pool(baseline);
    const after = pool(current);
    const comparisons = [];
    for (const [key, now] of after) {
        const then = before.get(key);
        const common = { name: now.name, unit: now.unit, biggerIsBetter: now.biggerIsBetter };
        if (!then) {
            comparisons.push({
                ...common,
                verdict: 'new',
                current: compare_median(now.samples),
                baselineSamples: 0,
                currentSamples: now.samples.length,
                untested: true,
                testable: false,
            });
            continue;
        }
        comparisons.push(compareOne(common, then.samples, now.samples, threshold, alpha));
    }
    for (const [key, then] of before) {
        if (after.has(key))
            continue;
        comparisons.push({
            name: then.name,
            unit: then.unit,
            biggerIsBetter: then.biggerIsBetter,
            verdict: 'missing',
            baseline: compare_median(then.samples),
            baselineSamples: then.samples.length,
            currentSamples: 0,
            untested: true,
            testable: false,
        });
    }
    return comparisons;
}
function compareOne(common, baselineSamples, currentSamples, threshold, alpha) {
    const baseline = compare_median(baselineSamples);
    const current = compare_median(currentSamples);
    const raw = relativeChange(baseline, current);
    const changePercent = common.biggerIsBetter ? -raw : raw;
    const untested = baselineSamples.length === 1 && currentSamples.length === 1;
    const testable = smallestPValue(baselineSamples.length, currentSamples.length) < alpha;
    const result = {
        ...common,
        verdict: 'unchanged',
        baseline,
        current,
        baselineSamples: baselineSamples.length,
        currentSamples: currentSamples.length,
        changePercent,
        untested,
        testable,
    };
    let decided = untested;
    if (!untested) {
        const { pValue } = mannWhitneyU(baselineSamples, currentSamples);
        result.pValue = pValue;
        result.significant = pValue < alpha;
        decided = result.significant;
    }
    if (decided && changePercent > threshold)
        result.verdict = 'regressed';
    else if (decided && changePercent < -threshold)
        result.verdict = 'improved';
    if (untested) {
        result.note = 'one sample on each side: no significance test, the threshold alone decided';
    }
    else if (!testable) {
        result.note = `too few samples (${baselineSamples.length} vs ${currentSamples.length}) for any difference to be significant at alpha ${alpha}`;
    }
    return result;
}
function relativeChange(baseline, current) {
    if (baseline === current)
        return 0;
    if (baseline === 0)
        return current > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    return ((current - baseline) / Math.abs(baseline)) * 100;
}
function compare_median(samples) {
    const sorted = [...samples].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
function pool(report) {
    const pooled = new Map();
    for (const { name, unit, biggerIsBetter, samples } of report.benchmarks) {
        if (samples.length === 0)
            continue;
        const key = `${name}\0${unit}`;
        const known = pooled.get(key);
        if (known)
            known.samples.push(...samples);
        else
            pooled.set(key, { name, unit, biggerIsBetter, samples: [...samples] });
    }
    return pooled;
}

;// CONCATENATED MODULE: ./packages/reports/src/benchmarks/paired.ts
/**
 * Paired A/B statistics for benchmarks run in the base and the head tree alternately (ABBA).
 * All the runs of one side of an unpaired comparison share one moment of the machine, so drift
 * between moments (CPU frequency, neighbours) reads as a change. Here each round runs base and head
 * back to back and the change is the ratio within the round, so the round's speed cancels.
 *
 * The judgement works on the log of each round's ratio head/base (logs make a 10% slowdown and the
 * matching speed-up symmetric): the estimate is the Hodges-Lehmann estimator (median of the Walsh
 * averages) and its interval the exact distribution-free confidence interval that inverts the
 * Wilcoxon signed-rank test. No resampling, so the result is the same on every run, without a seed.
 */

/** The fewest rounds with which a 95% signed-rank interval exists (2^-5 > 0.025 for five). */
const MIN_ROUNDS = 6;
/**
 * Judges one benchmark from its per-round ratios head/base.
 * Band: unchanged within [1/(1+limit), 1+limit]; the lower edge is the reciprocal so that "as much
 * faster as the limit is slower" is symmetric on the log scale.
 */
function judgePaired(ratios, options) {
    const confidence = options.confidence ?? 0.95;
    for (const r of ratios) {
        if (!(Number.isFinite(r) && r > 0))
            throw new RangeError(`a round's ratio is ${r}; expected a positive number`);
    }
    const logs = ratios.map(Math.log);
    const n = logs.length;
    const { low, high, estimate } = signedRankInterval(logs, confidence);
    const upper = 1 + options.maxRegression;
    const lower = 1 / upper;
    const judgement = {
        verdict: 'unresolved',
        ratio: Math.exp(estimate),
        low: Math.exp(low),
        high: Math.exp(high),
        rounds: n,
        pValue: signedRankPValue(logs),
        spread: standardDeviation(logs),
    };
    if (judgement.low > upper)
        judgement.verdict = 'regressed';
    else if (judgement.high < lower)
        judgement.verdict = 'improved';
    else if (judgement.low >= lower && judgement.high <= upper)
        judgement.verdict = 'unchanged';
    else
        judgement.roundsNeeded = roundsToResolve(judgement.spread, Math.log(upper), n);
    return judgement;
}
/**
 * Rounds after which the interval's half-width (≈ 2·spread/√n for a 95% interval) is a third of
 * the limit, so an estimate at most two thirds of the way to an edge is resolved. A guide, not a promise.
 */
function roundsToResolve(spread, logLimit, current) {
    const needed = Math.ceil(((2 * spread) / (logLimit / 3)) ** 2);
    return Math.max(MIN_ROUNDS, current + 1, needed);
}
/**
 * Hodges-Lehmann estimate and the exact signed-rank confidence interval: the k-th smallest and
 * k-th largest Walsh average, k the largest count with P(W+ < k) ≤ (1 - confidence)/2
 * (n = 10 at 95%: k = 9, the textbook critical value 8 plus one).
 * With fewer rounds than that allows, the interval is unbounded (no verdict but unresolved).
 */
function signedRankInterval(values, confidence = 0.95) {
    const n = values.length;
    if (n === 0)
        throw new RangeError('no rounds to judge');
    const walsh = [];
    for (let i = 0; i < n; i++)
        for (let j = i; j < n; j++)
            walsh.push((values[i] + values[j]) / 2);
    walsh.sort((a, b) => a - b);
    const estimate = median(walsh);
    const counts = signedRankCounts(n);
    const total = 2 ** n;
    const tail = (1 - confidence) / 2;
    let cumulative = 0;
    // k: how many values of W+ (0..k-1) fit in one tail; the interval then keeps the Walsh averages
    // from the k-th smallest to the k-th largest (a shift outside it gives W+ or W- below k).
    let k = 0;
    while (k < counts.length && (cumulative + counts[k]) / total <= tail)
        cumulative += counts[k++];
    if (k === 0)
        return { estimate, low: Number.NEGATIVE_INFINITY, high: Number.POSITIVE_INFINITY };
    return { estimate, low: walsh[k - 1], high: walsh[walsh.length - k] };
}
/**
 * Exact two-sided p-value of the Wilcoxon signed-rank test (zeros dropped, as scipy's default
 * `zero_method='wilcox'`; tied magnitudes get their average rank, and the exact null distribution
 * is then only approximate, as in every exact implementation).
 */
function signedRankPValue(values) {
    const nonZero = values.filter((v) => v !== 0);
    const n = nonZero.length;
    if (n === 0)
        return 1;
    const ranks = averageRanks(nonZero.map(Math.abs));
    const plus = nonZero.reduce((sum, v, i) => (v > 0 ? sum + ranks[i] : sum), 0);
    const statistic = Math.min(plus, (n * (n + 1)) / 2 - plus);
    const counts = signedRankCounts(n);
    let below = 0;
    for (let s = 0; s <= Math.floor(statistic + 1e-9); s++)
        below += counts[s];
    return Math.min(1, (2 * below) / 2 ** n);
}
/** counts[s]: how many of the 2^n sign assignments of ranks 1..n give W+ = s. */
function signedRankCounts(n) {
    const max = (n * (n + 1)) / 2;
    const counts = new Array(max + 1).fill(0);
    counts[0] = 1;
    for (let rank = 1; rank <= n; rank++) {
        for (let s = max; s >= rank; s--)
            counts[s] += counts[s - rank];
    }
    return counts;
}
function averageRanks(values) {
    const order = values.map((v, i) => [v, i]).sort((a, b) => a[0] - b[0]);
    const ranks = new Array(values.length);
    for (let start = 0; start < order.length;) {
        let end = start;
        while (end + 1 < order.length && order[end + 1][0] === order[start][0])
            end++;
        for (let i = start; i <= end; i++)
            ranks[order[i][1]] = (start + end) / 2 + 1;
        start = end + 1;
    }
    return ranks;
}
function standardDeviation(values) {
    if (values.length < 2)
        return 0;
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    return Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./packages/toolkit/src/errors.ts
var errors = __webpack_require__(38178);
;// CONCATENATED MODULE: ./packages/reports/src/source.ts



/** How much of a file format detection looks at. */
const HEAD_BYTES = 64 * 1024;
/** JSON reports are read whole; past this size they are refused rather than exhausting memory. */
const MAX_JSON_BYTES = 512 * 1024 * 1024;
/**
 * Past this size a JSON report of a format that can stream (`matchJsonHead`) is detected by its head
 * and streamed. Below it JSON.parse is faster (about 130 MB/s against 60 MB/s for the streaming
 * parser) and its memory (about 2.5 times the file) is still modest.
 */
const STREAM_JSON_BYTES = 64 * 1024 * 1024;
/**
 * Reads the start of a report and refuses what no parser could read: a missing, empty, or binary file.
 * Binary means a NUL byte in the head; no report format we read contains one.
 */
async function readHead(file) {
    let size;
    try {
        const info = await (0,promises_.stat)(file);
        if (!info.isFile())
            throw new errors/* FileError */.f6({ file }, 'not a regular file');
        size = info.size;
    }
    catch (error) {
        if (error instanceof errors/* FileError */.f6)
            throw error;
        throw new errors/* FileError */.f6({ file }, `cannot read: ${error.code ?? String(error)}`);
    }
    if (size === 0)
        throw new errors/* FileError */.f6({ file }, 'the file is empty');
    const handle = await (0,promises_.open)(file, 'r');
    try {
        const buffer = Buffer.alloc(Math.min(size, HEAD_BYTES));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
        const head = buffer.subarray(0, bytesRead);
        const nul = head.indexOf(0);
        if (nul !== -1)
            throw new errors/* FileError */.f6({ file, offset: nul }, 'binary data (a NUL byte); expected a text report');
        const text = stripBom(head.toString('utf8'));
        if (text.trim() === '')
            throw new errors/* FileError */.f6({ file }, 'the file holds only white space');
        return { file, size, text };
    }
    finally {
        await handle.close();
    }
}
function stripBom(text) {
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
/** True when the head looks like JSON (an object or array), the way detection routes a file. */
function looksLikeJson(text) {
    const first = text.trimStart()[0];
    return first === '{' || first === '[';
}
/** True when the head looks like XML. */
function looksLikeXml(text) {
    return text.trimStart().startsWith('<');
}
/** Reads and parses a whole JSON report; a syntax error names the line and column. */
async function readJson(file, size) {
    if (size > MAX_JSON_BYTES) {
        throw new errors/* FileError */.f6({ file }, `JSON report of ${size} bytes is over the ${MAX_JSON_BYTES}-byte limit for a document read whole, and not of a format that streams`);
    }
    const { readFile } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 51455, 23));
    const text = stripBom(await readFile(file, 'utf8'));
    return parseJsonText(file, text);
}
function parseJsonText(file, text) {
    try {
        return JSON.parse(text);
    }
    catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const position = jsonErrorPosition(message, text.length);
        const { line, column } = (0,errors/* lineAndColumn */.q1)(text, position);
        throw new errors/* FileError */.f6({ file, line, column }, `malformed JSON: ${message.replace(/\s*in JSON at position \d+.*$/s, '')}`);
    }
}
function jsonErrorPosition(message, length) {
    const match = /position (\d+)/.exec(message);
    if (match?.[1])
        return Number(match[1]);
    // "Unexpected end of JSON input" carries no position: the problem is at the end.
    return length;
}
/**
 * Streams a text file line by line with 1-based line numbers, holding one chunk at a time.
 * A synchronous callback per line (no promise per line) keeps 1 GB reports fast.
 */
async function forEachLine(file, onLine) {
    let carry = '';
    let lineNumber = 0;
    let first = true;
    for await (const chunk of (0,external_node_fs_.createReadStream)(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
        let text = carry + chunk;
        if (first) {
            text = stripBom(text);
            first = false;
        }
        let start = 0;
        for (let end = text.indexOf('\n', start); end !== -1; end = text.indexOf('\n', start)) {
            lineNumber++;
            const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
            onLine(text.slice(start, stop), lineNumber);
            start = end + 1;
        }
        carry = text.slice(start);
    }
    if (carry !== '')
        onLine(carry.endsWith('\r') ? carry.slice(0, -1) : carry, lineNumber + 1);
}
const LF = 10;
const CR = 13;
/**
 * Streams a file line by line as bytes, the way forEachLine streams strings, for parsers whose hot
 * lines are ASCII: they read numbers in place and decode (`bytes.toString('utf8', ...)`) only what
 * they keep, so no string is made per line. A leading UTF-8 byte-order mark is skipped (the first
 * chunk of a regular file is whole, so it holds the mark). `chunkBytes` is for tests.
 */
async function forEachByteLine(file, onLine, chunkBytes = 1 << 20) {
    const lines = new ByteLines(onLine);
    let first = true;
    for await (const chunk of (0,external_node_fs_.createReadStream)(file, { highWaterMark: chunkBytes })) {
        lines.write(chunk, first ? bomLength(chunk) : 0);
        first = false;
    }
    lines.end();
}
/** Cuts chunks of bytes into lines; a line cut by a chunk boundary is carried in pieces, joined once whole. */
class ByteLines {
    onLine;
    carry = [];
    lineNumber = 0;
    constructor(onLine) {
        this.onLine = onLine;
    }
    write(chunk, start) {
        let from = this.carry.length > 0 ? this.finishCarried(chunk) : start;
        if (from === -1)
            return;
        // A plain loop: for lines of a few bytes a native indexOf per line costs more than the scan.
        for (let i = from; i < chunk.length; i++) {
            if (chunk[i] !== LF)
                continue;
            this.onLine(chunk, from, withoutCr(chunk, from, i), ++this.lineNumber);
            from = i + 1;
        }
        if (from < chunk.length)
            this.carry.push(chunk.subarray(from));
    }
    end() {
        if (this.carry.length > 0)
            this.emitCarried();
    }
    /** Ends the carried line with the head of `chunk`; where the rest of the chunk starts, or -1 if no LF. */
    finishCarried(chunk) {
        const end = chunk.indexOf(LF);
        this.carry.push(end === -1 ? chunk : chunk.subarray(0, end));
        if (end === -1)
            return -1;
        this.emitCarried();
        return end + 1;
    }
    emitCarried() {
        const line = Buffer.concat(this.carry);
        this.carry = [];
        this.onLine(line, 0, withoutCr(line, 0, line.length), ++this.lineNumber);
    }
}
function bomLength(chunk) {
    return chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? 3 : 0;
}
function withoutCr(bytes, start, end) {
    return end > start && bytes[end - 1] === CR ? end - 1 : end;
}
/**
 * A copy of a string that shares no memory with the text it was cut from. V8 makes a substring of 13
 * characters or more (a slice, a regular expression match, a saxes attribute) a view into its parent,
 * so one kept file name holds its whole 1 MB read chunk alive and memory grows with the report. A
 * parser calls this on every string it keeps past the current chunk. The UTF-8 round trip is lossless
 * for text decoded from UTF-8 and cut at ASCII delimiters, which is all a report parser keeps.
 */
function keep(text) {
    return text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8');
}

;// CONCATENATED MODULE: ./packages/reports/src/coverage/line-hits.ts
/**
 * The lines of one file section as a parser reads them, in order, repeats included: two appends per
 * line instead of a Map lookup and store. `CoverageMap` reads the arrays directly (`addTo`), so the
 * hot path never builds a per-file Map. Iterated as a record's `lines`, it gives what a Map of
 * line -> highest count would: each line once, in first-seen order, with its highest count.
 */
class LineHits {
    numbers = [];
    counts = [];
    /** Records a line's hit count (a line listed again keeps its highest count). */
    add(line, hits) {
        this.numbers.push(line);
        this.counts.push(hits);
    }
    /** Every line into `lines`, and those with a hit into `covered`. */
    addTo(lines, covered) {
        const { numbers, counts } = this;
        for (let i = 0; i < numbers.length; i++) {
            const line = numbers[i];
            lines.add(line);
            if (counts[i] > 0)
                covered.add(line);
        }
    }
    /**
     * How many distinct lines, and how many of them hit: one pass when the lines came in increasing
     * order (as every writer we know sorts them), else through the per-line map.
     */
    tally() {
        const { numbers, counts } = this;
        let covered = 0;
        for (let i = 0; i < numbers.length; i++) {
            if (i > 0 && numbers[i] <= numbers[i - 1])
                return this.tallyOfMap();
            if (counts[i] > 0)
                covered++;
        }
        return { lines: numbers.length, covered };
    }
    tallyOfMap() {
        let lines = 0;
        let covered = 0;
        for (const [, hits] of this) {
            lines++;
            if (hits > 0)
                covered++;
        }
        return { lines, covered };
    }
    [Symbol.iterator]() {
        const highest = new Map();
        for (let i = 0; i < this.numbers.length; i++) {
            const line = this.numbers[i];
            const hits = this.counts[i];
            const known = highest.get(line);
            if (known === undefined || hits > known)
                highest.set(line, hits);
        }
        return highest.entries();
    }
}

;// CONCATENATED MODULE: ./packages/reports/src/coverage/line-set.ts
/** Bits per word: 16 keeps every word a small integer, so the words are a plain array of 4-byte elements. */
const WORD_BITS = 16;
const SHIFT = 4;
const LOW = WORD_BITS - 1;
/**
 * A growable set of positive line numbers, one bit per line, so millions of lines cost little memory.
 * The bits live in a plain array of small integers rather than a typed array: a typed array costs about
 * 250 bytes before its first line, and a report names hundreds of thousands of small files.
 */
class LineSet {
    words = [];
    count = 0;
    add(line) {
        const word = line >>> SHIFT;
        const words = this.words;
        while (words.length <= word)
            words.push(0);
        const mask = 1 << (line & LOW);
        const value = words[word];
        if (value & mask)
            return;
        words[word] = value | mask;
        this.count++;
    }
    has(line) {
        const word = line >>> SHIFT;
        return word < this.words.length && (this.words[word] & (1 << (line & LOW))) !== 0;
    }
    get size() {
        return this.count;
    }
    *[Symbol.iterator]() {
        const words = this.words;
        for (let word = 0; word < words.length; word++) {
            let value = words[word];
            while (value !== 0) {
                const bit = 31 - Math.clz32(value & -value);
                yield word * WORD_BITS + bit;
                value &= value - 1;
            }
        }
    }
}

;// CONCATENATED MODULE: ./packages/reports/src/coverage/coverage-map.ts



/**
 * The blocks of every file no Go profile names, shared: an empty Map per file costs about 200 bytes,
 * and a report names hundreds of thousands of files. A file gets its own map with its first block.
 */
const NO_BLOCKS = new Map();
/**
 * Merges coverage by source path: the same file in two reports counts once, and a line (or Go block)
 * is covered when any report covers it.
 */
class coverage_map_CoverageMap {
    normalise;
    files = new Map();
    constructor(normalise = (path) => path) {
        this.normalise = normalise;
    }
    add(record) {
        const file = this.fileFor(this.normalise(record.path));
        if (record.lines)
            addLines(file, record.lines);
        if (record.blocks)
            addBlocks(file, record.blocks);
        if (record.summary)
            addSummary(file, record.summary);
    }
    fileFor(path) {
        let file = this.files.get(path);
        if (!file) {
            // The map outlives the parse: its key must not pin the read chunk a parser cut it from.
            const kept = keep(path);
            file = { path: kept, lines: new LineSet(), coveredLines: new LineSet(), blocks: NO_BLOCKS };
            this.files.set(kept, file);
        }
        return file;
    }
    get size() {
        return this.files.size;
    }
    [Symbol.iterator]() {
        return this.files.values();
    }
    get(path) {
        return this.files.get(path);
    }
    /** All files together, each counted in its most precise unit (see fileTotals). */
    totals(filter = () => true) {
        let covered = 0;
        let total = 0;
        for (const file of this.files.values()) {
            if (!filter(file.path))
                continue;
            const counts = fileTotals(file);
            covered += counts.covered;
            total += counts.total;
        }
        return { covered, total, percent: total === 0 ? undefined : (covered / total) * 100 };
    }
}
/**
 * One file's covered and total units: Go statements where the report counts statements
 * (so the percent equals `go test -cover`), else lines, else the summary's totals.
 */
function fileTotals(file) {
    if (file.blocks.size > 0) {
        let covered = 0;
        let total = 0;
        for (const block of file.blocks.values()) {
            total += block.statements;
            if (block.hits > 0)
                covered += block.statements;
        }
        return { covered, total };
    }
    if (file.lines.size > 0)
        return { covered: file.coveredLines.size, total: file.lines.size };
    return file.summary ?? { covered: 0, total: 0 };
}
function addLines(file, lines) {
    if (lines instanceof LineHits) {
        lines.addTo(file.lines, file.coveredLines);
        return;
    }
    for (const [line, hits] of lines) {
        file.lines.add(line);
        if (hits > 0)
            file.coveredLines.add(line);
    }
}
function addBlocks(file, blocks) {
    const own = file.blocks === NO_BLOCKS ? new Map() : file.blocks;
    file.blocks = own;
    for (const block of blocks) {
        const known = own.get(block.key);
        if (!known)
            own.set(block.key, { ...block });
        else
            known.hits = Math.max(known.hits, block.hits);
        for (let line = block.startLine; line <= block.endLine; line++) {
            file.lines.add(line);
            if (block.hits > 0)
                file.coveredLines.add(line);
        }
    }
}
/** Two summaries of one file cannot be merged line by line; the better-covered one is the lower bound. */
function addSummary(file, summary) {
    const known = file.summary;
    if (!known || ratio(summary) > ratio(known))
        file.summary = { ...summary };
}
function ratio({ covered, total }) {
    return total === 0 ? 0 : covered / total;
}

;// CONCATENATED MODULE: ./packages/reports/src/format.ts
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

;// CONCATENATED MODULE: ./packages/reports/src/value-text.ts
/**
 * A value read from a report, short, for an error message. Shallow on purpose: a report can nest
 * arrays thousands deep, and JSON.stringify of that overflows the stack (found by test/hostile).
 */
function valueText(value) {
    if (value === undefined)
        return 'nothing';
    if (Array.isArray(value))
        return value.length === 0 ? '[]' : `[…] (an array of ${value.length})`;
    if (value !== null && typeof value === 'object')
        return '{…} (an object)';
    if (typeof value === 'string')
        return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}…` : value);
    return String(value);
}

;// CONCATENATED MODULE: ./packages/reports/src/benchmarks/units.ts
// Rates: work per unit of time.
const BIGGER = /(?:\/s|\/sec|\/second|\/secs|\/seconds|per ?s(?:ec(?:ond)?)?|ops|hz|throughput)$/;
// Costs: time, memory, allocations, or anything per operation/iteration.
const SMALLER = /^(?:[nµμu]?s|ms|sec|secs|seconds?|min|minutes?|h|hours?|(?:[kmgt]i?)?b|(?:kilo|mega|giga|tera|kibi|mebi|gibi)?bytes?|allocs?|allocations?|cycles|instructions)$|\/(?:op|iter|iteration|call|run)$/;
function unitDirection(unit) {
    const normalised = unit.trim().toLowerCase();
    // A rate names time in its denominator ("MB/s"); a cost names an operation ("B/op") or is a plain quantity.
    if (BIGGER.test(normalised))
        return { biggerIsBetter: true, known: true };
    if (SMALLER.test(normalised))
        return { biggerIsBetter: false, known: true };
    return { biggerIsBetter: false, known: false };
}

;// CONCATENATED MODULE: ./packages/reports/src/benchmarks/custom-json.ts




/**
 * github-action-benchmark's custom JSON (tools `customBiggerIsBetter` / `customSmallerIsBetter`):
 * `[{name, unit, value, range?, extra?}]`. The file does not say which way is better (that is the
 * action's tool setting), so the direction comes from the unit (see unitDirection); entries repeating a
 * name and unit are samples of one benchmark.
 */
const customBenchmarkJson = {
    id: 'github-action-benchmark',
    label: 'github-action-benchmark custom JSON',
    kind: 'benchmarks',
    // An empty array matches too, so that it is refused below with a clear reason.
    matchJson: (document) => Array.isArray(document) && document.every((entry) => isRecord(entry) && 'value' in entry && 'name' in entry),
    async parse({ file, json }) {
        if (!Array.isArray(json))
            throw new errors/* FileError */.f6({ file }, 'expected a JSON array of {name, unit, value} entries');
        if (json.length === 0)
            throw new errors/* FileError */.f6({ file }, 'the array holds no benchmark entries');
        const results = new Map();
        json.forEach((entry, index) => {
            const where = `entry [${index}]`;
            if (!isRecord(entry))
                throw new errors/* FileError */.f6({ file }, `${where} is not an object`);
            const { name, unit, value } = entry;
            if (typeof name !== 'string' || name.trim() === '')
                throw new errors/* FileError */.f6({ file }, `${where} has no name`);
            if (typeof unit !== 'string' || unit.trim() === '') {
                throw new errors/* FileError */.f6({ file }, `${where} (${name}) has no unit`);
            }
            if (typeof value !== 'number' || !Number.isFinite(value)) {
                throw new errors/* FileError */.f6({ file }, `${where} (${name}): value ${valueText(value)} is not a number`);
            }
            const key = `${name}\0${unit}`;
            const known = results.get(key);
            if (known)
                known.samples.push(value);
            else
                results.set(key, { name, unit, biggerIsBetter: unitDirection(unit).biggerIsBetter, samples: [value] });
        });
        return { benchmarks: [...results.values()] };
    },
};

;// CONCATENATED MODULE: ./packages/reports/src/benchmarks/go-bench.ts



/**
 * `go test -bench` text output, as the Go benchmark data format specifies it
 * (golang.org/design/14313-benchmark-format): `key: value` configuration lines (`pkg:` names the
 * package of the results that follow) and result lines `BenchmarkName-8  1000  1234 ns/op  56 B/op`.
 * Every other line (PASS, ok, test logs) is ignored, as the format says.
 *
 * One result per (package, name, unit); `-count N` repetitions become its samples.
 * Names are `pkg.BenchmarkName` when a `pkg:` line precedes them. The `-N` GOMAXPROCS suffix is
 * dropped when every result line in the file carries the same one, so a baseline from an 8-core
 * runner matches a run on a 4-core one; runs with several `-cpu` values keep it to stay distinct.
 */
const goBench = {
    id: 'go-bench',
    label: 'go test -bench output',
    kind: 'benchmarks',
    // A result line, or the goos/goarch header go test prints before the first benchmark (with -v,
    // test logs may push the results past the head).
    matchText: (head) => RESULT_HEAD.test(head) || (/^goos: \S/m.test(head) && /^goarch: \S/m.test(head)),
    async parse({ file }) {
        let pkg = '';
        const results = new Map();
        const suffixes = new Set();
        let resultLines = 0;
        await forEachLine(file, (text, lineNumber) => {
            if (!text.startsWith('Benchmark')) {
                pkg = configuredPackage(text) ?? pkg;
                return;
            }
            const line = readResultLine(text, file, lineNumber);
            if (!line)
                return;
            resultLines++;
            const suffix = /-(\d+)$/.exec(line.name);
            suffixes.add(suffix ? suffix[1] : '');
            for (const { value, unit } of line.measurements) {
                const key = `${pkg}\0${line.name}\0${unit}`;
                let result = results.get(key);
                if (!result) {
                    result = { pkg, name: line.name, unit, samples: [] };
                    results.set(key, result);
                }
                result.samples.push(value);
            }
        });
        if (resultLines === 0)
            throw new errors/* FileError */.f6({ file }, 'no benchmark result lines (BenchmarkName  N  value unit)');
        const [onlySuffix] = suffixes;
        const strip = suffixes.size === 1 && onlySuffix !== '';
        const benchmarks = [];
        for (const { pkg: resultPkg, name, unit, samples } of results.values()) {
            const bare = strip ? name.slice(0, name.lastIndexOf('-')) : name;
            benchmarks.push({
                name: resultPkg === '' ? bare : `${resultPkg}.${bare}`,
                unit,
                biggerIsBetter: unitDirection(unit).biggerIsBetter,
                samples,
            });
        }
        return { benchmarks };
    },
};
/** The package a `pkg: <path>` configuration line names; undefined for any other line. */
function configuredPackage(text) {
    const config = CONFIG_LINE.exec(text);
    return config?.[1] === 'pkg' ? (config[2] ?? '').trim() : undefined;
}
/**
 * A result line: the benchmark's name and its value/unit pairs. Undefined for a line that starts with
 * "Benchmark" but is not a result: "BenchmarkFoo-8" alone is the header go test prints before a
 * benchmark's log output, and "BenchmarkFoo-8  --- FAIL" a failure.
 */
function readResultLine(text, file, lineNumber) {
    const fields = text.trim().split(/\s+/);
    const name = fields[0];
    if (!NAME.test(name) || fields.length < 2 || !/^\d+$/.test(fields[1]))
        return undefined;
    const iterations = Number(fields[1]);
    const pairs = fields.slice(2);
    if (iterations < 1 || pairs.length === 0 || pairs.length % 2 !== 0) {
        throw new errors/* FileError */.f6({ file, line: lineNumber }, `malformed benchmark result line '${text.slice(0, 120)}'`);
    }
    const measurements = [];
    for (let i = 0; i < pairs.length; i += 2) {
        const value = Number(pairs[i]);
        const unit = pairs[i + 1];
        if (!Number.isFinite(value) || !/^[+-]?(\d|\.\d)/.test(pairs[i])) {
            throw new errors/* FileError */.f6({ file, line: lineNumber }, `benchmark ${name}: '${pairs[i]} ${unit}' is not a number and unit`);
        }
        measurements.push({ value, unit });
    }
    return { name, measurements };
}
// The format: a name is "Benchmark" followed by an upper-case letter (or nothing), then non-space.
const NAME = /^Benchmark(?:$|[^\p{Ll}])/u;
const RESULT_HEAD = /^Benchmark(?:[^\p{Ll}\s]\S*)?[ \t]+\d+[ \t]+[\d.][\d.eE+-]*[ \t]+\S/mu;
const CONFIG_LINE = /^([\p{Ll}][^\s:\p{Lu}]*):(?:\s(.*))?$/u;

;// CONCATENATED MODULE: ./packages/reports/src/benchmarks/pytest-benchmark.ts



/**
 * pytest-benchmark JSON (`--benchmark-json`, or the files `--benchmark-autosave` keeps in .benchmarks/):
 * `{machine_info, commit_info, benchmarks: [{name, fullname, stats: {mean, median, rounds, data?}}], ...}`.
 * Times are seconds per iteration. The samples are the per-round times in `stats.data`
 * (always in --benchmark-json output, in saved runs only with --benchmark-save-data),
 * else the mean alone. Benchmarks are named by `fullname` (`tests/test_x.py::test_y[param]`),
 * which, unlike `name`, is unique across test modules.
 */
const pytestBenchmark = {
    id: 'pytest-benchmark',
    label: 'pytest-benchmark JSON',
    kind: 'benchmarks',
    matchJson: (document) => isRecord(document) && Array.isArray(document.benchmarks) && isRecord(document.machine_info),
    async parse({ file, json }) {
        if (!isRecord(json) || !Array.isArray(json.benchmarks)) {
            throw new errors/* FileError */.f6({ file }, 'not a pytest-benchmark JSON document (no benchmarks array)');
        }
        if (json.benchmarks.length === 0)
            throw new errors/* FileError */.f6({ file }, 'the benchmarks array is empty');
        const byName = new Map();
        json.benchmarks.forEach((entry, index) => {
            const where = `benchmarks[${index}]`;
            if (!isRecord(entry))
                throw new errors/* FileError */.f6({ file }, `${where} is not an object`);
            const name = nonEmptyString(entry.fullname) ?? nonEmptyString(entry.name);
            if (name === undefined)
                throw new errors/* FileError */.f6({ file }, `${where} has no fullname or name`);
            const stats = entry.stats;
            if (!isRecord(stats))
                throw new errors/* FileError */.f6({ file }, `${where} (${name}) has no stats object`);
            const samples = samplesOf(stats, (reason) => new errors/* FileError */.f6({ file }, `${where} (${name}): ${reason}`));
            const known = byName.get(name);
            if (known)
                known.samples.push(...samples);
            else
                byName.set(name, { name, unit: 's', biggerIsBetter: false, samples });
        });
        return { benchmarks: [...byName.values()] };
    },
};
function samplesOf(stats, fail) {
    const mean = stats.mean;
    if (!isTime(mean))
        throw fail(`stats.mean is ${valueText(mean)}, expected seconds`);
    const data = stats.data;
    if (data === undefined || data === null)
        return [mean];
    if (!Array.isArray(data) || data.length === 0)
        throw fail('stats.data is not a non-empty array of seconds');
    const samples = [];
    for (const value of data) {
        if (!isTime(value))
            throw fail(`stats.data holds ${valueText(value)}, expected seconds`);
        samples.push(value);
    }
    return samples;
}
function isTime(value) {
    return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
function nonEmptyString(value) {
    return typeof value === 'string' && value !== '' ? value : undefined;
}

;// CONCATENATED MODULE: ./packages/reports/src/benchmarks/index.ts



const benchmarksFormats = [pytestBenchmark, customBenchmarkJson, goBench];

;// CONCATENATED MODULE: ./packages/reports/src/complexity/eslint.ts


/**
 * ESLint's JSON formatter (`eslint -f json`): `[{filePath, messages: [{ruleId, message, line, ...}]}]`,
 * read for the core `complexity` rule. ESLint reports only functions over the rule's maximum, so the
 * rule must be set to `['warn', 0]` for every function to be listed; a report of linted files with no
 * complexity message at all is taken for a misconfiguration and refused.
 *
 * The number is only in the message text, whose wording changed across ESLint versions:
 *   1.x–3.x  "Function 'foo' has a complexity of 12."
 *   4.x–5.x  "{{name}} has a complexity of {{complexity}}." with a kind: "Method 'bar'", "Arrow function"
 *   6.x–9.x  "... has a complexity of 12. Maximum allowed is 0." (also "Class field initializer",
 *            "Class static block")
 * A complexity message we cannot read is an error, never skipped. A file ESLint could not parse
 * (a fatal message) is an error too: its complexity is unknown. Messages silenced with an
 * eslint-disable comment (`suppressedMessages`, ESLint 8.8+) are exemptions the author chose: they
 * show the rule ran but are not gated.
 */
const eslintComplexity = {
    id: 'eslint-json',
    label: 'ESLint JSON',
    kind: 'complexity',
    matchJson: (document) => Array.isArray(document) &&
        document.every((entry) => isRecord(entry) && typeof entry.filePath === 'string' && Array.isArray(entry.messages)),
    async parse({ file, json }) {
        if (!Array.isArray(json))
            throw new errors/* FileError */.f6({ file }, 'expected the JSON array ESLint -f json writes');
        const functions = [];
        let sawRule = false;
        json.forEach((result, index) => {
            if (readResult(result, index, file, functions))
                sawRule = true;
        });
        if (json.length > 0 && !sawRule) {
            throw new errors/* FileError */.f6({ file }, `no complexity rule results for ${json.length} linted file(s): run ESLint with the rule set to complexity: ['warn', 0]`);
        }
        return { functions };
    },
};
/**
 * One linted file's complexity messages, added to `functions`. True when the rule ran on it: a complexity
 * message, reported or suppressed.
 */
function readResult(result, index, file, functions) {
    if (!isRecord(result) || typeof result.filePath !== 'string' || !Array.isArray(result.messages)) {
        throw new errors/* FileError */.f6({ file }, `entry [${index}] is not an ESLint result ({filePath, messages})`);
    }
    if (result.filePath === '')
        throw new errors/* FileError */.f6({ file }, `entry [${index}] has an empty filePath`);
    const source = result.filePath;
    let sawRule = false;
    for (const message of result.messages) {
        if (!isComplexityMessage(message, source, file))
            continue;
        sawRule = true;
        functions.push({ file: source, ...readMessage(message, source, file) });
    }
    const suppressed = result.suppressedMessages;
    return sawRule || (Array.isArray(suppressed) && suppressed.some((m) => isRecord(m) && m.ruleId === 'complexity'));
}
/** A complexity message; a fatal one (a file ESLint could not parse) is an error, other rules are skipped. */
function isComplexityMessage(message, source, file) {
    if (!isRecord(message))
        throw new errors/* FileError */.f6({ file }, `${source}: a message is not an object`);
    if (message.fatal === true) {
        throw new errors/* FileError */.f6({ file }, `ESLint could not parse ${source}: ${String(message.message)}`);
    }
    return message.ruleId === 'complexity';
}
function readMessage(message, source, file) {
    const text = message.message;
    const parsed = typeof text === 'string' ? MESSAGE.exec(text) : null;
    const line = message.line;
    if (!parsed || (line !== undefined && (!Number.isInteger(line) || line < 1))) {
        const at = typeof line === 'number' ? `:${line}` : '';
        throw new errors/* FileError */.f6({ file }, `${source}${at}: unreadable complexity message ${JSON.stringify(text) ?? '(none)'}; expected "... has a complexity of N"`);
    }
    return {
        name: functionName(parsed[1]),
        ...(typeof line === 'number' ? { line } : {}),
        complexity: Number(parsed[2]),
    };
}
const MESSAGE = /^(.+?) has a complexity of (\d+)(?:\.|$)/s;
/** "Method 'bar'" → bar, "Private method #baz" → #baz, "Arrow function" → (arrow function). */
function functionName(described) {
    const quoted = /^[^']*'(.*)'$/s.exec(described);
    if (quoted?.[1])
        return quoted[1];
    const privateName = /\s(#\S+)$/.exec(described);
    if (privateName?.[1])
        return privateName[1];
    return `(${described.toLowerCase()})`;
}

// EXTERNAL MODULE: ./node_modules/.pnpm/saxes@6.0.0/node_modules/saxes/saxes.js
var saxes = __webpack_require__(32309);
;// CONCATENATED MODULE: ./packages/reports/src/xml.ts



/**
 * The root element of an XML document from its first bytes, skipping the prolog, comments and DOCTYPE.
 * Undefined when the head holds no start tag.
 */
function readXmlRoot(head) {
    const withoutProlog = head
        .replace(/<\?[\s\S]*?\?>/g, '')
        .replace(/<!--[\s\S]*?-->/g, '')
        .replace(/<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>/gi, '');
    const match = /<([A-Za-z_][\w.:-]*)((?:\s+[^\s=>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/.exec(withoutProlog);
    if (!match?.[1])
        return undefined;
    const attributes = {};
    for (const attribute of (match[2] ?? '').matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        attributes[attribute[1]] = attribute[2] ?? attribute[3] ?? '';
    }
    return { name: match[1], attributes };
}
function positionOf(at) {
    return typeof at === 'function' ? at() : at;
}
/**
 * Streams an XML file through saxes, one chunk at a time, so memory stays flat on 1 GB reports.
 * Malformed or truncated XML, and any error a handler throws, becomes a FileError with line and column.
 * External entities are never resolved (saxes does not fetch DTDs).
 */
async function streamXml(file, handlers) {
    const parser = new saxes/* SaxesParser */.wT({ xmlns: false, position: true });
    const position = () => ({ line: parser.line, column: parser.column });
    const { open, close, text, textIn } = typeof handlers === 'function' ? handlers(position) : handlers;
    const path = [];
    const texts = new TextSwitch(parser, text && ((data) => text(data, path)), textIn);
    let failure;
    parser.on('error', (error) => {
        failure ??= error;
    });
    const onOpenTag = (tag) => {
        open?.(tag, path);
        // A self-closing element has no text: the switch is left alone.
        if (tag.isSelfClosing)
            close?.(tag, path);
        else {
            texts.opened(tag.name);
            path.push(tag.name);
        }
    };
    const onCloseTag = (tag) => {
        if (tag.isSelfClosing)
            return;
        path.pop();
        close?.(tag, path);
        texts.closed(tag.name);
    };
    parser.on('opentag', onOpenTag);
    parser.on('closetag', onCloseTag);
    const fail = (reason) => {
        if (reason instanceof errors/* FileError */.f6)
            throw reason;
        const message = reason instanceof Error ? reason.message : String(reason);
        // saxes prefixes its messages with "line:column: "; we carry those as a location instead.
        const located = /^(\d+):(\d+): (.*)$/s.exec(message);
        if (located) {
            throw new errors/* FileError */.f6({ file, line: Number(located[1]), column: Number(located[2]) }, `malformed XML: ${located[3]}`);
        }
        throw new errors/* FileError */.f6({ file, line: parser.line, column: parser.column }, message);
    };
    try {
        for await (const chunk of (0,external_node_fs_.createReadStream)(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
            parser.write(chunk);
            if (failure)
                fail(failure);
        }
        parser.close();
        if (failure)
            fail(failure);
    }
    catch (error) {
        fail(error);
    }
    if (path.length > 0) {
        throw new errors/* FileError */.f6({ file, line: parser.line }, `truncated XML: <${path.at(-1)}> is never closed`);
    }
}
/** Turns saxes' text and CDATA events on inside the `textIn` elements and off outside them. */
class TextSwitch {
    parser;
    deliver;
    names;
    depth = 0;
    constructor(parser, deliver, names) {
        this.parser = parser;
        this.deliver = deliver;
        this.names = names;
        if (!names)
            this.set(true);
    }
    opened(name) {
        if (this.names?.has(name) && this.depth++ === 0)
            this.set(true);
    }
    closed(name) {
        if (this.names?.has(name) && --this.depth === 0)
            this.set(false);
    }
    set(on) {
        if (!this.deliver)
            return;
        if (on) {
            this.parser.on('text', this.deliver);
            this.parser.on('cdata', this.deliver);
        }
        else {
            this.parser.off('text');
            this.parser.off('cdata');
        }
    }
}
/** A numeric attribute, or an error naming the element, attribute and position. */
function numberAttribute(tag, attribute, file, at, options = {}) {
    const raw = tag.attributes[attribute];
    if (raw === undefined || raw === '') {
        if (options.required) {
            throw new errors/* FileError */.f6({ file, ...positionOf(at) }, `<${tag.name}> has no ${attribute} attribute`);
        }
        return undefined;
    }
    const value = Number(raw);
    if (!Number.isFinite(value)) {
        throw new errors/* FileError */.f6({ file, ...positionOf(at) }, `<${tag.name} ${attribute}="${raw}">: expected a number`);
    }
    return value;
}

;// CONCATENATED MODULE: ./packages/reports/src/complexity/jacoco.ts



/**
 * JaCoCo XML (root `<report>`, report.dtd 1.0/1.1) read for per-method cyclomatic complexity:
 * each `<method name desc line>` of a `<class>` of a `<package>` (possibly inside `<group>`s) has a
 * `<counter type="COMPLEXITY" missed covered>`; its complexity is missed + covered.
 *
 * Names are `SimpleClass.method` with the JVM's own spelling: nested classes keep `$`
 * (`Builder$Companion`), constructors and static initialisers stay `<init>` and `<clinit>`, which a
 * JVM user recognises and which cannot clash with a method named like its class. Overloads share a
 * name and differ by line.
 * The file is `package/sourcefilename`. Reports of older JaCoCo versions leave `sourcefilename` out;
 * then the package's only `<sourcefile>`, or the one whose stem is the outer class name (or a Kotlin
 * `FooKt` facade's `Foo`) is taken, else `package/OuterClass` without an extension. Streamed: one package in memory.
 */
const jacocoComplexity = {
    id: 'jacoco-complexity',
    label: 'JaCoCo XML',
    kind: 'complexity',
    // JaCoCo's <report> always has a name (report.dtd: #REQUIRED); other tools' <report> roots may not.
    matchXmlRoot: (root) => root.name === 'report' && root.attributes.name !== undefined,
    async parse({ file }) {
        const reader = new JacocoMethods(file);
        await streamXml(file, (position) => reader.handlers(position));
        if (reader.methods === 0) {
            throw new errors/* FileError */.f6({ file }, 'no <method> elements: the report holds no per-method data');
        }
        return { functions: reader.functions };
    },
};
/** The package, class and method open around the parser; one method per element. */
class JacocoMethods {
    file;
    functions = [];
    methods = 0;
    pkg;
    cls;
    method;
    position = () => ({ line: 0, column: 0 });
    constructor(file) {
        this.file = file;
    }
    handlers(position) {
        this.position = position;
        return { open: (tag, path) => this.open(tag, path), close: (tag) => this.close(tag) };
    }
    open(tag, path) {
        if (path.length === 0 && tag.name !== 'report')
            throw this.fail(`root <${tag.name}>, expected JaCoCo's <report>`);
        switch (tag.name) {
            case 'package':
                this.openPackage(tag);
                break;
            case 'sourcefile':
                this.sourceFile(tag, path);
                break;
            case 'class':
                this.openClass(tag);
                break;
            case 'method':
                this.openMethod(tag);
                break;
            case 'counter':
                if (path.at(-1) === 'method')
                    this.counter(tag);
                break;
        }
    }
    openPackage(tag) {
        // The default package is written name="".
        const name = tag.attributes.name;
        if (name === undefined)
            throw this.fail('<package> has no name attribute');
        this.pkg = { name, sourceFiles: new Set(), pending: [] };
    }
    /** A package's own `<sourcefile>`s name the files its classes may come from. */
    sourceFile(tag, path) {
        if (path.at(-1) === 'package')
            this.pkg?.sourceFiles.add(this.required(tag, 'name'));
    }
    openClass(tag) {
        if (!this.pkg)
            throw this.fail('<class> outside a <package>');
        const source = tag.attributes.sourcefilename;
        const name = this.required(tag, 'name');
        if (name.endsWith('/'))
            throw this.fail(`<class name="${name}">: not a class name`);
        this.cls = { name, ...(source ? { source } : {}) };
    }
    openMethod(tag) {
        if (!this.cls)
            throw this.fail('<method> outside a <class>');
        const line = numberAttribute(tag, 'line', this.file, this.position());
        if (line !== undefined && !(Number.isInteger(line) && line >= 1)) {
            throw this.fail(`<method line="${tag.attributes.line}">: not a line number`);
        }
        this.method = { name: this.required(tag, 'name'), ...(line !== undefined ? { line } : {}) };
    }
    /** A method's COMPLEXITY counter; its other counters (lines, branches...) are coverage. */
    counter(tag) {
        const method = this.method;
        if (!method || tag.attributes.type !== 'COMPLEXITY')
            return;
        const at = this.position();
        const missed = numberAttribute(tag, 'missed', this.file, at, { required: true });
        const covered = numberAttribute(tag, 'covered', this.file, at, { required: true });
        if (!Number.isInteger(missed) || !Number.isInteger(covered) || missed < 0 || covered < 0) {
            throw this.fail(`COMPLEXITY counter of ${method.name}: missed/covered must be counts`);
        }
        method.complexity = missed + covered;
    }
    close(tag) {
        if (tag.name === 'method')
            this.closeMethod();
        else if (tag.name === 'class')
            this.cls = undefined;
        else if (tag.name === 'package')
            this.closePackage();
    }
    closeMethod() {
        const { method, cls, pkg } = this;
        if (!method || !cls || !pkg)
            return;
        if (method.complexity === undefined)
            throw this.fail(`method ${cls.name}.${method.name} has no COMPLEXITY counter`);
        pkg.pending.push({
            cls: cls.name,
            source: cls.source,
            method: method.name,
            line: method.line,
            complexity: method.complexity,
        });
        this.methods++;
        this.method = undefined;
    }
    /** A package's source files are all known at its end: only then can its classes be given a file. */
    closePackage() {
        const pkg = this.pkg;
        if (!pkg)
            return;
        for (const entry of pkg.pending)
            this.functions.push(toFunction(entry, pkg.name, pkg.sourceFiles));
        this.pkg = undefined;
    }
    required(tag, attribute) {
        const value = tag.attributes[attribute];
        if (value === undefined || value === '')
            throw this.fail(`<${tag.name}> has no ${attribute} attribute`);
        return value;
    }
    fail(reason) {
        return new errors/* FileError */.f6({ file: this.file, ...this.position() }, reason);
    }
}
function toFunction(entry, pkg, sourceFiles) {
    const simple = entry.cls.slice(entry.cls.lastIndexOf('/') + 1);
    const outer = simple.split('$')[0];
    const source = entry.source ?? guessSource(outer, sourceFiles) ?? outer;
    // Joined from attribute values, which are views into the read chunk: the kept strings are copies.
    return {
        file: keep(pkg === '' ? source : `${pkg}/${source}`),
        name: keep(`${simple}.${entry.method}`),
        ...(entry.line !== undefined ? { line: entry.line } : {}),
        complexity: entry.complexity,
    };
}
function guessSource(outer, sourceFiles) {
    // A package compiled from one source file: every class in it comes from that file.
    if (sourceFiles.size === 1)
        return [...sourceFiles][0];
    const facade = outer.endsWith('Kt') ? outer.slice(0, -2) : undefined;
    for (const name of sourceFiles) {
        const stem = name.slice(0, name.lastIndexOf('.') === -1 ? undefined : name.lastIndexOf('.'));
        if (stem === outer || stem === facade)
            return name;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./packages/reports/src/complexity/radon.ts



/**
 * radon `cc -j` (`cc --json`): `{"path.py": [block, ...]}` or `{"path.py": {"error": "..."}}` for a file
 * radon could not parse, which is an error here (its complexity is unknown, not zero).
 * A block is a function, a method (with `classname`) or a class. Classes are skipped: their number is
 * an aggregate of their methods. Methods are listed both inside their class and at top level, and
 * `--show-closures` lists closures both inside their function and at top level (as `outer.inner`):
 * each function is counted once.
 * Closures are named `outer.inner`, methods `Class.method`.
 */
const radon = {
    id: 'radon-cc',
    label: 'radon cc JSON',
    kind: 'complexity',
    matchJson: (document) => {
        if (!isRecord(document))
            return false;
        const values = Object.values(document);
        return (values.length > 0 &&
            values.every((value) => (Array.isArray(value) && value.every(isRecord)) || isErrorEntry(value)) &&
            values.some((value) => isErrorEntry(value) || (Array.isArray(value) && value.some((block) => 'complexity' in block))));
    },
    async parse({ file, json }) {
        if (!isRecord(json))
            throw new errors/* FileError */.f6({ file }, 'expected a JSON object keyed by source file');
        const functions = [];
        for (const [source, blocks] of Object.entries(json)) {
            if (isErrorEntry(blocks)) {
                throw new errors/* FileError */.f6({ file }, `radon could not analyse ${source}: ${blocks.error}`);
            }
            if (!Array.isArray(blocks))
                throw new errors/* FileError */.f6({ file }, `"${source}": expected a list of blocks`);
            if (source === '')
                throw new errors/* FileError */.f6({ file }, 'a source file with an empty path');
            // Keyed by line and bare name: --show-closures names a method's closure `method.inner` where
            // the nested listing gives `Class.method.inner`; the longer, qualified name wins.
            const seen = new Map();
            const add = (name, block) => {
                const key = `${block.lineno}\0${block.name.slice(block.name.lastIndexOf('.') + 1)}`;
                const known = seen.get(key);
                if (known) {
                    if (name.length > known.name.length)
                        known.name = name;
                    return;
                }
                const entry = { file: source, name, line: block.lineno, complexity: block.complexity };
                seen.set(key, entry);
                functions.push(entry);
            };
            blocks.forEach((raw, index) => {
                const block = readBlock(raw, () => `"${source}"[${index}]`, file);
                if (block.type === 'class') {
                    for (const method of block.methods)
                        add(`${block.name}.${method.name}`, method);
                    forEachClosure(block.methods, block.name, add);
                }
                else {
                    const name = block.classname === undefined ? block.name : `${block.classname}.${block.name}`;
                    add(name, block);
                    forEachClosure([block], block.classname, add);
                }
            });
        }
        return { functions };
    },
};
/** Adds the closures of each function, recursively, as `outer.inner`. */
function forEachClosure(owners, prefix, add) {
    for (const owner of owners) {
        const ownerName = prefix === undefined ? owner.name : `${prefix}.${owner.name}`;
        for (const closure of owner.closures)
            add(`${ownerName}.${closure.name}`, closure);
        forEachClosure(owner.closures, ownerName, add);
    }
}
function readBlock(raw, where, file) {
    const fail = (reason) => new errors/* FileError */.f6({ file }, `${where()}: ${reason}`);
    if (!isRecord(raw))
        throw fail('a block must be an object');
    const { type, name, lineno, complexity, classname } = raw;
    if (!isBlockType(type))
        throw fail(`type ${valueText(type)}, expected function, method or class`);
    if (typeof name !== 'string' || name === '')
        throw fail('no name');
    checkNumbers(name, lineno, complexity, fail);
    if (type === 'method' && !isName(classname))
        throw fail(`method ${name} has no classname`);
    const children = (key) => childBlocks(raw[key], (index) => `${where()}.${key}[${index}]`, file, () => fail(`${name}: ${key} is not a list`));
    return {
        type,
        name,
        lineno: lineno,
        complexity: complexity,
        ...(typeof classname === 'string' ? { classname } : {}),
        closures: children('closures'),
        methods: children('methods'),
    };
}
function isBlockType(type) {
    return type === 'function' || type === 'method' || type === 'class';
}
function isName(value) {
    return typeof value === 'string' && value !== '';
}
function checkNumbers(name, lineno, complexity, fail) {
    if (!Number.isInteger(lineno) || lineno < 1)
        throw fail(`${name}: lineno is not a line number`);
    if (!Number.isInteger(complexity) || complexity < 0) {
        throw fail(`${name}: complexity ${valueText(complexity)} is not a count`);
    }
}
/** A block's `closures` or `methods`: absent is none. */
function childBlocks(list, where, file, notAList) {
    if (list === undefined)
        return [];
    if (!Array.isArray(list))
        throw notAList();
    return list.map((child, index) => readBlock(child, () => where(index), file));
}
function isErrorEntry(value) {
    return isRecord(value) && typeof value.error === 'string';
}

;// CONCATENATED MODULE: ./packages/reports/src/complexity/index.ts



const complexityFormats = [radon, eslintComplexity, jacocoComplexity];

;// CONCATENATED MODULE: ./packages/reports/src/coverage/checks.ts


/**
 * Past this a "line number" is garbage, not a source line; refusing it keeps a corrupt report
 * from growing the line sets (one bit per line) without bound.
 */
const MAX_LINE = 10_000_000;
function isLineNumber(value) {
    return Number.isInteger(value) && value >= 1 && value <= MAX_LINE;
}
/** A count a report must carry: a finite number >= 0, or an error naming where it sits. */
function countAt(file, value, where) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new errors/* FileError */.f6({ file }, `${where}: expected a count (a number >= 0), found ${describe(value)}`);
    }
    return value;
}
/** A source line number: an integer from 1 to MAX_LINE. */
function lineNumberAt(file, value, where) {
    if (typeof value !== 'number' || !isLineNumber(value)) {
        throw new errors/* FileError */.f6({ file }, `${where}: expected a line number, found ${describe(value)}`);
    }
    return value;
}
/** A value, short, for an error message. */
const describe = valueText;
/** Records the highest hit count seen for a line (a line listed twice counts once). */
function setMax(lines, line, hits) {
    const known = lines.get(line);
    if (known === undefined || hits > known)
        lines.set(line, hits);
}

;// CONCATENATED MODULE: ./packages/reports/src/coverage/xml-attributes.ts



/** A line-number attribute: required, an integer from 1 to MAX_LINE. */
function lineAttribute(tag, name, file, at) {
    const value = numberAttribute(tag, name, file, at, { required: true });
    if (!isLineNumber(value)) {
        throw new errors/* FileError */.f6({ file, ...positionOf(at) }, `<${tag.name} ${name}="${tag.attributes[name]}">: expected a line number`);
    }
    return value;
}
/** A hit-count attribute: a number >= 0; `fallback` when absent and not required. */
function countAttribute(tag, name, file, at, fallback) {
    const value = numberAttribute(tag, name, file, at, { required: fallback === undefined });
    if (value === undefined)
        return fallback;
    if (value < 0) {
        throw new errors/* FileError */.f6({ file, ...positionOf(at) }, `<${tag.name} ${name}="${tag.attributes[name]}">: expected a count >= 0`);
    }
    return value;
}
/** A required, non-empty string attribute. */
function stringAttribute(tag, name, file, at) {
    const value = tag.attributes[name];
    if (value === undefined || value.trim() === '') {
        throw new errors/* FileError */.f6({ file, ...positionOf(at) }, `<${tag.name}> has no ${name} attribute`);
    }
    return value;
}

;// CONCATENATED MODULE: ./packages/reports/src/coverage/clover.ts




/**
 * Clover XML (OpenClover, Istanbul `clover`, PHPUnit / php-code-coverage). One record per `<file>`
 * under `<project>`, named by its `path` (Istanbul, OpenClover) or else its `name` (older PHPUnit).
 *
 * Lines are the `<line>` elements of type `stmt` and `cond`. `method` lines are skipped: they mark a
 * declaration (and whether the method was entered), not an executable line; php-code-coverage counts
 * a file's `statements` metric from its `stmt` lines alone and Istanbul from `stmt` + `cond`, so this
 * matches what each tool calls a file's statements. A line that holds several constructs counts once.
 * `<testproject>` (OpenClover's test sources) is not coverage of the product and is skipped.
 */
const clover = {
    id: 'clover',
    label: 'Clover XML',
    kind: 'coverage',
    matchXmlRoot: (root) => root.name === 'coverage' &&
        !('line-rate' in root.attributes) &&
        ('clover' in root.attributes || 'generated' in root.attributes),
    async parse({ file, sink }) {
        const reader = new CloverReader(file, sink);
        await streamXml(file, (position) => reader.handlers(position));
        if (!reader.sawProject)
            throw new errors/* FileError */.f6({ file }, 'no <project> element: not a Clover report');
    },
};
/** The `<file>` open around the parser and its lines so far; one method per element. */
class CloverReader {
    file;
    sink;
    sawProject = false;
    path;
    lines = new LineHits();
    at = () => ({ line: 0, column: 0 });
    constructor(file, sink) {
        this.file = file;
        this.sink = sink;
    }
    handlers(position) {
        this.at = position;
        return {
            open: (tag, ancestors) => this.open(tag, ancestors),
            close: (tag, ancestors) => this.close(tag, ancestors),
        };
    }
    open(tag, ancestors) {
        if (ancestors.length === 0) {
            if (tag.name !== 'coverage')
                this.fail(`not a Clover report: the root is <${tag.name}>, not <coverage>`);
            return;
        }
        if (ancestors[1] !== 'project') {
            if (tag.name === 'project' && ancestors.length === 1)
                this.sawProject = true;
            return;
        }
        if (tag.name === 'file')
            this.openFile(tag);
        else if (tag.name === 'line')
            this.line(tag, ancestors);
    }
    /** Named by its `path` (Istanbul, OpenClover), else its `name` (older PHPUnit). */
    openFile(tag) {
        if (this.path !== undefined)
            this.fail('<file> inside another <file>');
        const named = tag.attributes.path?.trim() ? tag.attributes.path : undefined;
        this.path = named ?? stringAttribute(tag, 'name', this.file, this.at);
        this.lines = new LineHits();
    }
    line(tag, ancestors) {
        if (this.path === undefined || ancestors.at(-1) !== 'file')
            this.fail('<line> outside a <file>');
        const num = lineAttribute(tag, 'num', this.file, this.at);
        const type = tag.attributes.type;
        if (type === 'stmt')
            this.lines.add(num, countAttribute(tag, 'count', this.file, this.at));
        else if (type === 'cond')
            this.lines.add(num, this.condCount(tag));
        else if (type !== 'method')
            this.fail(`<line type="${type ?? ''}">: expected method, stmt or cond`);
    }
    /** The schema gives a cond true/false counts; Istanbul also writes the line's count. */
    condCount(tag) {
        const { file } = this;
        if (tag.attributes.count !== undefined)
            return countAttribute(tag, 'count', file, this.at);
        return countAttribute(tag, 'truecount', file, this.at, 0) + countAttribute(tag, 'falsecount', file, this.at, 0);
    }
    close(tag, ancestors) {
        if (tag.name === 'file' && ancestors[1] === 'project' && this.path !== undefined) {
            this.sink({ path: this.path, lines: this.lines });
            this.path = undefined;
        }
    }
    fail(reason) {
        throw new errors/* FileError */.f6({ file: this.file, ...this.at() }, reason);
    }
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./packages/reports/src/coverage/cobertura.ts








/**
 * Cobertura XML (coverage.py `xml`, Istanbul `cobertura`, gcovr, ReportGenerator...). One record per
 * `<class>` from its `<lines>`; the `<methods>` lines repeat class lines and are skipped.
 * Streamed: `<sources>` precedes `<packages>` in the DTD, so sources are known before any class.
 */
const cobertura = {
    id: 'cobertura',
    label: 'Cobertura XML',
    kind: 'coverage',
    matchXmlRoot: (root) => root.name === 'coverage' && 'line-rate' in root.attributes,
    async parse({ file, root, sink }) {
        const reader = new CoberturaReader(file, root, sink);
        await streamXml(file, (position) => reader.handlers(position));
        if (!reader.sawPackages)
            throw new errors/* FileError */.f6({ file }, 'no <packages> element: not a Cobertura report');
    },
};
/** Only `<source>` elements hold text this parser reads. */
const TEXT_IN = new Set(['source']);
/** The sources read so far and the `<class>` open around the parser; one method per element. */
class CoberturaReader {
    file;
    root;
    sink;
    sawPackages = false;
    sources = [];
    sourceText;
    path;
    lines = new LineHits();
    resolved = new Map();
    at = () => ({ line: 0, column: 0 });
    constructor(file, root, sink) {
        this.file = file;
        this.root = root;
        this.sink = sink;
    }
    handlers(position) {
        this.at = position;
        return {
            open: (tag, ancestors) => this.open(tag, ancestors),
            text: (data) => {
                if (this.sourceText !== undefined)
                    this.sourceText += data;
            },
            textIn: TEXT_IN,
            close: (tag) => this.close(tag),
        };
    }
    open(tag, ancestors) {
        // <line> first: it is almost every element. The conditions exclude each other, so order is free.
        const depth = ancestors.length;
        if (tag.name === 'line' && ancestors[depth - 1] === 'lines' && ancestors[depth - 2] === 'class')
            this.line(tag);
        else if (depth === 0)
            this.openRoot(tag);
        else if (tag.name === 'source' && ancestors[depth - 1] === 'sources')
            this.sourceText = '';
        else if (tag.name === 'packages')
            this.sawPackages = true;
        else if (tag.name === 'class')
            this.openClass(tag);
    }
    openRoot(tag) {
        if (tag.name !== 'coverage') {
            throw new errors/* FileError */.f6({ file: this.file, ...this.at() }, `not a Cobertura report: the root is <${tag.name}>, not <coverage>`);
        }
    }
    openClass(tag) {
        const filename = stringAttribute(tag, 'filename', this.file, this.at);
        // Many classes share a file (inner classes, one class per Python module): look it up once.
        let path = this.resolved.get(filename);
        if (path === undefined) {
            const kept = keep(filename);
            path = resolveFilename(kept, this.sources, this.root);
            this.resolved.set(kept, path);
        }
        this.path = path;
        this.lines = new LineHits();
    }
    line(tag) {
        if (this.path === undefined)
            throw new errors/* FileError */.f6({ file: this.file, ...this.at() }, '<line> outside a <class>');
        // Read by name (a fast property load) and checked in one go; anything else takes the helpers,
        // which accept and refuse the same values and name the problem.
        const { number, hits } = tag.attributes;
        const line = Number(number);
        const count = Number(hits);
        if (isLineNumber(line) && count >= 0 && count < Number.POSITIVE_INFINITY && hits !== '') {
            this.lines.add(line, count);
            return;
        }
        const { file, at } = this;
        this.lines.add(lineAttribute(tag, 'number', file, at), countAttribute(tag, 'hits', file, at));
    }
    close(tag) {
        if (tag.name === 'source' && this.sourceText !== undefined) {
            this.sources.push(keep(this.sourceText.trim()));
            this.sourceText = undefined;
        }
        else if (tag.name === 'class' && this.path !== undefined) {
            this.sink({ path: this.path, lines: this.lines });
            this.path = undefined;
        }
    }
}
/**
 * A class's filename is relative to one of the `<sources>`. Where an absolute source joined with it
 * lies inside the workspace, that absolute path is used (the loader makes it relative to the root), so
 * a report written in a subfolder still names files from the root. Of several such sources, the first
 * where the file exists wins, else the first; with none, the filename stays as written.
 */
function resolveFilename(filename, sources, root) {
    if ((0,external_node_path_.isAbsolute)(filename))
        return filename;
    const inside = sources
        .filter((source) => (0,external_node_path_.isAbsolute)(source))
        .map((source) => (0,external_node_path_.join)(source, filename))
        .filter((candidate) => isInside(root, candidate));
    // One candidate leaves nothing to choose: no look-up in the file system (one per file of the report).
    if (inside.length > 1)
        return inside.find((candidate) => (0,external_node_fs_.existsSync)(candidate)) ?? inside[0];
    return inside[0] ?? filename;
}
function isInside(root, path) {
    const fromRoot = (0,external_node_path_.relative)(root, path);
    return fromRoot.split(external_node_path_.sep)[0] !== '..' && !(0,external_node_path_.isAbsolute)(fromRoot);
}

;// CONCATENATED MODULE: ./packages/reports/src/coverage/coveragepy-statements.ts


/**
 * coverage.py 6.x lists in `executed_lines` every line the tracer saw, including some that are not
 * statements (a module docstring's line, where the module's code object starts); its own summary
 * counts statements only. To agree with `percent_covered`, the executed lines that are not statements
 * must go. The JSON does not list statements, so we drop executed lines that are a string literal,
 * a comment or blank in the source file, and only when that makes the counts agree.
 *
 * Returns the executed lines to keep, or undefined when the source cannot settle it.
 */
function reconcileExecutedLines(sourcePath, root, executed, expectedCovered) {
    let source;
    try {
        source = (0,external_node_fs_.readFileSync)((0,external_node_path_.isAbsolute)(sourcePath) ? sourcePath : (0,external_node_path_.resolve)(root, sourcePath), 'utf8').split('\n');
    }
    catch {
        return undefined;
    }
    const kept = executed.filter((line) => !isNonStatement(source[line - 1]));
    return kept.length === expectedCovered ? kept : undefined;
}
function isNonStatement(text) {
    if (text === undefined)
        return true;
    const trimmed = text.trim();
    return trimmed === '' || trimmed.startsWith('#') || /^[rRbBuUfF]{0,2}("""|'''|"|')/.test(trimmed);
}

;// CONCATENATED MODULE: ./packages/reports/src/coverage/json-input.ts

/** The parsed document: detection has usually read it already; a direct call reads it here. */
async function jsonDocument(input) {
    return input.json !== undefined ? input.json : readJson(input.file, input.head.size);
}

;// CONCATENATED MODULE: ./packages/reports/src/coverage/coveragepy-json.ts





/**
 * coverage.py `coverage json`: `{meta: {version, ...}, files: {path: {executed_lines, missing_lines,
 * excluded_lines, summary}}, totals}`. Lines are the executed ones (hits 1) and the missing ones (hits 0);
 * excluded lines are not executable. Without branch coverage the merged percent equals
 * `totals.percent_covered`; with `--branch`, coverage.py's percent mixes in branches, and ours stays
 * line coverage.
 */
const coveragePyJson = {
    id: 'coveragepy-json',
    label: 'coverage.py JSON',
    kind: 'coverage',
    matchJson: (document) => isRecord(document) && isRecord(document.meta) && 'version' in document.meta && isRecord(document.files),
    async parse(input) {
        const { file, sink } = input;
        const document = await jsonDocument(input);
        if (!isRecord(document) || !isRecord(document.meta) || !isRecord(document.files)) {
            throw new errors/* FileError */.f6({ file }, 'not a coverage.py JSON report: expected an object with "meta" and "files"');
        }
        for (const [path, entry] of Object.entries(document.files))
            sink(fileRecord(input, path, entry));
    },
};
/** One file's lines: the executed ones (hits 1) and the missing ones (hits 0). */
function fileRecord(input, path, entry) {
    const { file } = input;
    if (!isRecord(entry))
        throw new errors/* FileError */.f6({ file }, `files["${path}"]: expected an object, found ${describe(entry)}`);
    const missing = lineList(file, entry.missing_lines, `files["${path}"].missing_lines`);
    const executed = lineList(file, withoutNoStatementMarker(entry.executed_lines), `files["${path}"].executed_lines`);
    const summary = statementSummary(entry.summary);
    if (summary && summary.covered !== executed.length) {
        // The tracer's executed lines include non-statements: keep coverage.py's own numbers.
        const kept = reconcileExecutedLines(path, input.root, executed, summary.covered);
        if (!kept)
            return { path, summary };
        executed.splice(0, executed.length, ...kept);
    }
    const lines = new Map();
    for (const line of missing)
        lines.set(line, 0);
    for (const line of executed)
        lines.set(line, 1);
    return { path, lines };
}
/** The file's statement counts, when its summary carries them (coverage.py 5+ always writes them). */
function statementSummary(summary) {
    if (!isRecord(summary))
        return undefined;
    const { covered_lines: covered, num_statements: total } = summary;
    return Number.isInteger(covered) && Number.isInteger(total)
        ? { covered: covered, total: total }
        : undefined;
}
/**
 * coverage.py 6.x lists line 0 as executed in a file with no statements (an empty `__init__.py`):
 * the line its module's code object starts on. It is no line and no statement: drop it.
 */
function withoutNoStatementMarker(value) {
    return Array.isArray(value) ? value.filter((line) => line !== 0) : value;
}
function lineList(file, value, where) {
    if (!Array.isArray(value))
        throw new errors/* FileError */.f6({ file }, `${where}: expected a list of line numbers, found ${describe(value)}`);
    return value.map((line, index) => lineNumberAt(file, line, `${where}[${index}]`));
}

// EXTERNAL MODULE: ./node_modules/.pnpm/tinyglobby@0.2.17/node_modules/tinyglobby/dist/index.mjs + 2 modules
var dist = __webpack_require__(20952);
;// CONCATENATED MODULE: ./packages/reports/src/coverage/go-modules.ts



const cache = new Map();
/**
 * The modules under a root, from the `module` line of each go.mod at the root and up to two folders
 * down (vendor, testdata and node_modules excluded), longest module path first. Read once per root.
 */
function goModules(root) {
    let modules = cache.get(root);
    if (!modules) {
        modules = findModules(root);
        cache.set(root, modules);
    }
    return modules;
}
async function findModules(root) {
    const files = await (0,dist/* glob */.TI)(['go.mod', '*/go.mod', '*/*/go.mod'], {
        cwd: root,
        absolute: true,
        onlyFiles: true,
        ignore: ['**/node_modules/**', '**/vendor/**', '**/testdata/**', '**/.git/**'],
    });
    const modules = [];
    for (const file of files) {
        let text;
        try {
            text = await (0,promises_.readFile)(file, 'utf8');
        }
        catch {
            continue;
        }
        const path = modulePath(text);
        if (path)
            modules.push({ path, dir: (0,external_node_path_.relative)(root, (0,external_node_path_.dirname)(file)).split('\\').join('/') });
    }
    return modules.sort((a, b) => b.path.length - a.path.length);
}
/** The module path of a go.mod: `module example.com/m`, optionally quoted, comments allowed. */
function modulePath(goMod) {
    const match = /^\s*module\s+(?:"([^"]+)"|`([^`]+)`|([^\s/]\S*?))\s*(?:\/\/.*)?$/m.exec(goMod);
    return match?.[1] ?? match?.[2] ?? match?.[3];
}
/**
 * A profile's import-path file name as a workspace path: `example.com/m/pkg/a.go` in module
 * `example.com/m` at `svc/` is `svc/pkg/a.go`. Files outside any module's import path stay as written.
 */
function importPathToFile(importPath, modules) {
    for (const module of modules) {
        if (importPath.startsWith(`${module.path}/`)) {
            const rest = importPath.slice(module.path.length + 1);
            return module.dir === '' ? rest : `${module.dir}/${rest}`;
        }
    }
    return importPath;
}

;// CONCATENATED MODULE: ./packages/reports/src/coverage/go-cover.ts




const MODE = /^mode: (set|count|atomic)\s*$/;
/** `file.go:startLine.startCol,endLine.endCol numStmts count`, as cmd/cover writes it. */
const BLOCK = /^(.+):(\d+)\.(\d+),(\d+)\.(\d+) (\d+) (\d+)$/;
/**
 * Go cover profiles (`go test -coverprofile`). Each block becomes a statement block keyed by its
 * position, so the percent is Go's "coverage: X% of statements", and the same block from several
 * packages' runs (-coverpkg) merges. Import paths map to workspace files through the go.mod files
 * under the root. Profiles concatenated from several runs repeat the mode line; that is accepted.
 */
const goCover = {
    id: 'go-cover',
    label: 'Go cover profile',
    kind: 'coverage',
    matchText: (head) => MODE.test(head.trimStart().split('\n', 1)[0] ?? ''),
    async parse({ file, root, sink }) {
        const modules = await goModules(root);
        let mode;
        let path;
        let blocks = [];
        // Files come in runs of blocks; a run is sent when the file changes, so memory stays per file.
        const flush = () => {
            if (path !== undefined)
                sink({ path: toWorkspacePath(path), blocks });
            path = undefined;
            blocks = [];
        };
        const resolved = new Map();
        const toWorkspacePath = (name) => {
            let result = resolved.get(name);
            if (result === undefined) {
                // GOPATH-less local packages are written `_/abs/dir/file.go`.
                // The cache outlives the read chunk `name` was cut from: keep copies, not views into it.
                const kept = keep(name);
                result = kept.startsWith('_/') ? kept.slice(1) : importPathToFile(kept, modules);
                resolved.set(kept, result);
            }
            return result;
        };
        await forEachLine(file, (text, lineNumber) => {
            const modeLine = MODE.exec(text);
            if (modeLine) {
                mode = nextMode(mode, modeLine[1], file, lineNumber);
                return;
            }
            if (mode === undefined) {
                throw new errors/* FileError */.f6({ file, line: lineNumber }, 'not a Go cover profile: the first line must be "mode: set|count|atomic"');
            }
            if (text.trim() === '')
                return;
            const match = BLOCK.exec(text);
            if (!match)
                throw new errors/* FileError */.f6({ file, line: lineNumber }, `malformed cover profile block '${text.slice(0, 80)}'`);
            const block = go_cover_readBlock(match, file, lineNumber);
            if (match[1] !== path)
                flush();
            path = match[1];
            blocks.push(block);
        });
        if (mode === undefined)
            throw new errors/* FileError */.f6({ file }, 'not a Go cover profile: no "mode:" line');
        flush();
    },
};
/** Concatenated profiles repeat the mode line; a different mode would mix units. */
function nextMode(mode, next, file, lineNumber) {
    if (mode !== undefined && next !== mode) {
        throw new errors/* FileError */.f6({ file, line: lineNumber }, `mode: ${next} after mode: ${mode}`);
    }
    return next;
}
/** One block line, matched by BLOCK, checked: a range of source lines and safe integer counts. */
function go_cover_readBlock(match, file, lineNumber) {
    const [, , startLine, startCol, endLine, endCol, statements, count] = match;
    const block = {
        key: `${Number(startLine)}.${Number(startCol)},${Number(endLine)}.${Number(endCol)}`,
        startLine: Number(startLine),
        endLine: Number(endLine),
        statements: Number(statements),
        hits: Number(count),
    };
    if (!isLineNumber(block.startLine) || !isLineNumber(block.endLine) || block.endLine < block.startLine) {
        throw new errors/* FileError */.f6({ file, line: lineNumber }, `block ${block.key}: not a range of source lines`);
    }
    if (!Number.isSafeInteger(block.statements) || !Number.isSafeInteger(block.hits)) {
        throw new errors/* FileError */.f6({ file, line: lineNumber }, `block ${block.key}: statement or hit count out of range`);
    }
    return block;
}

;// CONCATENATED MODULE: ./packages/reports/src/coverage/istanbul-final.ts




/**
 * Istanbul `json` (coverage-final.json, from nyc, Jest, Vitest, c8): per file
 * `{path, statementMap, s, fnMap, f, branchMap, b}`. Lines are derived the way istanbul-lib-coverage's
 * `FileCoverage.getLineCoverage()` does, so the result equals Istanbul's own text/lcov line numbers:
 * a line is executable when a statement starts on it, and its hits are the highest of those statements.
 * Like that function, a hit count with no statement in `statementMap` is ignored.
 */
const istanbulFinal = {
    id: 'istanbul-final',
    label: 'Istanbul coverage-final.json',
    kind: 'coverage',
    matchJson: (document) => {
        if (!isRecord(document))
            return false;
        const first = Object.values(document)[0];
        const data = unwrap(first);
        return isRecord(data) && isRecord(data.statementMap) && isRecord(data.s);
    },
    async parse(input) {
        const { file, sink } = input;
        const document = await jsonDocument(input);
        if (!isRecord(document)) {
            throw new errors/* FileError */.f6({ file }, `not an Istanbul coverage map: expected an object of files, found ${describe(document)}`);
        }
        const entries = Object.entries(document);
        if (entries.length === 0)
            throw new errors/* FileError */.f6({ file }, 'the Istanbul coverage map names no file');
        for (const [key, value] of entries) {
            const data = unwrap(value);
            if (!isRecord(data) || !isRecord(data.statementMap) || !isRecord(data.s)) {
                throw new errors/* FileError */.f6({ file }, `"${key}": expected a file coverage object with "statementMap" and "s"`);
            }
            const path = typeof data.path === 'string' && data.path !== '' ? data.path : key;
            sink({ path, lines: lineCoverage(file, key, data.statementMap, data.s) });
        }
    },
};
/** Some writers serialise a FileCoverage object itself, whose coverage sits under `data`. */
function unwrap(value) {
    return isRecord(value) && isRecord(value.data) && !('statementMap' in value) ? value.data : value;
}
function lineCoverage(file, key, statementMap, hits) {
    const lines = new Map();
    for (const [id, count] of Object.entries(hits)) {
        const statement = statementMap[id];
        if (statement === undefined)
            continue;
        const where = `"${key}".statementMap["${id}"]`;
        if (!isRecord(statement) || !isRecord(statement.start)) {
            throw new errors/* FileError */.f6({ file }, `${where}: expected a location with "start"`);
        }
        const line = lineNumberAt(file, statement.start.line, `${where}.start.line`);
        const value = countAt(file, count, `"${key}".s["${id}"]`);
        setMax(lines, line, value);
    }
    return lines;
}

;// CONCATENATED MODULE: ./packages/reports/src/coverage/istanbul-summary.ts




/**
 * Istanbul `json-summary` (coverage-summary.json): `{total: {lines, statements, functions, branches},
 * "<path>": {...}}`. It carries totals only, so each file becomes a `summary` record of its lines;
 * `total` is the tool's own sum and is skipped (the map sums the files).
 */
const istanbulSummary = {
    id: 'istanbul-summary',
    label: 'Istanbul coverage-summary.json',
    kind: 'coverage',
    matchJson: (document) => isRecord(document) && isRecord(document.total) && isRecord(document.total.lines) && 'pct' in document.total.lines,
    async parse(input) {
        const { file, sink } = input;
        const document = await jsonDocument(input);
        if (!isRecord(document) || !isRecord(document.total)) {
            throw new errors/* FileError */.f6({ file }, 'not an Istanbul coverage summary: expected an object with a "total" entry');
        }
        linesOf(file, document.total, 'total');
        for (const [path, entry] of Object.entries(document)) {
            if (path === 'total')
                continue;
            sink({ path, summary: linesOf(file, entry, path) });
        }
    },
};
function linesOf(file, entry, where) {
    if (!isRecord(entry) || !isRecord(entry.lines)) {
        throw new errors/* FileError */.f6({ file }, `"${where}": expected an object with "lines" totals`);
    }
    const total = countAt(file, entry.lines.total, `"${where}".lines.total`);
    const covered = countAt(file, entry.lines.covered, `"${where}".lines.covered`);
    if (!Number.isInteger(total) || !Number.isInteger(covered) || covered > total) {
        throw new errors/* FileError */.f6({ file }, `"${where}".lines: covered ${covered} of total ${total} is not a line count`);
    }
    return { covered, total };
}

;// CONCATENATED MODULE: ./packages/reports/src/coverage/jacoco.ts




/** Every element of the JaCoCo report DTD (report.dtd, `-//JACOCO//DTD Report 1.1//EN`). */
const ELEMENTS = new Set([
    'report',
    'sessioninfo',
    'group',
    'package',
    'class',
    'method',
    'sourcefile',
    'line',
    'counter',
]);
/**
 * JaCoCo XML coverage (jacoco:report, Gradle jacocoTestReport, Kover). One record per
 * `<package name><sourcefile name>`, named `package/name` as JaCoCo names sources (VM notation).
 * A `<line>` is executable when it has instructions (mi + ci > 0) and covered when one ran (ci > 0).
 * The per-method COMPLEXITY counters are the complexity parser's business, not this one's.
 */
const jacoco = {
    id: 'jacoco',
    label: 'JaCoCo XML',
    kind: 'coverage',
    matchXmlRoot: (root) => root.name === 'report' && 'name' in root.attributes,
    async parse({ file, sink }) {
        const reader = new JacocoLines(file, sink);
        await streamXml(file, (position) => reader.handlers(position));
    },
};
/** The package and source file open around the parser; one method per element that matters. */
class JacocoLines {
    file;
    sink;
    packageName;
    path;
    lines = new LineHits();
    at = () => ({ line: 0, column: 0 });
    constructor(file, sink) {
        this.file = file;
        this.sink = sink;
    }
    handlers(position) {
        this.at = position;
        return { open: (tag, ancestors) => this.open(tag, ancestors), close: (tag) => this.close(tag) };
    }
    open(tag, ancestors) {
        // The DTD is closed: another element means another kind of <report>, which must not pass.
        if (!ELEMENTS.has(tag.name))
            this.fail(`not a JaCoCo report: unexpected element <${tag.name}>`);
        if (ancestors.length === 0 && tag.name !== 'report') {
            this.fail(`not a JaCoCo report: the root is <${tag.name}>, not <report>`);
        }
        if (tag.name === 'package')
            this.openPackage(tag);
        else if (tag.name === 'sourcefile')
            this.openSourceFile(tag);
        else if (tag.name === 'line')
            this.line(tag, ancestors);
    }
    openPackage(tag) {
        // The default package has an empty name.
        this.packageName = tag.attributes.name;
        if (this.packageName === undefined)
            this.fail('<package> has no name attribute');
    }
    openSourceFile(tag) {
        if (this.packageName === undefined)
            this.fail('<sourcefile> outside a <package>');
        const name = stringAttribute(tag, 'name', this.file, this.at);
        this.path = this.packageName === '' ? name : `${this.packageName}/${name}`;
        this.lines = new LineHits();
    }
    /** Executable when it has instructions (mi + ci > 0), covered when one ran (ci > 0). */
    line(tag, ancestors) {
        if (this.path === undefined || ancestors.at(-1) !== 'sourcefile')
            this.fail('<line> outside a <sourcefile>');
        const { file } = this;
        const line = lineAttribute(tag, 'nr', file, this.at);
        const missed = countAttribute(tag, 'mi', file, this.at, 0);
        const covered = countAttribute(tag, 'ci', file, this.at, 0);
        if (missed + covered > 0)
            this.lines.add(line, covered);
    }
    close(tag) {
        if (tag.name === 'sourcefile' && this.path !== undefined) {
            this.sink({ path: this.path, lines: this.lines });
            this.path = undefined;
        }
        else if (tag.name === 'package') {
            this.packageName = undefined;
        }
    }
    fail(reason) {
        throw new errors/* FileError */.f6({ file: this.file, ...this.at() }, reason);
    }
}

;// CONCATENATED MODULE: ./packages/reports/src/coverage/lcov-summary.ts


/** How many disagreeing sections a warning names before it only counts them. */
const NAMED_SECTIONS = 3;
/**
 * Checks each lcov section's DA records against its LF/LH summary. coverage.py 6.5 writes a DA
 * record for a module docstring's line, which its LF (statements) leaves out; the DA lines that are
 * not statements in the source (a string literal, comment or blank line) are dropped when that makes
 * them agree with LF. Any other disagreement keeps the DA records (they carry the lines, which diff
 * coverage needs). Either way the file gets one warning naming the sections and what was used.
 */
class LfLhCheck {
    file;
    root;
    notes = [];
    disagreeing = 0;
    constructor(file, root) {
        this.file = file;
        this.root = root;
    }
    /** The section's lines to keep: its DA records, less non-statements when that settles LF. */
    section(path, lines, summary) {
        const { found, hit } = summary;
        if (found === undefined && hit === undefined)
            return lines;
        const counts = lines.tally();
        const hitWithMarker = counts.covered + (summary.markerHit ? 1 : 0);
        if ((found ?? counts.lines) === counts.lines && (hit ?? hitWithMarker) === hitWithMarker)
            return lines;
        const distinct = new Map(lines);
        const covered = counts.covered;
        const said = `DA records ${distinct.size} lines (${covered} hit), LF ${found ?? '-'}, LH ${hit ?? '-'}`;
        const kept = found !== undefined && found < distinct.size
            ? reconcileExecutedLines(path, this.root, [...distinct.keys()], found)
            : undefined;
        if (!kept) {
            this.note(`${path}: ${said}; used the DA records`);
            return lines;
        }
        const settled = new LineHits();
        for (const line of kept)
            settled.add(line, distinct.get(line));
        const settledCovered = kept.filter((line) => distinct.get(line) > 0).length;
        this.note(`${path}: ${said}; used the DA records less ${distinct.size - kept.length} that are not statements in the source (${kept.length} lines, ${settledCovered} hit)`);
        return settled;
    }
    /** One line for the whole file, or undefined when every section agreed. */
    warning() {
        if (this.disagreeing === 0)
            return undefined;
        const more = this.disagreeing - this.notes.length;
        return `${this.file}: ${this.disagreeing} section(s) where DA and LF/LH disagree: ${this.notes.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
    }
    note(text) {
        this.disagreeing++;
        if (this.notes.length < NAMED_SECTIONS)
            this.notes.push(text);
    }
}

;// CONCATENATED MODULE: ./packages/reports/src/coverage/lcov.ts





/**
 * lcov tracefiles (geninfo, c8, Istanbul, coverage.py, node --test). Streamed line by line.
 * Line coverage comes from the DA records; a section whose LF/LH disagree with them is reported
 * through `warn`, naming what was used (see LfLhCheck). `DA:0` is coverage.py's marker for a file
 * with no statements (an empty `__init__.py`): no line, no statement.
 */
const lcov = {
    id: 'lcov',
    label: 'lcov',
    kind: 'coverage',
    matchText: (head) => /^(TN:|SF:)/m.test(head.trimStart().slice(0, 4096)),
    async parse({ file, root, sink, warn }) {
        const check = new LfLhCheck(file, root);
        const reader = new LcovReader(file, sink, check);
        await forEachByteLine(file, (bytes, start, end, lineNumber) => reader.bytes(bytes, start, end, lineNumber));
        reader.end();
        const warning = check.warning();
        if (warning)
            warn?.(warning);
    },
};
const KNOWN_TAGS = new Set(['TN', 'FN', 'FNDA', 'FNF', 'FNH', 'FNL', 'FNA', 'BRDA', 'BRF', 'BRH', 'VER']);
const COLON = 0x3a;
const COMMA = 0x2c;
/** Tags of more than 4 characters, or not ASCII, are not packed; their lines take the string path. */
const UNPACKED = -1;
/** A tag of up to 4 ASCII characters as one small integer, so the hot path compares numbers, not strings. */
function packTag(bytes, start, end) {
    if (end - start > 4)
        return UNPACKED;
    let code = 1;
    for (let i = start; i < end; i++) {
        const byte = bytes[i];
        if (byte >= 0x80)
            return UNPACKED;
        code = code * 128 + byte;
    }
    return code;
}
const pack = (tag) => packTag(Buffer.from(tag), 0, tag.length);
/** Records read and ignored, and a line starting with a colon (an empty tag), which is ignored too. */
const IGNORED = new Set(['', ...KNOWN_TAGS].map(pack));
/** The first `byte` in bytes[start, end), or -1. */
function indexOfByte(bytes, byte, start, end) {
    for (let i = start; i < end; i++)
        if (bytes[i] === byte)
            return i;
    return -1;
}
/** The state of one tracefile being read: the open SF section and its lines. One method per record kind. */
class LcovReader {
    file;
    sink;
    check;
    path;
    lines = new LineHits();
    /** The open section's LF and LH, when it has them. */
    summary = {};
    sawRecord = false;
    /** Where `digits` stopped reading. */
    stop = 0;
    constructor(file, sink, check) {
        this.file = file;
        this.sink = sink;
        this.check = check;
    }
    /**
     * Called for every line of the file: the hot path. A `DA` line of plain digits is read in place and
     * an ignored record is skipped, with no string made; any other line is decoded and read by `line`,
     * which is the whole grammar, so both paths accept and refuse the same lines with the same errors.
     */
    bytes(bytes, start, end, lineNumber) {
        // `DA:` checked first and byte by byte: it is most lines. A byte past `end` is a line break or nothing.
        const da = bytes[start] === 0x44 && bytes[start + 1] === 0x41 && bytes[start + 2] === COLON;
        if (da && this.path !== undefined && this.plainDa(bytes, start + 3, end))
            return;
        const colon = indexOfByte(bytes, COLON, start, end);
        const tag = colon === -1 ? UNPACKED : packTag(bytes, start, colon);
        if (tag === UNPACKED || !IGNORED.has(tag))
            this.line(bytes.toString('utf8', start, end), lineNumber);
    }
    /** `DA:<digits>,<digits>[,<checksum>]` read in place, in one pass; false for any other spelling, left to `da`. */
    plainDa(bytes, start, end) {
        const line = this.digits(bytes, start, end);
        if (line < 1 || line > MAX_LINE || this.stop >= end || bytes[this.stop] !== COMMA)
            return false;
        const hits = this.digits(bytes, this.stop + 1, end);
        if (hits < 0 || (this.stop < end && bytes[this.stop] !== COMMA))
            return false;
        this.lines.add(line, hits);
        return true;
    }
    /**
     * The integer written as 1 to 15 ASCII digits from `start` (exact in a double), or -1; `stop` is left
     * on the first byte after the digits.
     */
    digits(bytes, start, end) {
        let value = 0;
        let i = start;
        for (; i < end; i++) {
            const digit = bytes[i] - 48;
            if (digit < 0 || digit > 9)
                break;
            value = value * 10 + digit;
        }
        this.stop = i;
        return i === start || i - start > 15 ? -1 : value;
    }
    /** One line of the file as text: every record, read the slow way. */
    line(text, lineNumber) {
        const colon = text.indexOf(':');
        const tag = colon === -1 ? text.trim() : text.slice(0, colon);
        switch (tag) {
            case 'DA':
                this.da(text, colon, lineNumber);
                return;
            case 'SF':
                this.sf(text, colon, lineNumber);
                return;
            case 'end_of_record':
                this.endOfRecord(lineNumber);
                return;
            case 'LF':
            case 'LH':
                this.count(tag, text.slice(colon + 1), lineNumber);
                return;
            default:
                if (tag !== '' && !KNOWN_TAGS.has(tag))
                    this.fail(lineNumber, `not an lcov record: '${text.slice(0, 80)}'`);
        }
    }
    /** After the last line: a section left open is a truncated file, no section at all is not lcov. */
    end() {
        if (this.path !== undefined) {
            throw new errors/* FileError */.f6({ file: this.file }, `truncated: the section for ${this.path} has no end_of_record`);
        }
        if (!this.sawRecord)
            throw new errors/* FileError */.f6({ file: this.file }, 'no SF section: not an lcov tracefile');
    }
    /** `DA:<line>,<hits>[,<checksum>]` */
    da(text, colon, lineNumber) {
        if (this.path === undefined)
            this.fail(lineNumber, 'DA record outside an SF section');
        const rest = text.slice(colon + 1);
        const comma = rest.indexOf(',');
        const line = Number(rest.slice(0, comma));
        const next = rest.indexOf(',', comma + 1);
        const hits = Number(next === -1 ? rest.slice(comma + 1) : rest.slice(comma + 1, next));
        // Past MAX_LINE a line number is garbage, and would grow the file's line set without bound.
        const noStatements = rest.slice(0, comma) === '0';
        if (comma === -1 || !(isLineNumber(line) || noStatements) || !(hits >= 0)) {
            this.fail(lineNumber, `malformed DA record '${text}'`);
        }
        if (!noStatements)
            this.lines.add(line, Math.max(0, hits));
        // coverage.py counts its marker's hit in LH.
        else if (hits > 0)
            this.summary.markerHit = true;
    }
    /** `LF:<count>` or `LH:<count>`, kept to check the section's DA records against. */
    count(tag, text, lineNumber) {
        if (this.path === undefined)
            return;
        const value = Number(text.trim());
        if (text.trim() === '' || !Number.isInteger(value) || value < 0) {
            this.fail(lineNumber, `malformed ${tag} record '${tag}:${text}'`);
        }
        this.summary[tag === 'LF' ? 'found' : 'hit'] = value;
    }
    /** `SF:<path>` opens a section. */
    sf(text, colon, lineNumber) {
        if (this.path !== undefined)
            this.fail(lineNumber, 'SF before the previous end_of_record');
        const path = text.slice(colon + 1).trim();
        if (path === '')
            this.fail(lineNumber, 'SF record with no path');
        this.path = path;
        this.sawRecord = true;
    }
    endOfRecord(lineNumber) {
        if (this.path === undefined)
            this.fail(lineNumber, 'end_of_record with no SF section open');
        this.sink({ path: this.path, lines: this.check.section(this.path, this.lines, this.summary) });
        this.path = undefined;
        this.lines = new LineHits();
        this.summary = {};
    }
    fail(lineNumber, reason) {
        throw new errors/* FileError */.f6({ file: this.file, line: lineNumber }, reason);
    }
}

;// CONCATENATED MODULE: ./packages/reports/src/coverage/index.ts








const coverageFormats = [
    lcov,
    cobertura,
    clover,
    jacoco,
    istanbulFinal,
    istanbulSummary,
    coveragePyJson,
    goCover,
];

;// CONCATENATED MODULE: ./packages/reports/src/security/json-fields.ts


/**
 * Typed access to fields of a parsed JSON report. Every mismatch is a FileError naming the JSON path
 * (`runs[0].results[3].level`), so a document of the right shape with a missing field fails clearly
 * instead of yielding a TypeError or a silently empty result.
 */
class JsonFields {
    location;
    constructor(location) {
        this.location = location;
    }
    fail(path, reason) {
        throw new errors/* FileError */.f6(this.location, `${path}: ${reason}`);
    }
    record(value, path) {
        if (!isRecord(value))
            this.fail(path, `expected an object, found ${json_fields_describe(value)}`);
        return value;
    }
    array(value, path) {
        if (!Array.isArray(value))
            this.fail(path, `expected an array, found ${json_fields_describe(value)}`);
        return value;
    }
    /** An array, or an empty one when the field is absent or null (tools omit empty lists). */
    optionalArray(value, path) {
        return value === undefined || value === null ? [] : this.array(value, path);
    }
    /** A non-empty string. */
    string(value, path) {
        if (typeof value !== 'string')
            this.fail(path, `expected a string, found ${json_fields_describe(value)}`);
        if (value.trim() === '')
            this.fail(path, 'is empty');
        return value;
    }
    /** A string, or undefined when absent, null, empty or blank (as `string` refuses a blank one). */
    optionalString(value, path) {
        if (value === undefined || value === null)
            return undefined;
        if (typeof value !== 'string')
            this.fail(path, `expected a string, found ${json_fields_describe(value)}`);
        return value.trim() === '' ? undefined : value;
    }
    optionalNumber(value, path) {
        if (value === undefined || value === null)
            return undefined;
        if (typeof value !== 'number' || !Number.isFinite(value)) {
            this.fail(path, `expected a number, found ${json_fields_describe(value)}`);
        }
        return value;
    }
    /** A 1-based line number, or undefined when absent or 0 (tools write 0 for "no line"). */
    optionalLine(value, path) {
        const line = this.optionalNumber(value, path);
        if (line === undefined || line === 0)
            return undefined;
        if (!Number.isInteger(line) || line < 0)
            this.fail(path, `expected a line number, found ${line}`);
        return line;
    }
    /** An array of strings (absent → empty). */
    optionalStrings(value, path) {
        return this.optionalArray(value, path).map((item, i) => this.string(item, `${path}[${i}]`));
    }
}
function json_fields_describe(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'an array';
    if (typeof value === 'string')
        return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    if (typeof value === 'object')
        return 'an object';
    if (value === undefined)
        return 'nothing';
    return `${typeof value} ${String(value)}`;
}

;// CONCATENATED MODULE: ./packages/reports/src/security/severity.ts
/**
 * A CVSS-like score (SARIF `security-severity`) as a severity, the way GitHub code scanning buckets it:
 * "over 9.0 is critical, 7.0 to 8.9 is high, 4.0 to 6.9 is medium and 3.9 or less is low"
 * (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning#reportingdescriptor-object).
 * 9.0 itself is critical, as in CVSS v3. A score of 0 carries no severity: undefined, so callers fall back.
 */
function severityFromScore(score) {
    if (!(score > 0))
        return undefined;
    if (score >= 9)
        return 'critical';
    if (score >= 7)
        return 'high';
    if (score >= 4)
        return 'medium';
    return 'low';
}
/** A tool's severity word through its table (matched case-insensitively); an unknown word is an error. */
function mapSeverity(fields, table, value, path) {
    const word = fields.string(value, path);
    const key = word.toLowerCase();
    // Own keys only: 'constructor' must not find Object.prototype's.
    const severity = Object.hasOwn(table, key) ? table[key] : undefined;
    if (!severity) {
        fields.fail(path, `unknown severity '${word}' (expected one of ${Object.keys(table).join(', ')})`);
    }
    return severity;
}

;// CONCATENATED MODULE: ./packages/reports/src/security/bandit.ts



const SEVERITIES = {
    high: 'high',
    medium: 'medium',
    low: 'low',
    undefined: 'unknown',
};
/**
 * Bandit JSON (`bandit -f json`). The severity is bandit's issue_severity as is. issue_confidence does
 * not lower it: a gate on "high" must not be weakened silently, and bandit filters by confidence
 * itself (`--confidence-level`) before writing the report. The confidence is kept in the message.
 */
const bandit = {
    id: 'bandit',
    label: 'Bandit JSON',
    kind: 'security',
    matchJson: (document) => isRecord(document) &&
        Array.isArray(document.results) &&
        isRecord(document.metrics) &&
        isRecord(document.metrics._totals),
    async parse({ file, json }) {
        const fields = new JsonFields({ file });
        const report = fields.record(json, 'the document');
        const findings = fields.array(report.results, 'results').map((value, i) => {
            const at = `results[${i}]`;
            const issue = fields.record(value, at);
            const confidence = fields.optionalString(issue.issue_confidence, `${at}.issue_confidence`);
            const text = fields.string(issue.issue_text, `${at}.issue_text`);
            const finding = {
                tool: 'Bandit',
                id: fields.string(issue.test_id, `${at}.test_id`),
                severity: mapSeverity(fields, SEVERITIES, issue.issue_severity, `${at}.issue_severity`),
                message: confidence ? `${text} (confidence: ${confidence.toLowerCase()})` : text,
                file: fields.string(issue.filename, `${at}.filename`),
            };
            const line = fields.optionalLine(issue.line_number, `${at}.line_number`);
            if (line !== undefined)
                finding.line = line;
            return finding;
        });
        return { findings };
    },
};

;// CONCATENATED MODULE: ./packages/reports/src/security/grype.ts



/** Grype's severities are title case; Negligible sits below Low, the model's lowest. */
const grype_SEVERITIES = {
    critical: 'critical',
    high: 'high',
    medium: 'medium',
    low: 'low',
    negligible: 'low',
    unknown: 'unknown',
};
/** `grype -o json`: one finding per match (a vulnerability in one package). */
const grype = {
    id: 'grype',
    label: 'Grype JSON',
    kind: 'security',
    matchJson: (document) => isRecord(document) &&
        Array.isArray(document.matches) &&
        isRecord(document.descriptor) &&
        document.descriptor.name === 'grype',
    async parse({ file, json }) {
        const fields = new JsonFields({ file });
        const report = fields.record(json, 'the document');
        const findings = fields.array(report.matches, 'matches').map((value, i) => {
            const at = `matches[${i}]`;
            const match = fields.record(value, at);
            const vulnerability = fields.record(match.vulnerability, `${at}.vulnerability`);
            const artifact = fields.record(match.artifact, `${at}.artifact`);
            const id = fields.string(vulnerability.id, `${at}.vulnerability.id`);
            const finding = {
                tool: 'Grype',
                id,
                severity: mapSeverity(fields, grype_SEVERITIES, vulnerability.severity, `${at}.vulnerability.severity`),
                message: fields.optionalString(vulnerability.description, `${at}.vulnerability.description`) ?? related(match) ?? id,
                package: fields.string(artifact.name, `${at}.artifact.name`),
            };
            const version = fields.optionalString(artifact.version, `${at}.artifact.version`);
            if (version !== undefined)
                finding.version = version;
            if (isRecord(vulnerability.fix)) {
                const fixes = fields.optionalStrings(vulnerability.fix.versions, `${at}.vulnerability.fix.versions`);
                if (fixes.length > 0)
                    finding.fixedVersions = fixes;
            }
            return finding;
        });
        return { findings };
    },
};
/** GHSA matches often carry the description only on the related CVE. */
function related(match) {
    if (!Array.isArray(match.relatedVulnerabilities))
        return undefined;
    for (const entry of match.relatedVulnerabilities) {
        if (isRecord(entry) && typeof entry.description === 'string' && entry.description.trim() !== '') {
            return entry.description;
        }
    }
    return undefined;
}

;// CONCATENATED MODULE: ./packages/reports/src/security/npm-audit.ts



/** npm's severities; `info` is below low, and the model's lowest is low. */
const npm_audit_SEVERITIES = {
    info: 'low',
    low: 'low',
    moderate: 'medium',
    high: 'high',
    critical: 'critical',
};
/**
 * `npm audit --json` of npm 7+ (auditReportVersion 2): one finding per vulnerable package, with the
 * severity npm gives that package (the worst of its advisories and of the vulnerable packages it
 * depends on). A package vulnerable only through its dependencies is a finding too, as npm counts it.
 *
 * npm 6's report (auditReportVersion 1: `advisories`, `actions`) is recognised and refused: it counts
 * advisories, not packages, so a threshold would mean something else for it; npm 6 is end-of-life.
 */
const npmAudit = {
    id: 'npm-audit',
    label: 'npm audit JSON',
    kind: 'security',
    matchJson: (document) => isRecord(document) &&
        ((document.auditReportVersion !== undefined && isRecord(document.vulnerabilities)) ||
            (isRecord(document.advisories) && Array.isArray(document.actions))),
    async parse({ file, json }) {
        const fields = new JsonFields({ file });
        const report = fields.record(json, 'the document');
        checkVersion(fields, report);
        const vulnerabilities = fields.record(report.vulnerabilities, 'vulnerabilities');
        return {
            findings: Object.entries(vulnerabilities).map(([name, value]) => readVulnerability(fields, name, value)),
        };
    },
};
/** Only npm 7+'s report (auditReportVersion 2) counts packages. */
function checkVersion(fields, report) {
    if (report.auditReportVersion === undefined && isRecord(report.advisories)) {
        fields.fail('the document', 'an npm 6 audit report (auditReportVersion 1) is not supported: run npm audit --json with npm 7 or later');
    }
    if (report.auditReportVersion !== 2) {
        fields.fail('auditReportVersion', `version ${JSON.stringify(report.auditReportVersion)} is not supported (expected 2)`);
    }
}
/** One vulnerable package: its advisories, or the vulnerable dependencies it is vulnerable through. */
function readVulnerability(fields, name, value) {
    const at = `vulnerabilities[${JSON.stringify(name)}]`;
    const entry = fields.record(value, at);
    const severity = mapSeverity(fields, npm_audit_SEVERITIES, entry.severity, `${at}.severity`);
    const advisories = [];
    const through = [];
    fields.array(entry.via, `${at}.via`).forEach((via, i) => {
        if (typeof via === 'string')
            through.push(via);
        else
            advisories.push(readAdvisory(fields, fields.record(via, `${at}.via[${i}]`), `${at}.via[${i}]`));
    });
    if (advisories.length === 0 && through.length === 0)
        fields.fail(`${at}.via`, 'is empty: no advisory and no dependency');
    const ids = [...new Set(advisories.map((a) => a.id))];
    const titles = [...new Set(advisories.flatMap((a) => (a.title ? [a.title] : [])))];
    const finding = {
        tool: 'npm audit',
        id: ids.length > 0 ? ids.join(', ') : `via ${through.join(', ')}`,
        severity,
        message: titles.length > 0 ? titles.join('; ') : `depends on vulnerable ${through.join(', ')}`,
        package: name,
    };
    // fixAvailable names the package to change, which may be a parent: only its own version is a fix for it.
    const fix = entry.fixAvailable;
    if (isRecord(fix) && fix.name === name && typeof fix.version === 'string')
        finding.fixedVersions = [fix.version];
    return finding;
}
/** A via advisory: its GHSA id from the url when it has one, else npm's numeric source. */
function readAdvisory(fields, via, at) {
    const url = fields.optionalString(via.url, `${at}.url`);
    const ghsa = url ? /\/(GHSA-[\w-]+)\/?$/i.exec(url)?.[1] : undefined;
    const source = via.source;
    const id = ghsa ??
        (typeof source === 'number' || typeof source === 'string' ? `npm:${source}` : undefined) ??
        url ??
        fields.fail(at, 'an advisory with no url and no source');
    const title = fields.optionalString(via.title, `${at}.title`);
    return title === undefined ? { id } : { id, title };
}

;// CONCATENATED MODULE: ./packages/reports/src/security/pip-audit.ts


/** pip-audit writes long markdown descriptions; the first paragraph says what the issue is. */
const MESSAGE_CHARS = 500;
/** A dependency entry as pip-audit writes it: a name, and vulns or a skip_reason. */
function isDependency(value) {
    return isRecord(value) && typeof value.name === 'string' && (Array.isArray(value.vulns) || 'skip_reason' in value);
}
/**
 * `pip-audit -f json`: the current `{dependencies: [...], fixes: [...]}` and the legacy top-level list
 * (pip-audit < 2). pip-audit reports no severity, so every finding is `unknown`. Dependencies pip-audit
 * skipped (`skip_reason`: not on PyPI) were not audited and give no finding.
 */
const pipAudit = {
    id: 'pip-audit',
    label: 'pip-audit JSON',
    kind: 'security',
    matchJson: (document) => {
        // `dependencies` alone is no signature (CycloneDX has one): look at what the entries hold.
        const list = Array.isArray(document) ? document : isRecord(document) ? document.dependencies : undefined;
        if (!Array.isArray(list))
            return false;
        if (list.length === 0)
            return isRecord(document) && Array.isArray(document.fixes);
        return isDependency(list[0]);
    },
    async parse({ file, json }) {
        const fields = new JsonFields({ file });
        const legacy = Array.isArray(json);
        const list = legacy ? json : fields.array(fields.record(json, 'the document').dependencies, 'dependencies');
        const base = legacy ? '' : 'dependencies';
        const findings = [];
        list.forEach((value, i) => {
            const at = `${base}[${i}]`;
            const dependency = fields.record(value, at);
            const name = fields.string(dependency.name, `${at}.name`);
            if (dependency.skip_reason !== undefined && dependency.vulns === undefined)
                return;
            const version = fields.string(dependency.version, `${at}.version`);
            fields.array(dependency.vulns, `${at}.vulns`).forEach((v, j) => {
                const vat = `${at}.vulns[${j}]`;
                const vuln = fields.record(v, vat);
                const finding = {
                    tool: 'pip-audit',
                    id: fields.string(vuln.id, `${vat}.id`),
                    severity: 'unknown',
                    message: summary(fields.optionalString(vuln.description, `${vat}.description`)) ?? `${name} ${version}`,
                    package: name,
                    version,
                };
                const fixes = fields.optionalStrings(vuln.fix_versions, `${vat}.fix_versions`);
                if (fixes.length > 0)
                    finding.fixedVersions = fixes;
                findings.push(finding);
            });
        });
        return { findings };
    },
};
function summary(description) {
    const paragraph = description?.trim().split(/\n\s*\n/)[0];
    const text = paragraph
        ?.replace(/^#+\s*/gm, '')
        .replace(/\s+/g, ' ')
        .trim();
    if (!text)
        return undefined;
    return text.length > MESSAGE_CHARS ? `${text.slice(0, MESSAGE_CHARS - 1)}…` : text;
}

// EXTERNAL MODULE: ./node_modules/.pnpm/@streamparser+json@0.0.26/node_modules/@streamparser/json/dist/mjs/index.js + 7 modules
var mjs = __webpack_require__(91095);
;// CONCATENATED MODULE: ./packages/reports/src/json-stream.ts



/**
 * fs streams' default. Bigger chunks are no faster, and 1 MiB ones doubled peak RSS (buffers outside
 * the V8 heap are collected lazily).
 */
const CHUNK_BYTES = 64 * 1024;
/**
 * Streams a JSON file in 64 KiB chunks, handing the selected values to `onValue`. Malformed or
 * truncated JSON, and anything after the document, is a FileError naming the line and byte offset.
 */
async function streamJson(file, { paths, onValue }) {
    const stream = new JsonStream(paths, onValue);
    try {
        await stream.feed(file);
    }
    catch (error) {
        throw await stream.failure(file, error);
    }
    if (stream.tokenOffset === -1)
        throw new errors/* FileError */.f6({ file, offset: 0 }, 'no JSON value in the file');
}
/** A tokenizer and a parser wired together, and where they are in the file. */
class JsonStream {
    /** The offset of the last token (-1 before the first): where a parser error is. */
    tokenOffset = -1;
    bytes = 0;
    /** 3 when the file starts with a UTF-8 byte-order mark: the tokenizer's offsets start after it. */
    bom = 0;
    tokenizer = new mjs/* Tokenizer */._F();
    constructor(paths, onValue) {
        const tokenizer = this.tokenizer;
        const parser = new mjs/* TokenParser */.zb({ paths, keepStack: false });
        tokenizer.onToken = (token) => {
            this.tokenOffset = token.offset;
            parser.write(token);
        };
        parser.onValue = (value) => {
            if (onValue(value) !== true)
                dropHandedOver(value);
        };
        parser.onError = (error) => tokenizer.error(error);
        tokenizer.onError = (error) => {
            throw error;
        };
        // The document ends with its last brace; the tokenizer then accepts only white space.
        parser.onEnd = () => {
            if (!tokenizer.isEnded)
                tokenizer.end();
        };
        tokenizer.onEnd = () => {
            if (!parser.isEnded)
                parser.end();
        };
    }
    async feed(file) {
        for await (const chunk of (0,external_node_fs_.createReadStream)(file, { highWaterMark: CHUNK_BYTES })) {
            const buffer = chunk;
            if (this.bytes === 0 && startsWithBom(buffer))
                this.bom = 3;
            this.tokenizer.write(buffer);
            this.bytes += buffer.length;
        }
        if (!this.tokenizer.isEnded)
            this.tokenizer.end();
    }
    /** The error to throw for one the stream raised: a FileError at its line and offset when it is about the JSON. */
    async failure(file, error) {
        if (error instanceof errors/* FileError */.f6)
            return error;
        const problem = describeParseError(error, this.bytes, this.tokenOffset + this.bom);
        if (!problem)
            return error;
        const line = await lineAt(file, problem.offset);
        return new errors/* FileError */.f6({ file, line, offset: problem.offset }, problem.reason);
    }
}
/** Drops a value the handler let go from its parent; with no selected ancestor the parser already has (keepStack: false). */
function dropHandedOver(value) {
    const { parent } = value;
    if (parent === undefined || !value.stack.some((s) => s.emit))
        return;
    if (Array.isArray(parent))
        parent.length -= 1;
    else
        Reflect.deleteProperty(parent, value.key);
}
function startsWithBom(buffer) {
    return buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
}
/** What went wrong, from the parser's error; undefined for an error that is not about the JSON. */
function describeParseError(error, size, tokenOffset) {
    if (!(error instanceof Error))
        return undefined;
    for (const read of PROBLEM_READERS) {
        const problem = read(error, size, tokenOffset);
        if (problem)
            return problem;
    }
    return undefined;
}
function truncation(error, size) {
    if (!/ended in (the middle of a token|mid-parsing)/.test(error.message))
        return undefined;
    return { offset: size, reason: `truncated JSON: the file ends (byte ${size}) inside the document` };
}
function tokenizerProblem(error, _size, tokenOffset) {
    if (!(error instanceof mjs/* TokenizerError */.S0))
        return undefined;
    const { message } = error;
    const at = /absolute position "(\d+)"/.exec(message);
    const character = /^Unexpected "(.*)" at chunk/s.exec(message)?.[1] ?? '';
    const after = / in state ENDED$/.test(message) ? ' after the end of the document' : '';
    const offset = Number(at?.[1] ?? tokenOffset);
    return { offset, reason: `malformed JSON: unexpected ${JSON.stringify(character)}${after} (byte ${offset})` };
}
/** The parser decodes strings with a fatal TextDecoder. */
function encodingProblem(error, _size, tokenOffset) {
    if (error.code !== 'ERR_ENCODING_INVALID_ENCODED_DATA')
        return undefined;
    const offset = Math.max(0, tokenOffset);
    return { offset, reason: `malformed JSON: invalid UTF-8 in a string after byte ${offset}` };
}
function parserProblem(error, _size, tokenOffset) {
    if (!(error instanceof mjs/* TokenParserError */.Z))
        return undefined;
    const token = /^Unexpected \w+ \((.*)\) in state/s.exec(error.message)?.[1] ?? error.message;
    const offset = Math.max(0, tokenOffset);
    return { offset, reason: `malformed JSON: unexpected ${token} (byte ${offset})` };
}
/** In the order they are tried: a truncation message can come from the tokenizer or the parser. */
const PROBLEM_READERS = [truncation, tokenizerProblem, encodingProblem, parserProblem];
/** The 1-based line of a byte offset, counted by streaming the file (only on the error path). */
async function lineAt(file, offset) {
    let line = 1;
    if (offset <= 0)
        return line;
    for await (const chunk of (0,external_node_fs_.createReadStream)(file, { highWaterMark: CHUNK_BYTES, end: offset - 1 })) {
        const buffer = chunk;
        for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1))
            line++;
    }
    return line;
}
/**
 * The top-level members of a JSON object seen in the first bytes of a file, for detecting the format
 * of a document too big to parse whole. A head that is not an object, or turns malformed, gives what
 * was read before.
 */
function jsonHeadMembers(head) {
    const reader = new HeadMembers();
    const tokenizer = new mjs/* Tokenizer */._F();
    tokenizer.onToken = ({ token, value }) => reader.onToken(token, value);
    try {
        tokenizer.write(head);
    }
    catch {
        // Not JSON from some point on: what was read stands.
    }
    return reader.members;
}
/** The state of reading the root object's members from its tokens. */
class HeadMembers {
    members = { keys: [], scalars: Object.create(null) };
    depth = 0;
    /** At depth 1 of the root object: is the next token a key, a value, or neither (nested)? */
    expect = 'other';
    key = '';
    onToken(token, value) {
        if (token === mjs/* TokenType */.ks.LEFT_BRACE || token === mjs/* TokenType */.ks.LEFT_BRACKET)
            this.open(token);
        else if (token === mjs/* TokenType */.ks.RIGHT_BRACE || token === mjs/* TokenType */.ks.RIGHT_BRACKET)
            this.depth--;
        else if (this.depth === 1)
            this.member(token, value);
    }
    open(token) {
        if (this.depth === 0 && token === mjs/* TokenType */.ks.LEFT_BRACE)
            this.expect = 'key';
        else if (this.depth === 0)
            throw new Error('not an object');
        else if (this.depth === 1)
            this.expect = 'other';
        this.depth++;
    }
    /** A token directly inside the root object. */
    member(token, value) {
        if (token === mjs/* TokenType */.ks.COMMA)
            this.expect = 'key';
        else if (token === mjs/* TokenType */.ks.COLON)
            this.expect = 'value';
        else if (this.expect === 'key' && typeof value === 'string') {
            this.key = value;
            this.members.keys.push(value);
        }
        else if (this.expect === 'value') {
            this.members.scalars[this.key] = value;
            this.expect = 'other';
        }
    }
}

;// CONCATENATED MODULE: ./packages/reports/src/security/sarif-result.ts


/** SARIF §3.27.10: a result's level, when neither it nor its rule gives one, is `warning`. */
const LEVELS = { error: 'high', warning: 'medium', note: 'low', none: 'low' };
/** SARIF §3.27.9 kinds that do not report a problem. */
const NOT_PROBLEMS = new Set(['pass', 'notApplicable', 'informational']);
function sarif_result_checkVersion(fields, value) {
    const version = fields.string(value, 'version');
    if (version !== '2.1.0')
        fields.fail('version', `SARIF ${version} is not supported (expected 2.1.0)`);
}
/** SARIF §3.14.23: an absent `results` means the tool did not produce results, which is not "no findings". */
function checkResults(fields, value, at) {
    if (value === undefined || value === null) {
        fields.fail(`${at}.results`, 'absent: the tool produced no results for this run (it did not complete)');
    }
    return fields.array(value, `${at}.results`);
}
/** Reads `run.tool` (`at` is the run's JSON path, `runs[0]`). */
function toolContext(fields, value, at) {
    const tool = fields.record(value, `${at}.tool`);
    const driver = fields.record(tool.driver, `${at}.tool.driver`);
    const toolName = fields.string(driver.name, `${at}.tool.driver.name`);
    const components = [driver, ...fields.optionalArray(tool.extensions, `${at}.tool.extensions`)].map((c, i) => fields.record(c, i === 0 ? `${at}.tool.driver` : `${at}.tool.extensions[${i - 1}]`));
    const rulesOf = components.map((c, i) => fields.optionalArray(c.rules, i === 0 ? `${at}.tool.driver.rules` : `${at}.tool.extensions[${i - 1}].rules`));
    const rulesById = new Map();
    for (const rules of rulesOf) {
        for (const rule of rules) {
            if (isRecord(rule) && typeof rule.id === 'string' && !rulesById.has(rule.id))
                rulesById.set(rule.id, rule);
        }
    }
    return { toolName, components, rulesOf, rulesById, intern: interner() };
}
/** Distinct strings remembered per run: beyond that, new ones are kept as they are. */
const INTERN_LIMIT = 50_000;
/**
 * Findings repeat their rule id, their file and often their message (the rule's text), but each parsed
 * result brings its own copy: sharing one string each makes a log of 250k findings take half the memory.
 */
function interner() {
    const known = new Map();
    return (text) => {
        const found = known.get(text);
        if (found !== undefined)
            return found;
        if (known.size < INTERN_LIMIT)
            known.set(text, text);
        return text;
    };
}
/** run.originalUriBaseIds as the results read it. */
function baseIdsOf(value) {
    return isRecord(value) ? value : {};
}
/** The finding a result reports, or undefined when it reports none (suppressed, not a problem, absent). */
function convertResult(fields, run, value, path) {
    const result = fields.record(value, path);
    if (reportsNoProblem(fields, result, path))
        return undefined;
    const rule = findRule(fields, result, path, run);
    const finding = {
        tool: run.toolName,
        id: run.intern(ruleIdOf(fields, result, rule, path)),
        severity: severityOf(fields, result, rule, path),
        message: run.intern(messageOf(fields, result, rule, path)),
    };
    const location = locationOf(fields, result, path, run);
    if (location.file !== undefined)
        finding.file = run.intern(location.file);
    if (location.line !== undefined)
        finding.line = location.line;
    return finding;
}
/** Not a problem (its kind says so), suppressed, or gone since the baseline. */
function reportsNoProblem(fields, result, path) {
    const kind = fields.optionalString(result.kind, `${path}.kind`);
    if (kind !== undefined && NOT_PROBLEMS.has(kind))
        return true;
    return isSuppressed(fields, result, path) || result.baselineState === 'absent';
}
/** The result's rule id: its own `ruleId`, its rule reference's `id`, or the id of the rule it indexes. */
function ruleIdOf(fields, result, rule, path) {
    const id = fields.optionalString(result.ruleId, `${path}.ruleId`) ??
        (isRecord(result.rule) ? fields.optionalString(result.rule.id, `${path}.rule.id`) : undefined) ??
        (rule ? fields.optionalString(rule.id, `${path} rule.id`) : undefined);
    if (id === undefined)
        fields.fail(path, 'names no rule (no ruleId, rule.id or ruleIndex)');
    return id;
}
/**
 * The members of a result that `convertResult` reads, and only those: a result held back by the
 * streaming reader (it came before its run's `tool`) costs little memory, without codeFlows,
 * fingerprints, snippets and the rest. Keep in step with convertResult and its helpers below.
 */
function trimResult(value) {
    if (!isRecord(value))
        return value;
    const kept = {};
    for (const key of ['kind', 'suppressions', 'baselineState', 'rule', 'ruleId', 'ruleIndex', 'level', 'message']) {
        if (key in value)
            kept[key] = value[key];
    }
    const { properties, locations } = value;
    if ('properties' in value) {
        kept.properties = isRecord(properties) ? { 'security-severity': properties['security-severity'] } : properties;
    }
    if ('locations' in value)
        kept.locations = Array.isArray(locations) ? locations.slice(0, 1).map(trimLocation) : locations;
    return kept;
}
function trimLocation(location) {
    if (!isRecord(location) || !isRecord(location.physicalLocation))
        return location;
    const { artifactLocation, region } = location.physicalLocation;
    const physical = { artifactLocation };
    if (region !== undefined)
        physical.region = isRecord(region) ? { startLine: region.startLine } : region;
    return { physicalLocation: physical };
}
/**
 * Which parts of the run's context a result's location reads: `originalUriBaseIds` when its uri has a
 * base id, `artifacts` (and their base ids) when it refers to an artifact by index. The streaming
 * reader uses it to know whether a context member that came after the result would have changed it.
 */
function contextNeeds(value) {
    const artifact = firstArtifactLocation(value);
    if (!artifact)
        return { baseIds: false, artifacts: false };
    const byIndex = artifact.uri === undefined && typeof artifact.index === 'number';
    return { baseIds: byIndex || typeof artifact.uriBaseId === 'string', artifacts: byIndex };
}
function firstArtifactLocation(value) {
    if (!isRecord(value) || !Array.isArray(value.locations))
        return undefined;
    const first = value.locations[0];
    if (!isRecord(first) || !isRecord(first.physicalLocation))
        return undefined;
    const artifact = first.physicalLocation.artifactLocation;
    return isRecord(artifact) ? artifact : undefined;
}
/** Suppressed when any suppression is accepted, or has no status (SARIF §3.35.3). */
function isSuppressed(fields, result, path) {
    return fields.optionalArray(result.suppressions, `${path}.suppressions`).some((s, i) => {
        const suppression = fields.record(s, `${path}.suppressions[${i}]`);
        const status = fields.optionalString(suppression.status, `${path}.suppressions[${i}].status`);
        return status === undefined || status === 'accepted';
    });
}
/** The rule a result refers to: by `rule.index`/`ruleIndex` in the right tool component, else by id. */
function findRule(fields, result, path, run) {
    const reference = isRecord(result.rule) ? result.rule : undefined;
    const component = componentOf(fields, reference, path, run);
    const index = ruleIndexOf(fields, result, reference, path);
    if (index !== undefined && index >= 0) {
        const rule = run.rulesOf[component]?.[index];
        if (!isRecord(rule))
            fields.fail(path, `rule index ${index} is out of range of the tool's rules`);
        return rule;
    }
    const id = stringOr(result.ruleId) ?? stringOr(reference?.id);
    return id === undefined ? undefined : run.rulesById.get(id);
}
/** Which tool component's rules a rule reference indexes: 0 the driver, i + 1 the extension i. */
function componentOf(fields, reference, path, run) {
    const tc = reference?.toolComponent;
    if (!isRecord(tc))
        return 0;
    const index = fields.optionalNumber(tc.index, `${path}.rule.toolComponent.index`);
    // toolComponent.index counts extensions only (the driver is not in that array).
    let component = 0;
    if (index !== undefined)
        component = index + 1;
    else if (typeof tc.name === 'string')
        component = Math.max(0, run.components.findIndex((c) => c.name === tc.name));
    if (component >= run.components.length)
        fields.fail(`${path}.rule.toolComponent`, 'refers to no tool extension');
    return component;
}
/** `rule.index`, else `ruleIndex`. */
function ruleIndexOf(fields, result, reference, path) {
    const index = reference ? fields.optionalNumber(reference.index, `${path}.rule.index`) : undefined;
    return index ?? fields.optionalNumber(result.ruleIndex, `${path}.ruleIndex`);
}
function stringOr(value) {
    return typeof value === 'string' ? value : undefined;
}
function severityOf(fields, result, rule, path) {
    const score = scoreOf(fields, result.properties, `${path}.properties`) ??
        scoreOf(fields, rule?.properties, `${path} rule.properties`);
    const fromScore = score === undefined ? undefined : severityFromScore(score);
    if (fromScore)
        return fromScore;
    const configuration = isRecord(rule?.defaultConfiguration) ? rule.defaultConfiguration : {};
    const level = result.level ?? configuration.level ?? 'warning';
    return mapSeverity(fields, LEVELS, level, result.level !== undefined ? `${path}.level` : `${path} rule level`);
}
/** `security-severity` is a string in the GitHub docs ("8.8"); some tools write a number. */
function scoreOf(fields, properties, path) {
    if (!isRecord(properties))
        return undefined;
    const raw = properties['security-severity'];
    if (raw === undefined || raw === null || raw === '')
        return undefined;
    const score = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : Number.NaN;
    if (!Number.isFinite(score))
        fields.fail(`${path}.security-severity`, `expected a score, found ${JSON.stringify(raw)}`);
    return score;
}
/** The message text, or the rule's message string it references by id, with {n} placeholders filled. */
function messageOf(fields, result, rule, path) {
    const message = fields.record(result.message, `${path}.message`);
    const text = fields.optionalString(message.text, `${path}.message.text`) ??
        fields.optionalString(message.markdown, `${path}.message.markdown`);
    let template = text;
    if (template === undefined && typeof message.id === 'string' && isRecord(rule?.messageStrings)) {
        const entry = rule.messageStrings[message.id];
        if (isRecord(entry) && typeof entry.text === 'string')
            template = entry.text;
    }
    if (template === undefined)
        fields.fail(`${path}.message`, 'has no text');
    const args = Array.isArray(message.arguments) ? message.arguments : [];
    return template.replace(/\{(\d+)\}/g, (whole, n) => {
        const arg = args[Number(n)];
        return typeof arg === 'string' ? arg : whole;
    });
}
function locationOf(fields, result, path, run) {
    const locations = fields.optionalArray(result.locations, `${path}.locations`);
    const first = locations[0];
    if (!isRecord(first) || !isRecord(first.physicalLocation))
        return {};
    const physical = first.physicalLocation;
    const at = `${path}.locations[0].physicalLocation`;
    const out = {};
    const file = fileOf(fields, artifactOf(physical, run), at, run);
    if (file !== undefined)
        out.file = file;
    const line = lineOf(fields, physical.region, at);
    if (line !== undefined)
        out.line = line;
    return out;
}
/** The physical location's artifact, which may be given only by its index into run.artifacts (SARIF §3.4.5). */
function artifactOf(physical, run) {
    const artifact = isRecord(physical.artifactLocation) ? physical.artifactLocation : undefined;
    if (artifact?.uri !== undefined || typeof artifact?.index !== 'number')
        return artifact;
    const listed = run.artifacts[artifact.index];
    return isRecord(listed) && isRecord(listed.location) ? listed.location : artifact;
}
function fileOf(fields, artifact, at, run) {
    if (!artifact)
        return undefined;
    const uri = fields.optionalString(artifact.uri, `${at}.artifactLocation.uri`);
    return uri === undefined ? undefined : resolveUri(uri, artifact.uriBaseId, run.baseIds);
}
function lineOf(fields, region, at) {
    return isRecord(region) ? fields.optionalLine(region.startLine, `${at}.region.startLine`) : undefined;
}
/**
 * A path from a SARIF uri: joined to its uriBaseId's uri when the log defines it (originalUriBaseIds,
 * possibly chained), `file://` stripped, percent-escapes decoded. An undefined base (`%SRCROOT%` in
 * CodeQL logs) leaves the uri relative, which is relative to the repository root.
 */
function resolveUri(uri, baseId, baseIds) {
    let resolved = uri;
    let id = baseId;
    for (let depth = 0; typeof id === 'string' && depth < 8 && !/^[a-z][\w+.-]*:/i.test(resolved); depth++) {
        const base = baseIds[id];
        if (!isRecord(base) || typeof base.uri !== 'string')
            break;
        resolved = base.uri.endsWith('/') || base.uri === '' ? base.uri + resolved : `${base.uri}/${resolved}`;
        id = base.uriBaseId;
    }
    if (/^file:/i.test(resolved))
        resolved = resolved.replace(/^file:(\/\/[^/]*)?/i, '');
    try {
        return decodeURIComponent(resolved);
    }
    catch {
        return resolved;
    }
}

;// CONCATENATED MODULE: ./packages/reports/src/security/sarif-stream.ts




/**
 * Reads a SARIF log too big to parse whole, holding one result at a time. Every run member and every
 * child of one is handed over as it completes (paths below) and then dropped, except what the run's
 * results need: the tool's driver and extensions (their rules), originalUriBaseIds, and the location
 * of each artifact.
 *
 * Member order within a run is free in JSON. The usual orders: `tool` first (CodeQL, Trivy, Grype,
 * the schema's order) or keys sorted (Semgrep: artifacts, invocations, originalUriBaseIds, results,
 * tool). So:
 * - results after `tool` are converted at once;
 * - results before `tool` are held, trimmed to what the conversion reads, and converted when the run
 *   ends; past `holdLimit` of them the run's results are let go and read again in a second pass over
 *   the file, so memory stays bounded (a 1 GB Semgrep-ordered log then takes two passes);
 * - should `originalUriBaseIds` or `artifacts` come after results that read them (no writer we
 *   know), that run's results are read again in the second pass too, now with the whole context.
 * A run member or top-level key given twice is refused (JSON.parse would keep the last silently).
 */
async function streamSarif(file, options = {}) {
    const reader = new SarifStream(file, options.holdLimit ?? HOLD_LIMIT);
    await streamJson(file, { paths: PATHS, onValue: (value) => reader.onValue(value) });
    return { findings: await reader.finish() };
}
/**
 * About 30 MB of trimmed results: a Semgrep log of ~100 MB is read in one pass; a bigger one takes
 * two (twice the time, the memory of one result).
 */
const HOLD_LIMIT = 50_000;
// Depth = how many containers hold the value: `version` 1, a run 2, a run member 3, a result 4.
const PATHS = ['$.version', '$.runs', '$.runs.*', '$.runs.*.*', '$.runs.*.*.*'];
/** The members of a run the results need. */
const CONTEXT_MEMBERS = new Set(['tool', 'results', 'originalUriBaseIds', 'artifacts']);
class SarifStream {
    file;
    holdLimit;
    fields;
    topLevel = new Set();
    run;
    /** Each run's findings, in order. */
    findings = [];
    /** Runs to read again in a second pass, with their complete context. */
    again = new Map();
    constructor(file, holdLimit) {
        this.file = file;
        this.holdLimit = holdLimit;
        this.fields = new JsonFields({ file });
    }
    onValue({ value, key, parent, stack }) {
        switch (stack.length) {
            case 1:
                this.onTopLevel(String(key), value);
                return undefined;
            case 2:
                this.onRun(key, value, parent);
                return undefined;
            case 3:
                this.onRunMember(stack, key, value, parent);
                return undefined;
            default:
                return this.onMemberChild(this.runAt(stack[2]?.key), String(stack[3]?.key), key, value, parent);
        }
    }
    /** A run, complete (its members were handed over before). */
    onRun(index, value, parent) {
        if (!Array.isArray(parent))
            this.fields.array(parent, 'runs');
        this.endRun(this.runAt(index), value);
    }
    onRunMember(stack, key, value, parent) {
        const runs = stack[2];
        if (!Array.isArray(runs?.value))
            this.fields.array(runs?.value, 'runs');
        if (!isRecord(parent))
            this.fields.record(parent, `runs[${String(runs?.key)}]`);
        this.onMember(this.runAt(runs?.key), key, value);
    }
    onTopLevel(key, value) {
        if (this.topLevel.has(key))
            this.fields.fail(key, 'given twice');
        this.topLevel.add(key);
        if (key === 'version')
            sarif_result_checkVersion(this.fields, value);
        else
            this.fields.array(value, 'runs');
    }
    runAt(index) {
        if (this.run?.index !== index) {
            const at = `runs[${index}]`;
            const early = { baseIds: false, artifacts: false };
            this.run = { index, at, seen: new Set(), listed: [], held: [], overflow: false, findings: [], early };
        }
        return this.run;
    }
    onMember(run, key, value) {
        if (!CONTEXT_MEMBERS.has(key))
            return;
        if (run.seen.has(key))
            this.fields.fail(`${run.at}.${key}`, 'given twice');
        run.seen.add(key);
        run.context = undefined;
        if (key === 'tool')
            run.tool = toolContext(this.fields, value, run.at);
        else if (key === 'originalUriBaseIds')
            run.baseIds = baseIdsOf(value);
        else if (key === 'artifacts')
            run.artifacts = Array.isArray(value) ? run.listed : [];
        else
            checkResults(this.fields, value, run.at);
    }
    /** A result, an artifact, or a part of the tool or of originalUriBaseIds (kept: true). */
    onMemberChild(run, member, key, value, parent) {
        if (member === 'tool' || member === 'originalUriBaseIds')
            return true;
        if (member === 'artifacts' && Array.isArray(parent)) {
            run.listed.push(isRecord(value) && isRecord(value.location) ? { location: value.location } : null);
        }
        else if (member === 'results') {
            if (!Array.isArray(parent))
                this.fields.array(parent, `${run.at}.results`);
            this.onResult(run, key, value);
        }
        return false;
    }
    onResult(run, index, result) {
        if (!run.tool) {
            if (run.overflow)
                return;
            if (run.held.length < this.holdLimit) {
                run.held.push({ result: trimResult(result), index });
            }
            else {
                run.overflow = true;
                run.held = [];
            }
            return;
        }
        const needs = contextNeeds(result);
        if (needs.baseIds && !run.baseIds)
            run.early.baseIds = true;
        if (needs.artifacts && !run.artifacts)
            run.early.artifacts = true;
        this.convert(run, this.contextOf(run), result, index);
    }
    contextOf(run) {
        run.context ??= {
            ...(run.tool ?? toolContext(this.fields, undefined, run.at)),
            baseIds: run.baseIds ?? {},
            artifacts: run.artifacts ?? [],
        };
        return run.context;
    }
    convert(run, context, result, index) {
        const finding = convertResult(this.fields, context, result, `${run.at}.results[${index}]`);
        if (finding)
            run.findings.push(finding);
    }
    endRun(run, value) {
        this.fields.record(value, run.at);
        const context = this.contextOf(run);
        if (!run.seen.has('results'))
            checkResults(this.fields, undefined, run.at);
        for (const { result, index } of run.held)
            this.convert(run, context, result, index);
        run.held = [];
        const late = run.overflow || (run.early.baseIds && run.baseIds) || (run.early.artifacts && run.artifacts);
        if (late) {
            this.again.set(run.index, context);
            run.findings = [];
        }
        this.findings.push(run.findings);
        this.run = undefined;
    }
    async finish() {
        if (!this.topLevel.has('version'))
            sarif_result_checkVersion(this.fields, undefined);
        if (!this.topLevel.has('runs'))
            this.fields.array(undefined, 'runs');
        if (this.again.size > 0)
            await this.secondPass();
        return this.findings.length === 1 ? (this.findings[0] ?? []) : this.findings.flat();
    }
    /** Reads again the results of the runs whose context came after them, or that held too many. */
    async secondPass() {
        for (const index of this.again.keys())
            this.findings[index] = [];
        await streamJson(this.file, {
            paths: ['$.runs.*.results.*'],
            onValue: ({ value, key, stack }) => {
                const index = stack[2]?.key;
                const context = this.again.get(index);
                const findings = this.findings[index];
                if (!context || !findings)
                    return undefined;
                const finding = convertResult(this.fields, context, value, `runs[${index}].results[${String(key)}]`);
                if (finding)
                    findings.push(finding);
                return undefined;
            },
        });
    }
}

;// CONCATENATED MODULE: ./packages/reports/src/security/sarif.ts





/**
 * SARIF 2.1.0 logs (CodeQL, Semgrep, Trivy, Grype, ...). One finding per result, except results that
 * are suppressed, that are not problems (kind pass / notApplicable / informational), or that a
 * baseline comparison marks `absent` (no longer present).
 *
 * A log detection parsed whole arrives in `json`; a big one is detected by its head and streamed
 * (sarif-stream.ts). Both read each result with the same `convertResult`.
 */
const sarif = {
    id: 'sarif',
    label: 'SARIF',
    kind: 'security',
    matchJson: (document) => isRecord(document) &&
        Array.isArray(document.runs) &&
        (typeof document.version === 'string' || String(document.$schema ?? '').includes('sarif')),
    // The same test on the top-level members the head shows. Writers put `$schema`/`version` before
    // `runs` (CodeQL, Trivy, Grype), or sort keys (Semgrep: `$schema`, `runs`, then `version`).
    matchJsonHead: (head) => {
        const { keys, scalars } = jsonHeadMembers(head);
        return (keys.includes('runs') && (typeof scalars.version === 'string' || String(scalars.$schema ?? '').includes('sarif')));
    },
    async parse({ file, json }) {
        return json === undefined ? streamSarif(file) : { findings: readSarif(file, json) };
    },
};
/** The whole-document reader. */
function readSarif(file, json) {
    const fields = new JsonFields({ file });
    const log = fields.record(json, 'the document');
    sarif_result_checkVersion(fields, log.version);
    const findings = [];
    fields.array(log.runs, 'runs').forEach((value, r) => {
        const at = `runs[${r}]`;
        const run = fields.record(value, at);
        const context = {
            ...toolContext(fields, run.tool, at),
            baseIds: baseIdsOf(run.originalUriBaseIds),
            artifacts: Array.isArray(run.artifacts) ? run.artifacts : [],
        };
        const results = checkResults(fields, run.results, at);
        results.forEach((result, i) => {
            const finding = convertResult(fields, context, result, `${at}.results[${i}]`);
            if (finding)
                findings.push(finding);
        });
    });
    return findings;
}

;// CONCATENATED MODULE: ./packages/reports/src/security/trivy.ts



const trivy_SEVERITIES = {
    critical: 'critical',
    high: 'high',
    medium: 'medium',
    low: 'low',
    unknown: 'unknown',
};
/**
 * Trivy JSON (`--format json`, SchemaVersion 2): vulnerabilities, failed misconfiguration checks and
 * secrets of every result. Misconfigurations with Status PASS or EXCEPTION (written with
 * --include-non-failures, or waived) are not findings. A report with no Results scanned nothing
 * (Trivy omits the empty list) and has no findings.
 */
const trivy = {
    id: 'trivy',
    label: 'Trivy JSON',
    kind: 'security',
    matchJson: (document) => isRecord(document) &&
        typeof document.SchemaVersion === 'number' &&
        (Array.isArray(document.Results) || typeof document.ArtifactName === 'string'),
    async parse({ file, json }) {
        const fields = new JsonFields({ file });
        const report = fields.record(json, 'the document');
        if (report.SchemaVersion !== 2) {
            fields.fail('SchemaVersion', `Trivy schema ${String(report.SchemaVersion)} is not supported (expected 2)`);
        }
        const findings = [];
        fields.optionalArray(report.Results, 'Results').forEach((value, r) => {
            const at = `Results[${r}]`;
            const result = fields.record(value, at);
            const target = fields.string(result.Target, `${at}.Target`);
            // For language packages the target is the lockfile or archive; for OS packages it names the image.
            const packageFile = result.Class === 'lang-pkgs' ? target : undefined;
            fields.optionalArray(result.Vulnerabilities, `${at}.Vulnerabilities`).forEach((v, i) => {
                findings.push(trivy_readVulnerability(fields, fields.record(v, `${at}.Vulnerabilities[${i}]`), `${at}.Vulnerabilities[${i}]`, packageFile));
            });
            fields.optionalArray(result.Misconfigurations, `${at}.Misconfigurations`).forEach((m, i) => {
                const finding = readMisconfiguration(fields, fields.record(m, `${at}.Misconfigurations[${i}]`), `${at}.Misconfigurations[${i}]`, target);
                if (finding)
                    findings.push(finding);
            });
            fields.optionalArray(result.Secrets, `${at}.Secrets`).forEach((s, i) => {
                findings.push(readSecret(fields, fields.record(s, `${at}.Secrets[${i}]`), `${at}.Secrets[${i}]`, target));
            });
        });
        return { findings };
    },
};
function trivy_readVulnerability(fields, vuln, at, packageFile) {
    const id = fields.string(vuln.VulnerabilityID, `${at}.VulnerabilityID`);
    const finding = {
        tool: 'Trivy',
        id,
        severity: mapSeverity(fields, trivy_SEVERITIES, vuln.Severity, `${at}.Severity`),
        message: fields.optionalString(vuln.Title, `${at}.Title`) ??
            fields.optionalString(vuln.Description, `${at}.Description`) ??
            id,
        package: fields.string(vuln.PkgName, `${at}.PkgName`),
    };
    const version = fields.optionalString(vuln.InstalledVersion, `${at}.InstalledVersion`);
    if (version !== undefined)
        finding.version = version;
    // FixedVersion lists one fix per release line: "11.0.14, 10.1.49, 9.0.112".
    const fixed = fields.optionalString(vuln.FixedVersion, `${at}.FixedVersion`);
    if (fixed !== undefined)
        finding.fixedVersions = fixed
            .split(',')
            .map((v) => v.trim())
            .filter(Boolean);
    const file = fields.optionalString(vuln.PkgPath, `${at}.PkgPath`) ?? packageFile;
    if (file !== undefined)
        finding.file = file;
    return finding;
}
function readMisconfiguration(fields, misconfiguration, at, target) {
    const status = fields.optionalString(misconfiguration.Status, `${at}.Status`);
    if (status !== undefined && status !== 'FAIL')
        return undefined;
    const id = fields.optionalString(misconfiguration.ID, `${at}.ID`) ?? fields.string(misconfiguration.AVDID, `${at}.AVDID`);
    const finding = {
        tool: 'Trivy',
        id,
        severity: mapSeverity(fields, trivy_SEVERITIES, misconfiguration.Severity, `${at}.Severity`),
        message: fields.optionalString(misconfiguration.Message, `${at}.Message`) ??
            fields.optionalString(misconfiguration.Title, `${at}.Title`) ??
            id,
        file: target,
    };
    if (isRecord(misconfiguration.CauseMetadata)) {
        const line = fields.optionalLine(misconfiguration.CauseMetadata.StartLine, `${at}.CauseMetadata.StartLine`);
        if (line !== undefined)
            finding.line = line;
    }
    return finding;
}
function readSecret(fields, secret, at, target) {
    const id = fields.string(secret.RuleID, `${at}.RuleID`);
    const finding = {
        tool: 'Trivy',
        id,
        severity: mapSeverity(fields, trivy_SEVERITIES, secret.Severity, `${at}.Severity`),
        message: fields.optionalString(secret.Title, `${at}.Title`) ?? id,
        file: target,
    };
    const line = fields.optionalLine(secret.StartLine, `${at}.StartLine`);
    if (line !== undefined)
        finding.line = line;
    return finding;
}

;// CONCATENATED MODULE: ./packages/reports/src/security/index.ts






const securityFormats = [sarif, npmAudit, pipAudit, trivy, grype, bandit];

;// CONCATENATED MODULE: ./packages/reports/src/tests/message.ts
/** Failure messages are shown in summaries and annotations: long stack traces are cut. */
const message_MESSAGE_CHARS = 2000;
/** Collects text up to a bound, so a test that prints megabytes does not hold them in memory. */
class BoundedText {
    limit;
    parts = [];
    length = 0;
    constructor(limit = message_MESSAGE_CHARS * 2) {
        this.limit = limit;
    }
    add(text) {
        if (this.length >= this.limit)
            return;
        const piece = text.slice(0, this.limit - this.length);
        this.parts.push(piece);
        this.length += piece.length;
    }
    get text() {
        return this.parts.join('');
    }
}
/** A message trimmed and capped, or undefined when there is nothing to say. */
function capMessage(text) {
    const trimmed = text?.trim();
    if (!trimmed)
        return undefined;
    return trimmed.length > message_MESSAGE_CHARS ? `${trimmed.slice(0, message_MESSAGE_CHARS - 1)}…` : trimmed;
}

;// CONCATENATED MODULE: ./packages/reports/src/tests/go-test-json.ts





/** A go test event: `go doc test2json`. Build events (Go 1.24+) carry ImportPath instead of Package. */
function isEvent(value) {
    return isRecord(value) && typeof value.Action === 'string';
}
/** The first line of a head, if it is a complete go test event. */
function firstGoTestEvent(head) {
    const text = head.trimStart();
    const end = text.indexOf('\n');
    const line = (end === -1 ? text : text.slice(0, end)).trim();
    try {
        const event = JSON.parse(line);
        return isEvent(event) && (typeof event.Package === 'string' || typeof event.ImportPath === 'string');
    }
    catch {
        return false;
    }
}
/** Lines of test output that frame a test rather than explain its failure. */
const FRAMING = /^\s*(=== (RUN|PAUSE|CONT|NAME)\s|--- (PASS|FAIL|SKIP):)/;
/** Go < 1.24 writes build failures to stderr as text; `2>&1` puts them in the stream. */
const TEXT_BUILD_FAILED = /^FAIL\s+(\S+)\s+\[(build|setup) failed\]/;
/**
 * `go test -json` event streams (test2json), streamed line by line. Every pass/fail/skip event of a
 * test (subtests included) is one case, so `-count=N` gives N cases. A package that fails with no
 * failed test (build failure, bad TestMain, a crash outside tests) is one `error` case; tests still
 * running when their package fails (a panic, a timeout) are failed. Lines that are not JSON are stray
 * stderr text (`2>&1`) and are skipped, except build failures, which become error cases.
 */
const goTestJson = {
    id: 'go-test-json',
    label: 'go test -json',
    kind: 'tests',
    // A one-event stream is a whole JSON document; longer streams reach detection as text.
    matchJson: (document) => isEvent(document) && typeof document.Package === 'string',
    matchText: firstGoTestEvent,
    async parse({ file }) {
        const stream = new GoTestStream(file);
        await forEachLine(file, (line, lineNumber) => stream.line(line, lineNumber));
        return { cases: stream.end() };
    },
};
/** What the stream has seen so far; one method per kind of line and of event. */
class GoTestStream {
    file;
    cases = [];
    running = new Map();
    packageOutput = new Map();
    buildOutput = new Map();
    packagesWithFailures = new Set();
    finishedPackages = new Set();
    events = 0;
    lastLine = 0;
    constructor(file) {
        this.file = file;
    }
    line(line, lineNumber) {
        this.lastLine = lineNumber;
        const trimmed = line.trim();
        if (trimmed === '')
            return;
        if (trimmed.startsWith('{'))
            this.jsonLine(trimmed, lineNumber);
        else
            this.textLine(trimmed);
    }
    /** The cases, once every line is read; a test left running in an unfinished package means a cut stream. */
    end() {
        if (this.events === 0)
            throw new errors/* FileError */.f6({ file: this.file }, 'no go test events (one JSON object per line)');
        for (const entry of this.running.values()) {
            if (this.finishedPackages.has(entry.pkg))
                continue;
            throw new errors/* FileError */.f6({ file: this.file, line: this.lastLine }, `truncated: test ${entry.test} of package ${entry.pkg} has no result and the package never finished`);
        }
        return this.cases;
    }
    /** Stray stderr text: only a build failure of Go < 1.24 means something. */
    textLine(trimmed) {
        const built = TEXT_BUILD_FAILED.exec(trimmed);
        // A match is a view into the read chunk: the kept case must not hold it.
        if (built?.[1])
            this.packageError(keep(built[1]), `[${built[2]} failed]`, undefined);
    }
    jsonLine(trimmed, lineNumber) {
        const fields = new JsonFields({ file: this.file, line: lineNumber });
        let parsed;
        try {
            parsed = JSON.parse(trimmed);
        }
        catch (error) {
            throw new errors/* FileError */.f6({ file: this.file, line: lineNumber }, `malformed go test event: ${error.message}`);
        }
        const event = fields.record(parsed, 'the event');
        const action = fields.string(event.Action, 'Action');
        this.events++;
        if (action === 'build-output' || action === 'build-fail') {
            this.buildEvent(fields, event, action);
            return;
        }
        const pkg = fields.string(event.Package, 'Package');
        const test = fields.optionalString(event.Test, 'Test');
        this.testEvent(action, { fields, event, pkg, test, key: `${pkg}\u0000${test ?? ''}` });
    }
    /** Build events (Go 1.24+) name the build by ImportPath; its output explains a package's build failure. */
    buildEvent(fields, event, action) {
        const importPath = fields.string(event.ImportPath, 'ImportPath');
        if (action === 'build-output') {
            append(this.buildOutput, importPath, fields.optionalString(event.Output, 'Output') ?? '');
        }
    }
    testEvent(action, context) {
        switch (action) {
            case 'run':
                this.run(context);
                break;
            case 'output':
                this.output(context);
                break;
            case 'pass':
            case 'fail':
            case 'skip':
                this.result(action, context);
                break;
            default:
                // start, pause, cont, bench, and actions added later carry no result.
                break;
        }
    }
    run({ pkg, test, key }) {
        if (test !== undefined)
            this.running.set(key, { pkg, test, output: new BoundedText() });
    }
    output({ fields, event, pkg, test, key }) {
        const output = fields.optionalString(event.Output, 'Output') ?? '';
        if (test === undefined)
            append(this.packageOutput, pkg, output);
        // Output after a test's result (or of a test never started) belongs to no open case.
        else if (!FRAMING.test(output))
            this.running.get(key)?.output.add(output);
    }
    result(action, context) {
        const { fields, event } = context;
        const elapsed = fields.optionalNumber(event.Elapsed, 'Elapsed');
        if (elapsed !== undefined && elapsed < 0)
            fields.fail('Elapsed', `negative duration ${elapsed}`);
        if (context.test !== undefined)
            this.testResult(action, context, context.test, elapsed);
        else
            this.packageResult(action, context);
    }
    testResult(action, { pkg, key }, test, elapsed) {
        const result = { suite: pkg, name: test, outcome: OUTCOME[action] };
        if (elapsed !== undefined)
            result.durationSeconds = elapsed;
        if (action === 'fail') {
            const message = capMessage(this.running.get(key)?.output.text);
            if (message !== undefined)
                result.message = message;
            this.packagesWithFailures.add(pkg);
        }
        this.running.delete(key);
        this.cases.push(result);
    }
    /** A package's own result ends it: its tests still running never finished. */
    packageResult(action, { fields, event, pkg }) {
        this.finishedPackages.add(pkg);
        this.abandonRunning(pkg, action);
        if (action === 'fail' && !this.packagesWithFailures.has(pkg)) {
            const failedBuild = fields.optionalString(event.FailedBuild, 'FailedBuild');
            const message = failedBuild ? this.buildOutput.get(failedBuild)?.text : this.packageOutput.get(pkg)?.text;
            this.packageError(pkg, failedBuild ? '[build failed]' : '[package failed]', message ?? this.packageOutput.get(pkg)?.text);
        }
        this.packageOutput.delete(pkg);
    }
    /** Tests of a package that ended before they did: failed when the package failed, else errors. */
    abandonRunning(pkg, action) {
        for (const [k, entry] of this.running) {
            if (entry.pkg !== pkg)
                continue;
            this.running.delete(k);
            const result = {
                suite: pkg,
                name: entry.test,
                outcome: action === 'fail' ? 'failed' : 'error',
            };
            result.message =
                capMessage(`${entry.output.text.trim()}\n(no result: the package ${ENDED[action]} before the test finished)`) ??
                    '';
            this.cases.push(result);
            if (action === 'fail')
                this.packagesWithFailures.add(pkg);
        }
    }
    packageError(pkg, name, message) {
        const result = { suite: pkg, name, outcome: 'error' };
        const text = capMessage(message);
        if (text !== undefined)
            result.message = text;
        this.cases.push(result);
        this.packagesWithFailures.add(pkg);
    }
}
const OUTCOME = { pass: 'passed', fail: 'failed', skip: 'skipped' };
const ENDED = { pass: 'passed', fail: 'failed', skip: 'was skipped' };
function append(map, key, text) {
    const buffer = map.get(key) ?? new BoundedText();
    map.set(key, buffer);
    buffer.add(text);
}

;// CONCATENATED MODULE: ./packages/reports/src/tests/junit.ts




const ROOTS = new Set(['testsuites', 'testsuite']);
/** Only these hold text the reader keeps; the rest (`<system-out>` logs) never becomes strings. */
const junit_TEXT_IN = new Set(['failure', 'error', 'skipped']);
/**
 * JUnit XML as written by Surefire, pytest --junitxml, jest-junit, vitest, node --test-reporter=junit
 * and most others. Streamed. The <testcase> elements are the results; a suite's `failures` and
 * `errors` totals are checked against them, and when a suite declares more failures than its cases
 * show, the worse wins: the difference is added as failed cases that say so (Node writes totals
 * only as comments, so its reports are read from their cases alone).
 */
const junit = {
    id: 'junit',
    label: 'JUnit XML',
    kind: 'tests',
    matchXmlRoot: (root) => ROOTS.has(root.name),
    async parse({ file }) {
        const reader = new JunitReader(file);
        await streamXml(file, (position) => reader.handlers(position));
        return { cases: reader.cases };
    },
};
/** The cases read so far and the suites and case open around the parser; one method per element. */
class JunitReader {
    file;
    cases = [];
    suites = [];
    current;
    position = () => ({ line: 0, column: 0 });
    constructor(file) {
        this.file = file;
    }
    handlers(position) {
        this.position = position;
        return {
            open: (tag, path) => this.open(tag, path),
            text: (text) => this.current?.reading?.text.add(text),
            textIn: junit_TEXT_IN,
            // Called for self-closing elements too, with `path` then holding the parent's ancestry.
            close: (tag, path) => this.close(tag, path),
        };
    }
    open(tag, path) {
        if (path.length === 0 && !ROOTS.has(tag.name)) {
            this.fail(`root element <${tag.name}>: expected <testsuites> or <testsuite>`);
        }
        switch (tag.name) {
            case 'testsuites':
            case 'testsuite':
                this.openSuite(tag);
                break;
            case 'testcase':
                this.openTestCase(tag);
                break;
            case 'failure':
            case 'error':
            case 'skipped':
                this.openProblem(tag, tag.name, path);
                break;
        }
    }
    openSuite(tag) {
        if (this.current)
            this.fail(`<${tag.name}> inside a <testcase>`);
        const at = this.position;
        const failures = nonNegativeCount(tag, 'failures', this.file, at);
        const errors = nonNegativeCount(tag, 'errors', this.file, at);
        const suite = {
            name: tag.name === 'testsuite' ? keep(tag.attributes.name ?? '') : '',
            failed: 0,
            errors: 0,
        };
        if (failures !== undefined || errors !== undefined)
            suite.declared = { failures: failures ?? 0, errors: errors ?? 0 };
        this.suites.push(suite);
    }
    /** Closes a suite: the failures its totals declare beyond its cases become cases of their own. */
    closeSuite() {
        const suite = this.suites.pop();
        if (!suite)
            return;
        const missing = suite.declared
            ? suite.declared.failures + suite.declared.errors - (suite.failed + suite.errors)
            : 0;
        if (suite.declared && missing > 0) {
            const { failures, errors } = suite.declared;
            const missingErrors = Math.min(missing, Math.max(0, errors - suite.errors));
            const label = suite.name || this.suiteNames().join(' › ') || '(all suites)';
            const message = `the suite's totals declare ${failures} failure(s) and ${errors} error(s), its test cases show ${suite.failed} and ${suite.errors}: the totals are counted`;
            // One case per kind, however large the totals: the verdict needs the disagreement, not N copies.
            const add = (outcome, n) => {
                if (n <= 0)
                    return;
                this.count(suite, outcome, n);
                this.cases.push({
                    suite: label,
                    name: `${n} ${outcome === 'error' ? 'error(s)' : 'failure(s)'} no test case shows`,
                    outcome,
                    message,
                });
            };
            add('error', missingErrors);
            add('failed', missing - missingErrors);
        }
        const parent = this.suites.at(-1);
        if (parent) {
            parent.failed += suite.failed;
            parent.errors += suite.errors;
        }
    }
    count(suite, outcome, n = 1) {
        if (outcome === 'failed')
            suite.failed += n;
        else if (outcome === 'error')
            suite.errors += n;
    }
    suiteNames() {
        return this.suites.map((s) => s.name).filter((name) => name !== '');
    }
    openTestCase(tag) {
        if (this.current)
            this.fail('<testcase> inside a <testcase>');
        this.current = { result: openCase(tag, this.suiteNames(), this.file, this.position), todo: false };
    }
    /** A <failure>, <error> or <skipped> of the open case; the first of each kind is kept. */
    openProblem(tag, name, path) {
        const current = this.current;
        if (!current || path.at(-1) !== 'testcase')
            return;
        const problem = { text: new BoundedText() };
        const message = tag.attributes.message;
        if (message?.trim())
            problem.message = message;
        current[name] ??= problem;
        if (name === 'skipped' && tag.attributes.type === 'todo')
            current.todo = true;
        current.reading = problem;
    }
    close(tag, path) {
        if (tag.name === 'testsuite' || tag.name === 'testsuites')
            this.closeSuite();
        else if (tag.name === 'testcase' && this.current) {
            const done = finish(this.current);
            const suite = this.suites.at(-1);
            if (suite)
                this.count(suite, done.outcome);
            this.cases.push(done);
            this.current = undefined;
        }
        else if (this.current && path.at(-1) === 'testcase' && isProblem(tag.name))
            this.current.reading = undefined;
    }
    fail(reason) {
        throw new errors/* FileError */.f6({ file: this.file, ...this.position() }, reason);
    }
}
function isProblem(name) {
    return name === 'failure' || name === 'error' || name === 'skipped';
}
/** The case as its <testcase> says; every string is kept apart from the read chunk (see `keep`). */
function openCase(tag, suites, file, at) {
    const name = tag.attributes.name;
    if (name === undefined || name === '')
        throw new errors/* FileError */.f6({ file, ...at() }, '<testcase> has no name attribute');
    const result = { suite: keep(caseSuite(tag, suites)), name: keep(name), outcome: 'passed' };
    const time = parseTime(tag.attributes.time, file, at);
    if (time !== undefined)
        result.durationSeconds = time;
    const caseFile = tag.attributes.file;
    if (caseFile)
        result.file = keep(caseFile);
    const line = caseLine(tag, suites, file, at);
    if (line !== undefined)
        result.line = line;
    return result;
}
/** The case's classname; Node writes classname="test" on every case, where its describe blocks say more. */
function caseSuite(tag, suites) {
    const classname = tag.attributes.classname ?? tag.attributes.class;
    const path = suites.filter((s) => s !== '');
    return classname && !(classname === 'test' && path.length > 0) ? classname : path.join(' › ');
}
/** The case's 1-based line, if it has a usable one. */
function caseLine(tag, suites, file, at) {
    const line = numberAttribute(tag, 'line', file, at);
    if (line === undefined || !Number.isInteger(line) || line < 0)
        return undefined;
    // pytest's xunit1 family writes 0-based lines (its own default suite is named "pytest").
    const oneBased = suites[0] === 'pytest' ? line + 1 : line;
    return oneBased >= 1 ? oneBased : undefined;
}
/** A suite total (`failures="2"`): a whole number, or absent. */
function nonNegativeCount(tag, name, file, at) {
    const value = numberAttribute(tag, name, file, at);
    if (value === undefined)
        return undefined;
    if (!Number.isInteger(value) || value < 0) {
        throw new errors/* FileError */.f6({ file, ...at() }, `<${tag.name} ${name}="${tag.attributes[name]}">: expected a count`);
    }
    return value;
}
/** Seconds; older Surefire versions wrote locale-formatted times ("1,234.5"). */
function parseTime(raw, file, at) {
    if (raw === undefined || raw.trim() === '')
        return undefined;
    const value = Number(raw.replace(/,/g, ''));
    if (!Number.isFinite(value) || value < 0) {
        throw new errors/* FileError */.f6({ file, ...at() }, `<testcase time="${raw}">: expected a number of seconds`);
    }
    return value;
}
/**
 * The outcome: failure, then error, then skipped. A Node todo test (<skipped type="todo"/>) that fails
 * still has a <failure>, but Node does not count it as failed, and neither do we.
 */
function finish(open) {
    const { result } = open;
    let outcome = 'passed';
    let problem;
    if (open.todo)
        outcome = 'skipped';
    else if (open.failure)
        [outcome, problem] = ['failed', open.failure];
    else if (open.error)
        [outcome, problem] = ['error', open.error];
    else if (open.skipped)
        outcome = 'skipped';
    result.outcome = outcome;
    if (problem) {
        const message = capMessage(problem.message) ?? capMessage(problem.text.text);
        if (message !== undefined)
            result.message = keep(message);
    }
    return result;
}

;// CONCATENATED MODULE: ./packages/reports/src/tests/index.ts


const testsFormats = [junit, goTestJson];

;// CONCATENATED MODULE: ./packages/reports/src/registry.ts





/** Every format we read, by the kind of report it is. A format may serve two kinds (JaCoCo). */
const FORMATS = {
    coverage: coverageFormats,
    tests: testsFormats,
    security: securityFormats,
    complexity: complexityFormats,
    benchmarks: benchmarksFormats,
};
const KIND_LABELS = {
    coverage: 'coverage',
    tests: 'test results',
    security: 'security',
    complexity: 'complexity',
    benchmarks: 'benchmark',
};

;// CONCATENATED MODULE: ./packages/reports/src/detect.ts




/**
 * Finds the format of a report from its content. A report of another kind, or of no format we
 * know, is an error that names the file, what it looks like, and the formats this kind accepts.
 */
async function detect_detectFormat(file, kind, options = {}) {
    const head = await readHead(file);
    const shape = await shapeOf(file, head, options);
    const format = FORMATS[kind].find(shape.matches);
    if (format)
        return shape.json === undefined ? { format, head } : { format, head, json: shape.json };
    refuseOtherKind(file, kind, shape);
    const accepted = FORMATS[kind].map((f) => f.label).join(', ');
    throw new errors/* FileError */.f6({ file }, `${shape.label} of no ${KIND_LABELS[kind]} format we read (accepted: ${accepted})`);
}
async function shapeOf(file, head, options) {
    // Not one document (go test -json): text formats read it line by line.
    if (looksLikeJsonLines(head.text))
        return { label: 'JSON lines', matches: byText(head) };
    if (looksLikeJson(head.text))
        return jsonShape(file, head, options);
    if (looksLikeXml(head.text))
        return xmlShape(file, head);
    return { label: 'text', matches: byText(head) };
}
/** A big JSON report is not read whole when a format that streams knows it by its head. */
async function jsonShape(file, head, options) {
    const byHead = head.size > (options.streamJsonBytes ?? STREAM_JSON_BYTES) && matchesHead(head.text);
    if (byHead)
        return { label: 'JSON', matches: (format) => format.matchJsonHead?.(head.text) ?? false };
    const json = await readJson(file, head.size);
    return { label: 'JSON', json, matches: (format) => format.matchJson?.(json) ?? false };
}
function xmlShape(file, head) {
    const root = readXmlRoot(head.text);
    if (!root)
        throw new errors/* FileError */.f6({ file, line: 1 }, 'malformed XML: no root element in the first bytes');
    return { label: `XML with root <${root.name}>`, matches: byXmlRoot(root) };
}
function byXmlRoot(root) {
    return (format) => format.matchXmlRoot?.(root) ?? false;
}
function byText(head) {
    return (format) => format.matchText?.(head.text) ?? false;
}
/** A report some other kind's format knows: say what it is rather than "no format". */
function refuseOtherKind(file, kind, shape) {
    for (const other of Object.keys(FORMATS)) {
        const elsewhere = FORMATS[other].find(shape.matches);
        if (elsewhere) {
            throw new errors/* FileError */.f6({ file }, `this is a ${elsewhere.label} report (${KIND_LABELS[other]}), not a ${KIND_LABELS[kind]} report`);
        }
    }
}
function matchesHead(text) {
    return Object.values(FORMATS).some((formats) => formats.some((f) => f.matchJsonHead?.(text)));
}
/**
 * A JSON-lines stream (go test -json): the first line is a whole JSON object with an `Action` key and
 * more follows it. Such a file cannot parse as one document, so it is routed as text without reading
 * it whole first.
 */
function looksLikeJsonLines(text) {
    const start = text.trimStart();
    const end = start.indexOf('\n');
    if (!start.startsWith('{') || end === -1 || start.slice(end).trim() === '')
        return false;
    try {
        const first = JSON.parse(start.slice(0, end));
        return typeof first === 'object' && first !== null && 'Action' in first;
    }
    catch {
        return false;
    }
}

// EXTERNAL MODULE: ./packages/toolkit/src/globs.ts
var globs = __webpack_require__(86302);
;// CONCATENATED MODULE: ./packages/reports/src/paths.ts

/**
 * A report's source path as a repository-relative path with `/` separators, so the same file named
 * by two tools (one absolute, one relative) merges, and annotations point at the right file.
 * Paths outside the root are kept as they are (with `/` separators).
 */
function paths_normaliseSourcePath(path, root) {
    let result = path.trim();
    if ((0,external_node_path_.isAbsolute)(result)) {
        const inside = (0,external_node_path_.relative)(root, result);
        if (!inside.startsWith('..') && !(0,external_node_path_.isAbsolute)(inside))
            result = inside;
    }
    result = result.split(external_node_path_.sep).join('/').replaceAll('\\', '/');
    while (result.startsWith('./'))
        result = result.slice(2);
    return result;
}

;// CONCATENATED MODULE: ./packages/reports/src/load.ts





async function loadCoverage(patterns, options) {
    const coverage = new CoverageMap((path) => normaliseSourcePath(path, options.root));
    const files = [];
    for (const file of await expandGlobs(patterns, options)) {
        const { format, head, json } = await detectFormat(file, 'coverage');
        const warnings = [];
        const sink = (record) => coverage.add(record);
        await format.parse({ file, root: options.root, head, json, sink, warn: (message) => warnings.push(message) });
        files.push({ file, format: format.id, ...(warnings.length > 0 ? { warnings } : {}) });
    }
    return { coverage, files };
}
async function loadEach(kind, patterns, options) {
    const results = [];
    const files = [];
    const ignore = () => {
        throw new Error(`a ${kind} parser wrote to the coverage sink`);
    };
    for (const file of await (0,globs/* expandGlobs */.G)(patterns, options)) {
        const { format, head, json } = await detect_detectFormat(file, kind);
        results.push(await format.parse({ file, root: options.root, head, json, sink: ignore }));
        files.push({ file, format: format.id });
    }
    return { results, files };
}
/** The parsers' lists as one, without a copy when there is one list (one report file). */
function joined(lists) {
    return lists.length === 1 ? lists[0] : lists.flat();
}
/**
 * Makes each item's `file` repository-relative, in place: a 1 GB SARIF log holds millions of
 * findings, and a copy of each would double the memory they take.
 */
function relativeFiles(items, root) {
    for (const item of items) {
        if (item.file !== undefined)
            item.file = paths_normaliseSourcePath(item.file, root);
    }
    return items;
}
async function loadTests(patterns, options) {
    const { results, files } = await loadEach('tests', patterns, options);
    const cases = relativeFiles(joined(results.map((r) => r.cases)), options.root);
    return { report: { cases }, files };
}
async function loadSecurity(patterns, options) {
    const { results, files } = await loadEach('security', patterns, options);
    const findings = relativeFiles(joined(results.map((r) => r.findings)), options.root);
    return { report: { findings }, files };
}
async function loadComplexity(patterns, options) {
    const { results, files } = await loadEach('complexity', patterns, options);
    const functions = relativeFiles(joined(results.map((r) => r.functions)), options.root);
    return { report: { functions }, files };
}
async function loadBenchmarks(patterns, options) {
    const { results, files } = await loadEach('benchmarks', patterns, options);
    return { report: { benchmarks: joined(results.map((r) => r.benchmarks)) }, files };
}

;// CONCATENATED MODULE: ./packages/reports/src/index.ts












/***/ })

};
