// The HAProxy starter lives in the product's demo module (ccm demo routes through it).
export * from '../../../packages/delivery/src/demo/haproxy';
