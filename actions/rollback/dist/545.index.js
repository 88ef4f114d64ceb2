export const id = 545;
export const ids = [545];
export const modules = {

/***/ 1545:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GatewayApiRouter: () => (/* binding */ GatewayApiRouter)
/* harmony export */ });
/* harmony import */ var _ccm_toolkit_errors__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8178);
/* harmony import */ var _kubernetes_client_node__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6909);
/* harmony import */ var _ports__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5871);
/* harmony import */ var _weights__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8032);




const ROUTE = { group: 'gateway.networking.k8s.io', version: 'v1', plural: 'httproutes' };
const BACKEND_INPUT = { stable: 'stable-backend', canary: 'canary-backend' };
/** How long setWeight waits for the Gateway controller to accept the new generation of the route. */
const ACCEPT_TIMEOUT_MS = 30_000;
const ATTEMPTS = 3;
/**
 * Kubernetes Gateway API: the HTTPRoute's `backendRefs[].weight` through @kubernetes/client-node's
 * CustomObjectsApi. Every rule that lists both backends gets stable 100 - p and canary p (the API
 * takes 0 to 1,000,000; a weight of 0 sends nothing). The change is one JSON Patch that first tests
 * the route's resourceVersion, so an edit by someone else in between is never overwritten (the
 * router reads again and retries). setWeight resolves once every parent Gateway reports the route
 * Accepted at the new generation, which is when its controller has taken the split.
 */
