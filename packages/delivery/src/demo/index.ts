/**
 * What `ccm demo` starts to show canary-deploy and rollback on one machine: two small services, steady
 * traffic, HAProxy where it is installed, and the built-in local proxy where it is not. The delivery
 * tests start the same parts (test/support/delivery re-exports them).
 */
export { LocalProxyRouter } from '../routers/local';
export { type HaproxyServer, startHaproxy } from './haproxy';
export { type LoadGenerator, type LoadReport, startLoad } from './load';
export { freePort, startServerProcess } from './process';
export { type Behaviour, type Service, startService } from './service';
