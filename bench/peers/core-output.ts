// The named peer for cold start: an action that only loads @actions/core and sets one output.
// Bundled with ncc the way our actions are, so the difference to our bundle is our own code.
import * as core from '../../packages/toolkit/node_modules/@actions/core/lib/core.js';

core.setOutput('passed', 'true');
