// The server-process helpers live in the product's demo module (ccm demo starts HAProxy with them).
export * from '../../../packages/delivery/src/demo/process';
