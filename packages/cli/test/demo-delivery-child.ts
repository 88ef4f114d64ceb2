// Runs the demo's delivery stages through HAProxy in a process of its own, for the test that stops it midway.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deliveryStages, HAPROXY } from '../src/demo-delivery';

const out = mkdtempSync(join(tmpdir(), 'ccm-demo-delivery-child-'));
await deliveryStages({ out, print: (line) => process.stdout.write(`${line}\n`), haproxy: HAPROXY });
