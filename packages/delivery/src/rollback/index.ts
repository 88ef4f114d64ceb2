export * from './adapters';
export { GitError } from './git';
export { githubPulls } from './github-pulls';
export * from './inputs';
export * from './plan';
export * from './report';
export * from './revert-pr';
export * from './step';
