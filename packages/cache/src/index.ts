export * from './dependencies/index';
export * from './inputs';
export * from './step/index';
export * from './store/store';
export * from './test-results/index';
