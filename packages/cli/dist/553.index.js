export const id = 553;
export const ids = [553];
export const modules = {

/***/ 59934:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   verifyStep: () => (/* binding */ verifyStep)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _ccm_toolkit__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73339);
/* harmony import */ var _signing_trusted_root__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(15168);
/* harmony import */ var _signing_verify__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(22946);
/* harmony import */ var _context__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(37272);





/** mode: verify — a bundle against an artifact or digest; the signer; provenance subjects. Fails naming the check. */
async function verifyStep(runtime, context, inputs) {
    const root = (0,_context__WEBPACK_IMPORTED_MODULE_4__/* .workingRoot */ .qW)(context, inputs);
    if (!inputs.bundle)
        throw new _ccm_toolkit__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz('bundle', 'is required with mode: verify');
    if (!inputs.artifact)
        throw new _ccm_toolkit__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz('artifact', 'is required with mode: verify (a path, or sha256:<hex>)');
    const bundle = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(root, inputs.bundle);
    const result = await (0,_signing_verify__WEBPACK_IMPORTED_MODULE_3__/* .verifyBundleFile */ .Qs)(bundle, artifactOf(inputs.artifact, root), await policyOf(inputs, root));
    (0,_signing_verify__WEBPACK_IMPORTED_MODULE_3__/* .assertVerified */ .vO)(result);
    runtime.setOutput('digests', JSON.stringify({ [inputs.artifact]: result.digest }));
    runtime.setOutput('bundle-paths', JSON.stringify([bundle]));
    runtime.setOutput('sbom-path', '');
    await runtime.writeSummary(renderVerified(inputs.artifact, result));
    runtime.log.info(`verified ${inputs.artifact} (${result.digest})`);
}
function artifactOf(value, root) {
    return /^sha256:[0-9a-f]{64}$/i.test(value) ? { digest: value.toLowerCase() } : { path: (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(root, value) };
}
/** Only what was given: every check the inputs ask for, nothing assumed. */
async function policyOf(inputs, root) {
    const policy = {};
    if (inputs['trusted-root'])
        policy.trustedRoot = await (0,_signing_trusted_root__WEBPACK_IMPORTED_MODULE_2__/* .loadTrustedRoot */ .KE)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(root, inputs['trusted-root']));
    if (inputs['public-key'])
        policy.publicKey = (0,_context__WEBPACK_IMPORTED_MODULE_4__/* .readPem */ .Je)(inputs['public-key'], 'public-key', root);
    if (inputs['certificate-identity'])
        policy.certificateIdentity = identityPattern(inputs['certificate-identity']);
    if (inputs['certificate-oidc-issuer'])
        policy.certificateIssuer = inputs['certificate-oidc-issuer'];
    const expect = Object.fromEntries([
        ['repository', inputs['provenance-repository']],
        ['workflowPath', inputs['provenance-workflow']],
        ['ref', inputs['provenance-ref']],
    ].filter(([, value]) => value));
    if (expect && Object.keys(expect).length > 0)
        policy.expect = expect;
    return policy;
}
function renderVerified(artifact, result) {
    const optional = (label, value) => (value ? [[label, (0,_ccm_toolkit__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(value)]] : []);
    const rows = [
        ['Artifact', (0,_ccm_toolkit__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(artifact)],
        ['Digest', (0,_ccm_toolkit__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(result.digest)],
        ['Signed with', result.mode === 'key' ? 'a key pair' : 'Sigstore keyless'],
        ...optional('Identity', result.identity?.subjectAlternativeName),
        ...optional('Issuer', result.identity?.issuer),
        ...optional('Attestation', result.statement?.predicateType),
    ];
    return `## ✅ sbom-sign: verified\n\n${(0,_ccm_toolkit__WEBPACK_IMPORTED_MODULE_1__/* .table */ .tp)(['Check', 'Value'], rows)}\n`;
}
/** `/regexp/` matches the identity by regular expression, anything else exactly. */
function identityPattern(text) {
    const match = /^\/(.*)\/$/.exec(text);
    if (!match)
        return text;
    try {
        return new RegExp(match[1]);
    }
    catch (error) {
        throw new _ccm_toolkit__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz('certificate-identity', `not a valid regular expression: ${error.message}`);
    }
}


/***/ })

};
