export * from '../hashing/hash-files';
export * from './explain';
export * from './fingerprint';
export * from './fingerprint-manifest';
export * from './fingerprint-runtimes';
export * from './result-files';
