export const id = 196;
export const ids = [196,422];
export const modules = {

/***/ 42041:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DirectoryArtifactStore: () => (/* reexport */ DirectoryArtifactStore),
  GitHubArtifactStore: () => (/* reexport */ GitHubArtifactStore),
  t2: () => (/* reexport */ fetchArtifact),
  m: () => (/* reexport */ parseDigest),
  DR: () => (/* reexport */ promoteArtifact)
});

// UNUSED EXPORTS: DigestMismatchError, UnknownDigestError, fileDigest

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./packages/toolkit/src/index.ts + 7 modules
var src = __webpack_require__(42274);
// EXTERNAL MODULE: ./packages/toolkit/src/errors.ts
var errors = __webpack_require__(38178);
;// CONCATENATED MODULE: ./packages/cache/src/promote/digest.ts




const DIGEST = /^sha256:[0-9a-f]{64}$/;
/** `sha256:<64 lowercase hex>`, the one digest form promotion writes and accepts. */
function parseDigest(text, input = 'digest') {
    const digest = text.trim();
    if (DIGEST.test(digest))
        return digest;
    const shown = digest.length > 80 ? `${digest.slice(0, 80)}...` : digest;
    throw new src/* InputError */.dz(input, `expected sha256:<64 lowercase hex digits>, got '${shown}'`);
}
/** The hex part of a parsed digest, for names and paths. */
function digestHex(digest) {
    return parseDigest(digest).slice('sha256:'.length);
}
/** The sha256 of a file, read as a stream so an artifact of any size costs constant memory. */
async function fileDigest(file) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let bytes = 0;
    try {
        for await (const chunk of (0,external_node_fs_.createReadStream)(file)) {
            hash.update(chunk);
            bytes += chunk.length;
        }
    }
    catch (error) {
        throw new errors/* FileError */.f6({ file }, `cannot read artifact: ${error.code ?? error}`);
    }
    return { digest: `sha256:${hash.digest('hex')}`, bytes };
}
/**
 * Bytes that do not hash to the digest they were asked for by: tampered with or corrupted in the store.
 * Never the user's input to fix, so a plain Error (reported with its stack) rather than a ConfigurationError.
 */
class DigestMismatchError extends Error {
    name = 'DigestMismatchError';
    expected;
    actual;
    store;
    constructor(expected, actual, store) {
        super(`artifact from ${store} does not match its digest: expected ${expected}, got ${actual}; the stored bytes changed after promotion, refusing to use them`);
        this.expected = expected;
        this.actual = actual;
        this.store = store;
    }
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(46466);
;// CONCATENATED MODULE: ./packages/cache/src/promote/directory-store.ts








/**
 * Artifacts in a folder as `<root>/artifacts/sha256/<hex>`, for self-hosted runners and the CLI.
 * A put writes a temp file beside its target and links it into place: a reader never sees a partial
 * file, and of two concurrent writers of one digest exactly one stores it.
 */
class DirectoryArtifactStore {
    description;
    folder;
    constructor(root) {
        this.description = `dir:${root}`;
        this.folder = (0,external_node_path_.join)(root, 'artifacts', 'sha256');
    }
    async put(file, digest) {
        const target = this.pathOf(digest);
        if (await exists(target))
            return false;
        await (0,promises_.mkdir)(this.folder, { recursive: true });
        const temp = `${target}.${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.tmp`;
        try {
            // Hash while copying: a file rewritten since its digest was taken must not be stored under it.
            const actual = await copyHashing(file, temp);
            if (actual !== digest) {
                throw new errors/* FileError */.f6({ file }, `changed while it was being promoted: expected ${digest}, copied bytes hash to ${actual}`);
            }
            return await linkIntoPlace(temp, target);
        }
        finally {
            await (0,promises_.rm)(temp, { force: true });
        }
    }
    async get(digest, destination) {
        try {
            await (0,promises_.copyFile)(this.pathOf(digest), destination);
            return true;
        }
        catch (error) {
            if (error.code === 'ENOENT' && !(await exists(this.pathOf(digest))))
                return false;
            throw error;
        }
    }
    pathOf(digest) {
        return (0,external_node_path_.join)(this.folder, digestHex(digest));
    }
}
/** Copies source to a new file at target and returns the `sha256:` digest of the bytes written. */
async function copyHashing(source, target) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    const tap = new external_node_stream_.Transform({
        transform(chunk, _encoding, done) {
            hash.update(chunk);
            done(null, chunk);
        },
    });
    await (0,external_node_stream_promises_.pipeline)((0,external_node_fs_.createReadStream)(source), tap, (0,external_node_fs_.createWriteStream)(target, { flags: 'wx' }));
    return `sha256:${hash.digest('hex')}`;
}
/**
 * link() fails when the target exists, so the first writer wins and a later one learns it lost
 * (rename would silently replace). Where hard links are unsupported, rename: same bytes either way.
 */
