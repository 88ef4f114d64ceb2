export * from './docs';
export * from './errors';
export * from './inputs';
export * from './markdown';
export * from './outputs';
export * from './project-tree';
export * from './runtime';
