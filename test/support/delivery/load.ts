// The load generator lives in the product's demo module (ccm demo sends its traffic with it).
export * from '../../../packages/delivery/src/demo/load';
