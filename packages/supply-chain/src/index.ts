export * from './inputs';
export * from './sbom/index';
export * from './signing/index';
export * from './step/index';
