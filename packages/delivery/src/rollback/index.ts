export * from './adapters';
export * from './inputs';
export * from './plan';
export * from './report';
export * from './step';