class GatewayApiRouter {
    settings;
    name = 'gateway-api';
    api;
    constructor(settings) {
        this.settings = settings;
        const config = new _kubernetes_client_node__WEBPACK_IMPORTED_MODULE_1__/* .KubeConfig */ .ypW();
        try {
            if (settings.kubeconfig)
                config.loadFromFile(settings.kubeconfig);
            else
                config.loadFromDefault();
        }
        catch (error) {
            throw new _ccm_toolkit_errors__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`kubeconfig: cannot load ${settings.kubeconfig ?? 'the default kubeconfig'}: ${message(error)}`);
        }
        if (!config.getCurrentCluster())
            throw new _ccm_toolkit_errors__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`kubeconfig: ${settings.kubeconfig ?? 'the default kubeconfig'} has no current cluster`);
        this.api = config.makeApiClient(_kubernetes_client_node__WEBPACK_IMPORTED_MODULE_1__/* .CustomObjectsApi */ .aVm);
    }
    async check() {
        const route = await this.read(_ccm_toolkit_errors__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1);
        this.rules(route, _ccm_toolkit_errors__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1);
        if ((route.status?.parents ?? []).length === 0) {
            throw new _ccm_toolkit_errors__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`http-route: ${this.routeName()} is not attached to any Gateway (status.parents is empty)`);
        }
    }
    async weight() {
        const route = await this.read(_ports__WEBPACK_IMPORTED_MODULE_2__/* .ProviderError */ .m);
        const [first] = this.rules(route, _ports__WEBPACK_IMPORTED_MODULE_2__/* .ProviderError */ .m);
        const refs = route.spec.rules[first].backendRefs;
        const weightOf = (track) => refs.find((ref) => ref.name === this.backend(track))?.weight ?? 1;
        const percent = (0,_weights__WEBPACK_IMPORTED_MODULE_3__/* .canaryPercentOf */ .h)({ stable: weightOf('stable'), canary: weightOf('canary') });
        if (percent === undefined)
            throw new _ports__WEBPACK_IMPORTED_MODULE_2__/* .ProviderError */ .m(`gateway-api: both backends of ${this.routeName()} have weight 0`);
        return percent;
    }
    async setWeight(canaryPercent) {
        const weights = (0,_weights__WEBPACK_IMPORTED_MODULE_3__/* .splitWeights */ .Q)(canaryPercent);
        for (let attempt = 1;; attempt++) {
            const route = await this.read(_ports__WEBPACK_IMPORTED_MODULE_2__/* .ProviderError */ .m);
            const patch = [
                { op: 'test', path: '/metadata/resourceVersion', value: route.metadata.resourceVersion },
            ];
            for (const rule of this.rules(route, _ports__WEBPACK_IMPORTED_MODULE_2__/* .ProviderError */ .m)) {
                route.spec.rules[rule].backendRefs.forEach((ref, index) => {
                    const track = ['stable', 'canary'].find((t) => this.backend(t) === ref.name);
                    if (track)
                        patch.push({ op: 'add', path: `/spec/rules/${rule}/backendRefs/${index}/weight`, value: weights[track] });
                });
            }
            try {
                const patched = (await this.api.patchNamespacedCustomObject({ ...ROUTE, namespace: this.settings.namespace, name: this.settings.route, body: patch }, (0,_kubernetes_client_node__WEBPACK_IMPORTED_MODULE_1__/* .setHeaderOptions */ .OkF)('Content-Type', _kubernetes_client_node__WEBPACK_IMPORTED_MODULE_1__/* .PatchStrategy */ .Qve.JsonPatch)));
                await this.accepted(patched.metadata.generation ?? 0);
                return;
            }
            catch (error) {
                // The route changed since it was read (the test op failed): read it again.
                const conflict = error instanceof _kubernetes_client_node__WEBPACK_IMPORTED_MODULE_1__/* .ApiException */ .UJ4 && (error.code === 409 || error.code === 422);
                if (!conflict || attempt >= ATTEMPTS)
                    throw this.failure(error, _ports__WEBPACK_IMPORTED_MODULE_2__/* .ProviderError */ .m);
            }
        }
    }
    /** Waits until every parent's Accepted condition is True at `generation` or later. */
    async accepted(generation) {
        const deadline = Date.now() + ACCEPT_TIMEOUT_MS;
        for (;;) {
            const parents = (await this.read(_ports__WEBPACK_IMPORTED_MODULE_2__/* .ProviderError */ .m)).status?.parents ?? [];
            const done = parents.every((parent) => parent.conditions?.some((c) => c.type === 'Accepted' && c.status === 'True' && (c.observedGeneration ?? 0) >= generation));
            if (done)
                return;
            if (Date.now() > deadline) {
                throw new _ports__WEBPACK_IMPORTED_MODULE_2__/* .ProviderError */ .m(`gateway-api: ${this.routeName()} not accepted at generation ${generation} within ${ACCEPT_TIMEOUT_MS} ms`);
            }
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
    }
    /** Indexes of the rules that list both backends; none is the user's mistake, named by the missing one. */
    rules(route, Failure) {
        const rules = route.spec?.rules ?? [];
        const holds = (i, track) => (rules[i]?.backendRefs ?? []).some((ref) => ref.name === this.backend(track));
        const both = rules.map((_rule, i) => i).filter((i) => holds(i, 'stable') && holds(i, 'canary'));
        if (both.length > 0)
            return both;
        for (const track of ['stable', 'canary']) {
            if (!rules.some((_rule, i) => holds(i, track))) {
                throw new Failure(`${BACKEND_INPUT[track]}: ${this.routeName()} has no backendRef named "${this.backend(track)}"`);
            }
        }
        throw new Failure(`http-route: no rule of ${this.routeName()} lists both ${this.backend('stable')} and ${this.backend('canary')}`);
    }
    async read(Failure) {
        try {
            const route = (await this.api.getNamespacedCustomObject({
                ...ROUTE,
                namespace: this.settings.namespace,
                name: this.settings.route,
            }));
            if (typeof route !== 'object' || route === null || typeof route.spec !== 'object') {
                throw new _ports__WEBPACK_IMPORTED_MODULE_2__/* .ProviderError */ .m(`gateway-api: ${this.routeName()}: the API server answered something that is not an HTTPRoute`);
            }
            return route;
        }
        catch (error) {
            throw this.failure(error, Failure);
        }
    }
    /** 404, 401 and 403 are the user's to fix whenever they happen; anything else is `Failure`. */
    failure(error, Failure) {
        if (error instanceof _ports__WEBPACK_IMPORTED_MODULE_2__/* .ProviderError */ .m)
            return error;
        if (error instanceof _kubernetes_client_node__WEBPACK_IMPORTED_MODULE_1__/* .ApiException */ .UJ4) {
            if (error.code === 404)
                return new _ccm_toolkit_errors__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`http-route: HTTPRoute ${this.routeName()} not found`);
            if (error.code === 401 || error.code === 403) {
                return new _ccm_toolkit_errors__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`kubeconfig: the API server refused access to ${this.routeName()} (HTTP ${error.code})`);
            }
            return new Failure(`gateway-api: ${this.routeName()}: HTTP ${error.code}: ${statusMessage(error.body)}`);
        }
        return new Failure(`gateway-api: cannot reach the API server: ${message(error)}`);
    }
    backend(track) {
        return track === 'stable' ? this.settings.stableBackend : this.settings.canaryBackend;
    }
    routeName() {
        return `${this.settings.namespace}/${this.settings.route}`;
    }
}
/** The API server's errors are a Status object (`{kind: "Status", message}`); anything else is shown short. */
function statusMessage(body) {
    if (typeof body === 'string') {
        try {
            return statusMessage(JSON.parse(body));
        }
        catch {
            return body.slice(0, 200);
        }
    }
    if (typeof body === 'object' && body !== null && 'message' in body)
        return String(body.message).slice(0, 200);
    return String(body).slice(0, 200);
}
function message(error) {
    return error instanceof Error ? error.message : String(error);
}


/***/ })

};
