export const id = 934;
export const ids = [934];
export const modules = {

/***/ 59934:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   verifyStep: () => (/* binding */ verifyStep)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _ccm_toolkit__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(60612);
/* harmony import */ var _signing_trusted_root__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(15168);
/* harmony import */ var _signing_verify__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(18523);
/* harmony import */ var _context__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(37272);





/** mode: verify — a bundle against an artifact or digest; the signer; provenance subjects. Fails naming the check. */
async function verifyStep(runtime, context, inputs) {
    const root = inputs['working-directory']
        ? (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(context.workspace, inputs['working-directory'])
        : context.workspace;
    if (!inputs.bundle)
        throw new _ccm_toolkit__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz('bundle', 'is required with mode: verify');
    if (!inputs.artifact)
        throw new _ccm_toolkit__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz('artifact', 'is required with mode: verify (a path, or sha256:<hex>)');
    const artifact = /^sha256:[0-9a-f]{64}$/i.test(inputs.artifact)
        ? { digest: inputs.artifact.toLowerCase() }
        : { path: (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(root, inputs.artifact) };
    const policy = {};
    if (inputs['trusted-root'])
        policy.trustedRoot = await (0,_signing_trusted_root__WEBPACK_IMPORTED_MODULE_2__/* .loadTrustedRoot */ .KE)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(root, inputs['trusted-root']));
    if (inputs['public-key'])
        policy.publicKey = (0,_context__WEBPACK_IMPORTED_MODULE_4__/* .readPem */ .Je)(inputs['public-key'], 'public-key', root);
    if (inputs['certificate-identity'])
        policy.certificateIdentity = identityPattern(inputs['certificate-identity']);
    if (inputs['certificate-oidc-issuer'])
        policy.certificateIssuer = inputs['certificate-oidc-issuer'];
    const expect = {
        ...(inputs['provenance-repository'] ? { repository: inputs['provenance-repository'] } : {}),
        ...(inputs['provenance-workflow'] ? { workflowPath: inputs['provenance-workflow'] } : {}),
        ...(inputs['provenance-ref'] ? { ref: inputs['provenance-ref'] } : {}),
    };
    if (Object.keys(expect).length > 0)
        policy.expect = expect;
    const result = await (0,_signing_verify__WEBPACK_IMPORTED_MODULE_3__/* .verifyBundleFile */ .Qs)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(root, inputs.bundle), artifact, policy);
    (0,_signing_verify__WEBPACK_IMPORTED_MODULE_3__/* .assertVerified */ .vO)(result);
    runtime.setOutput('digests', JSON.stringify({ [inputs.artifact]: result.digest }));
    runtime.setOutput('bundle-paths', JSON.stringify([(0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(root, inputs.bundle)]));
    runtime.setOutput('sbom-path', '');
    const rows = [
        ['Artifact', (0,_ccm_toolkit__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(inputs.artifact)],
        ['Digest', (0,_ccm_toolkit__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(result.digest)],
        ['Signed with', result.mode === 'key' ? 'a key pair' : 'Sigstore keyless'],
        ...(result.identity?.subjectAlternativeName ? [['Identity', (0,_ccm_toolkit__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(result.identity.subjectAlternativeName)]] : []),
        ...(result.identity?.issuer ? [['Issuer', (0,_ccm_toolkit__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(result.identity.issuer)]] : []),
        ...(result.statement ? [['Attestation', (0,_ccm_toolkit__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(result.statement.predicateType)]] : []),
    ];
    await runtime.writeSummary(`## ✅ sbom-sign: verified\n\n${(0,_ccm_toolkit__WEBPACK_IMPORTED_MODULE_1__/* .table */ .tp)(['Check', 'Value'], rows)}\n`);
    runtime.log.info(`verified ${inputs.artifact} (${result.digest})`);
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