async function linkIntoPlace(temp, target) {
    try {
        await (0,promises_.link)(temp, target);
        return true;
    }
    catch (error) {
        const code = error.code;
        if (code === 'EEXIST')
            return false;
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV')
            throw error;
    }
    if (await exists(target))
        return false;
    await (0,promises_.rename)(temp, target);
    return true;
}
async function exists(path) {
    try {
        await (0,promises_.stat)(path);
        return true;
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return false;
        throw error;
    }
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: ./node_modules/.pnpm/@actions+artifact@6.2.1_bare-buffer@3.7.3/node_modules/@actions/artifact/lib/artifact.js + 93 modules
var artifact = __webpack_require__(85172);
;// CONCATENATED MODULE: ./packages/cache/src/promote/github-store.ts






/** The artifact name for a digest: names are unique per run, which makes a second upload a no-op. */
function artifactName(digest) {
    return `ccm-promote-sha256-${digestHex(digest)}`;
}
/**
 * Artifacts of the workflow run through the real @actions/artifact client: one artifact per digest
 * holding the one file, uploaded raw (skipArchive) so the stored bytes are the file's bytes, and
 * downloaded without decompression. With token, runId and repository, get() reads another run's
 * artifacts through the REST API (findBy); put() always writes to the current run.
 */
class GitHubArtifactStore {
    description;
    client = new artifact/* DefaultArtifactClient */.t9();
    find;
    constructor(options = {}) {
        this.find = findOptions(options);
        this.description = this.find.findBy
            ? `github (run ${options.runId} of ${options.repository})`
            : 'github (artifacts of this run)';
    }
    async put(file, digest) {
        const name = artifactName(digest);
        if ((await this.lookup(name, {})) !== undefined)
            return false;
        // skipArchive names the artifact after the file: stage a link under the artifact's name.
        const staging = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'ccm-promote-'));
        try {
            const staged = (0,external_node_path_.join)(staging, name);
            await stage((0,external_node_path_.resolve)(file), staged);
            let uploaded;
            try {
                uploaded = await this.client.uploadArtifact(name, [staged], staging, { skipArchive: true });
            }
            catch (error) {
                // 409: a concurrent job created this name first; it is storing the same bytes.
                if (error instanceof Error && error.message.includes('(409)'))
                    return false;
                throw error;
            }
            if (uploaded.digest !== undefined && `sha256:${uploaded.digest}` !== digest) {
                // The file changed between hashing and uploading: never leave wrong bytes under this name.
                await this.client.deleteArtifact(name).catch(() => undefined);
                throw new errors/* FileError */.f6({ file }, `changed while it was being promoted: expected ${digest}, uploaded bytes hash to sha256:${uploaded.digest}`);
            }
            return true;
        }
        finally {
            await (0,promises_.rm)(staging, { recursive: true, force: true });
        }
    }
    async get(digest, destination) {
        const artifact = await this.lookup(artifactName(digest), this.find);
        if (artifact === undefined)
            return false;
        // A folder beside destination: the client writes a file named by the server into it.
        const download = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_path_.dirname)(destination), '.ccm-artifact-'));
        try {
            await this.client.downloadArtifact(artifact.id, { ...this.find, path: download, skipDecompress: true });
            const files = await (0,promises_.readdir)(download);
            if (files.length !== 1) {
                throw new Error(`artifact ${artifact.name} (id ${artifact.id}) held ${files.length} files, expected 1`);
            }
            await (0,promises_.rename)((0,external_node_path_.join)(download, files[0]), destination);
            return true;
        }
        finally {
            await (0,promises_.rm)(download, { recursive: true, force: true });
        }
    }
    async lookup(name, find) {
        try {
            return (await this.client.getArtifact(name, find)).artifact;
        }
        catch (error) {
            if (error instanceof Error && error.name === 'ArtifactNotFoundError')
                return undefined;
            throw error;
        }
    }
}
/** A symlink costs nothing (the client follows it); Windows without the privilege gets a copy. */
async function stage(file, staged) {
    try {
        await (0,promises_.symlink)(file, staged);
    }
    catch {
        await (0,promises_.copyFile)(file, staged);
    }
}
function findOptions({ token, runId, repository }) {
    const given = [token, runId, repository].filter((value) => value !== undefined && value !== '').length;
    if (given === 0)
        return {};
    if (given !== 3) {
        throw new errors/* ConfigurationError */.j1('finding an artifact of another run needs all three of token, run id and repository');
    }
    const [owner, repo, ...rest] = repository.split('/');
    if (!owner || !repo || rest.length > 0) {
        throw new errors/* ConfigurationError */.j1(`repository: expected owner/name, got '${repository}'`);
    }
    return { findBy: { token: token, workflowRunId: runId, repositoryOwner: owner, repositoryName: repo } };
}

