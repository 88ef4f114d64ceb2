export const id = 697;
export const ids = [697];
export const modules = {

/***/ 97697:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  verifyStep: () => (/* binding */ verifyStep)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./packages/toolkit/src/index.ts + 6 modules
var src = __webpack_require__(78603);
;// CONCATENATED MODULE: ./packages/supply-chain/src/signing/identity-pattern.ts

/**
 * The expected signer of a keyless bundle (`certificate-identity`), as the user wrote it. A value
 * is matched exactly, unless it is written between slashes (`/^https://github\.com/org/.*$/`): then
 * it is a regular expression over the whole certificate identity, anchored as `^(?:...)$` whether or
 * not it says so. An empty value, `//`, and a pattern that an empty identity would match (`/.*\/`)
 * are refused: each would accept signers nobody meant.
 */
function identityPattern(text, input = 'certificate-identity') {
    if (text.trim() === '')
        throw new src/* InputError */.dz(input, 'is empty: give the exact signer identity, or /regex/');
    const match = /^\/(.*)\/$/s.exec(text);
    if (!match)
        return text;
    const body = match[1];
    if (body.trim() === '')
        throw new src/* InputError */.dz(input, `'${text}' is an empty regular expression: it would match any signer`);
    let pattern;
    try {
        pattern = new RegExp(`^(?:${body})$`);
    }
    catch (error) {
        throw new src/* InputError */.dz(input, `'${text}' is not a valid regular expression: ${error.message}`);
    }
    if (pattern.test('')) {
        throw new src/* InputError */.dz(input, `'${text}' matches an empty identity, so it would accept any signer: name the identity`);
    }
    return pattern;
}

// EXTERNAL MODULE: ./packages/supply-chain/src/signing/trusted-root.ts + 1 modules
var trusted_root = __webpack_require__(15168);
// EXTERNAL MODULE: ./packages/supply-chain/src/signing/verify.ts + 15 modules
var verify = __webpack_require__(22946);
// EXTERNAL MODULE: ./packages/supply-chain/src/step/context.ts
var step_context = __webpack_require__(37272);
;// CONCATENATED MODULE: ./packages/supply-chain/src/step/verify.ts






/** mode: verify — a bundle against an artifact or digest; the signer; provenance subjects. Fails naming the check. */
async function verifyStep(runtime, context, inputs) {
    const root = (0,step_context/* workingRoot */.qW)(context, inputs);
    if (!inputs.bundle)
        throw new src/* InputError */.dz('bundle', 'is required with mode: verify');
    if (!inputs.artifact)
        throw new src/* InputError */.dz('artifact', 'is required with mode: verify (a path, or sha256:<hex>)');
    const bundle = (0,external_node_path_.resolve)(root, inputs.bundle);
    const result = await (0,verify/* verifyBundleFile */.Qs)(bundle, artifactOf(inputs.artifact, root), await policyOf(inputs, root));
    (0,verify/* assertVerified */.vO)(result);
    runtime.setOutput('digests', JSON.stringify({ [inputs.artifact]: result.digest }));
    runtime.setOutput('bundle-paths', JSON.stringify([bundle]));
    runtime.setOutput('sbom-path', '');
    await runtime.writeSummary(renderVerified(inputs.artifact, result));
    runtime.log.info(`verified ${inputs.artifact} (${result.digest})`);
}
function artifactOf(value, root) {
    return /^sha256:[0-9a-f]{64}$/i.test(value) ? { digest: value.toLowerCase() } : { path: (0,external_node_path_.resolve)(root, value) };
}
/** Only what was given: every check the inputs ask for, nothing assumed. */
async function policyOf(inputs, root) {
    const policy = {};
    if (inputs['trusted-root'])
        policy.trustedRoot = await (0,trusted_root/* loadTrustedRoot */.KE)((0,external_node_path_.resolve)(root, inputs['trusted-root']));
    if (inputs['public-key'])
        policy.publicKey = (0,step_context/* readPem */.Je)(inputs['public-key'], 'public-key', root);
    if (inputs['certificate-identity'])
        policy.certificateIdentity = identityPattern(inputs['certificate-identity']);
    if (inputs['certificate-oidc-issuer'])
        policy.certificateIssuer = inputs['certificate-oidc-issuer'];
    if (inputs['require-tlog'] !== 'auto')
        policy.requireTlog = inputs['require-tlog'] === 'true';
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
    const optional = (label, value) => (value ? [[label, (0,src/* code */.aY)(value)]] : []);
    const rows = [
        ['Artifact', (0,src/* code */.aY)(artifact)],
        ['Digest', (0,src/* code */.aY)(result.digest)],
        ['Signed with', result.mode === 'key' ? 'a key pair' : 'Sigstore keyless'],
        ...optional('Identity', result.identity?.subjectAlternativeName),
        ...optional('Issuer', result.identity?.issuer),
        ...optional('Attestation', result.statement?.predicateType),
    ];
    return `## ✅ sbom-sign: verified\n\n${(0,src/* table */.tp)(['Check', 'Value'], rows)}\n`;
}


/***/ })

};