;// CONCATENATED MODULE: ./packages/cache/src/promote/promote.ts





/** No artifact under this digest: never promoted, expired, or promoted to another store. */
class UnknownDigestError extends errors/* ConfigurationError */.j1 {
    name = 'UnknownDigestError';
    digest;
    constructor(digest, store) {
        super(`no artifact with digest ${digest} in ${store}: was it promoted to this store, and has it not expired?`);
        this.digest = digest;
    }
}
/** Stores the file once under its sha256 digest (build once, promote the same bytes everywhere). */
async function promoteArtifact(file, store) {
    const { digest, bytes } = await fileDigest(file);
    const stored = await store.put(file, digest);
    return { digest, bytes, stored };
}
/**
 * Fetches by digest to a temp file beside destination, verifies sha256 byte for byte, and renames into
 * place only on a match, so nothing unverified or half-written is ever at destination.
 */
async function fetchArtifact(digest, destination, store) {
    const expected = parseDigest(digest);
    await (0,promises_.mkdir)((0,external_node_path_.dirname)(destination), { recursive: true });
    // Beside destination, so the final rename stays on one file system and is atomic.
    const temp = (0,external_node_path_.join)((0,external_node_path_.dirname)(destination), `.${(0,external_node_path_.basename)(destination)}.${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.fetch`);
    try {
        if (!(await store.get(expected, temp)))
            throw new UnknownDigestError(expected, store.description);
        const { digest: actual, bytes } = await fileDigest(temp);
        if (actual !== expected)
            throw new DigestMismatchError(expected, actual, store.description);
        await (0,promises_.rename)(temp, destination);
        return { bytes };
    }
    finally {
        await (0,promises_.rm)(temp, { force: true, recursive: true });
    }
}

;// CONCATENATED MODULE: ./packages/cache/src/promote/index.ts






/***/ }),

/***/ 61196:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   promoteStep: () => (/* binding */ promoteStep)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _ccm_toolkit__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(42274);
/* harmony import */ var _promote_index__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(42041);
/* harmony import */ var _context__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(62199);




/** `mode: promote`: store the artifact once under its digest, or fetch a digest and verify it byte for byte. */
async function promoteStep(runtime, context, inputs, store) {
    if (!inputs.artifact) {
        throw new _ccm_toolkit__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz('artifact', 'is required with mode: promote (the file to store, or where to write a fetched one)');
    }
    const path = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)((0,_context__WEBPACK_IMPORTED_MODULE_3__/* .workingRoot */ .qW)(context, inputs), inputs.artifact);
    if (inputs.digest) {
        const digest = (0,_promote_index__WEBPACK_IMPORTED_MODULE_2__/* .parseDigest */ .m)(inputs.digest, 'digest');
        const { bytes } = await (0,_promote_index__WEBPACK_IMPORTED_MODULE_2__/* .fetchArtifact */ .t2)(digest, path, store);
        runtime.setOutput('digest', digest);
        runtime.log.info(`fetched ${digest} from ${store.description} to ${path}: ${bytes} bytes, verified`);
        await runtime.writeSummary(`## 🚚 cache: promoted artifact fetched\n\n${(0,_ccm_toolkit__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(digest)} → ${(0,_ccm_toolkit__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(inputs.artifact)} (${bytes} bytes), verified byte for byte.\n`);
        return { digest, bytes };
    }
    const { digest, bytes, stored } = await (0,_promote_index__WEBPACK_IMPORTED_MODULE_2__/* .promoteArtifact */ .DR)(path, store);
    runtime.setOutput('digest', digest);
    runtime.log.info(stored
        ? `stored ${inputs.artifact} as ${digest} in ${store.description} (${bytes} bytes)`
        : `${digest} is already in ${store.description}: built once, not stored again`);
    await runtime.writeSummary(`## 🚚 cache: artifact ${stored ? 'stored' : 'already stored'}\n\n${(0,_ccm_toolkit__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(inputs.artifact)} is ${(0,_ccm_toolkit__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(digest)} (${bytes} bytes). Later jobs fetch it with \`mode: promote\`, \`digest: ${digest}\`.\n`);
    return { digest, bytes };
}


/***/ })

};
